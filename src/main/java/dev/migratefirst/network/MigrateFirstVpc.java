package dev.migratefirst.network;

import static dev.migratefirst.internal.Validation.check;
import static dev.migratefirst.internal.Validation.isKnown;
import static dev.migratefirst.internal.Validation.range;

import dev.migratefirst.internal.EncryptionKeys;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.FlowLog;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogResourceType;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The network of a MigrateFirst app: a VPC over 2 (or more) availability zones with three subnet groups,
 * selected by name so they mean the same with either egress choice:
 * <ul>
 *   <li>{@value #PUBLIC_SUBNETS}: NAT gateways and public load balancers; only with {@link Egress#NAT_GATEWAY}
 *       or {@code publicSubnets(true)}, so with {@link Egress#NONE} no subnet routes to an internet gateway
 *       (there is none);</li>
 *   <li>{@value #APPLICATION_SUBNETS}: ECS tasks, the migration task, the SSM bastion, the rotation Lambda
 *       ({@code PRIVATE_WITH_EGRESS} with NAT gateways, {@code PRIVATE_ISOLATED} plus interface endpoints
 *       with {@link Egress#NONE});</li>
 *   <li>{@value #DATABASE_SUBNETS}: the database, always {@code PRIVATE_ISOLATED}.</li>
 * </ul>
 * Flow logs (all traffic) go to a CloudWatch Logs group encrypted with the construct's KMS key
 * ({@code encryptionKey}, else one it creates with rotation on). Interface endpoints are a choice: with
 * {@link Egress#NONE} the ones tasks need ({@link #TASK_ENDPOINTS}); other constructs add theirs with
 * {@link #addInterfaceEndpoint} (idempotent), e.g. {@code SsmBastion.INTERFACE_ENDPOINTS}. An existing VPC can be
 * wrapped instead; then nothing is added to it.
 *
 * <pre>{@code
 * MigrateFirstVpc network = MigrateFirstVpc.Builder.create(this, "Network").egress(Egress.NONE).build();
 * }</pre>
 */
public class MigrateFirstVpc extends Construct {

    public static final String PUBLIC_SUBNETS = "Public";
    public static final String APPLICATION_SUBNETS = "Application";
    public static final String DATABASE_SUBNETS = "Database";
    public static final String DEFAULT_CIDR = "10.0.0.0/16";
    public static final int DEFAULT_MAX_AZS = 2;

    private static final Pattern CIDR = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)/(1[6-8])");

    /**
     * What a Fargate task (image pull, awslogs, secrets injected by ECS) and the rotation Lambda need in a tier
     * without internet: ECR api and dkr, CloudWatch Logs, Secrets Manager (plus the S3 gateway endpoint,
     * always added). The default interface endpoints with {@link Egress#NONE}.
     */
    public static final List<InterfaceVpcEndpointAwsService> TASK_ENDPOINTS = List.of(
            InterfaceVpcEndpointAwsService.ECR, InterfaceVpcEndpointAwsService.ECR_DOCKER,
            InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, InterfaceVpcEndpointAwsService.SECRETS_MANAGER);

    /** Construct ids of the endpoints of earlier versions (ids are API: a new id replaces the endpoint). */
    private static final Map<String, String> ENDPOINT_IDS = Map.of(
            "ecr.api", "EcrApiEndpoint", "ecr.dkr", "EcrDockerEndpoint", "logs", "LogsEndpoint",
            "secretsmanager", "SecretsManagerEndpoint", "ssm", "SsmEndpoint", "ssmmessages", "SsmMessagesEndpoint",
            "ec2messages", "Ec2MessagesEndpoint");
    private static final List<String> IGW_ROUTE_RULES = List.of("NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW",
            "HIPAA.Security-VPCNoUnrestrictedRouteToIGW", "PCI.DSS.321-VPCNoUnrestrictedRouteToIGW");

    private final IVpc vpc;
    private final Egress egress;
    private final SubnetSelection applicationSubnets;
    private final SubnetSelection databaseSubnets;
    private final SubnetSelection publicSubnets;
    private final LogGroup flowLogGroup;
    private final FlowLog flowLog;
    private ISecurityGroup endpointSecurityGroup;
    private final Map<String, InterfaceVpcEndpoint> interfaceEndpoints = new LinkedHashMap<>();
    private final GatewayVpcEndpoint s3Endpoint;
    private final IKey encryptionKey;
    private final String cidr;
    private final boolean singleAzEndpoints;

    public MigrateFirstVpc(Construct scope, String id) {
        this(scope, id, MigrateFirstVpcProps.builder().build());
    }

    public MigrateFirstVpc(Construct scope, String id, MigrateFirstVpcProps props) {
        super(scope, id);
        MigrateFirstVpcProps p = props == null ? MigrateFirstVpcProps.builder().build() : props;
        validate(p);

        if (p.getVpc() != null) {
            this.vpc = p.getVpc();
            this.egress = null;
            this.publicSubnets = SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build();
            this.applicationSubnets = p.getApplicationSubnets() != null ? p.getApplicationSubnets()
                    : SubnetDefaults.applicationSubnets(this, vpc, "applicationSubnets");
            this.databaseSubnets = p.getDatabaseSubnets() != null ? p.getDatabaseSubnets()
                    : SubnetDefaults.databaseSubnets(this, vpc, "databaseSubnets");
            this.flowLogGroup = null;
            this.flowLog = null;
            this.s3Endpoint = null;
            this.encryptionKey = null;
            this.cidr = null;
            this.singleAzEndpoints = false;
            return;
        }

        this.egress = p.getEgress() != null ? p.getEgress() : Egress.NAT_GATEWAY;
        Number maxAzs = p.getMaxAzs() != null ? p.getMaxAzs() : DEFAULT_MAX_AZS;
        boolean nat = egress == Egress.NAT_GATEWAY;
        boolean publicTier = nat || Boolean.TRUE.equals(p.getPublicSubnets());
        this.cidr = p.getCidr() != null ? p.getCidr() : DEFAULT_CIDR;
        this.singleAzEndpoints = Boolean.TRUE.equals(p.getSingleAzEndpoints());
        List<SubnetConfiguration> tiers = new ArrayList<>();
        if (publicTier) {
            tiers.add(SubnetConfiguration.builder().name(PUBLIC_SUBNETS).subnetType(SubnetType.PUBLIC)
                    .cidrMask(24).mapPublicIpOnLaunch(false).build());
        }
        tiers.add(SubnetConfiguration.builder().name(APPLICATION_SUBNETS)
                .subnetType(nat ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED).cidrMask(20).build());
        tiers.add(SubnetConfiguration.builder().name(DATABASE_SUBNETS).subnetType(SubnetType.PRIVATE_ISOLATED)
                .cidrMask(24).build());
        // The tier CIDRs are laid out in order; without the public tier they start at the VPC's first /20, so
        // the public tier is not a later in-place addition (add it from the start when a public ALB may come).
        Vpc.Builder vpcBuilder = Vpc.Builder.create(this, "Resource")
                .ipAddresses(IpAddresses.cidr(cidr))
                .maxAzs(maxAzs)
                .natGateways(nat ? (p.getNatGateways() != null ? p.getNatGateways() : maxAzs) : 0)
                .subnetConfiguration(tiers)
                .restrictDefaultSecurityGroup(true);
        if (nat) {
            vpcBuilder.natGatewaySubnets(SubnetSelection.builder().subnetGroupName(PUBLIC_SUBNETS).build());
        }
        this.vpc = vpcBuilder.build();
        this.publicSubnets = publicTier ? SubnetSelection.builder().subnetGroupName(PUBLIC_SUBNETS).build() : null;
        if (publicTier) {
            suppressInternetGatewayRoutes(nat);
        }
        this.applicationSubnets = SubnetSelection.builder().subnetGroupName(APPLICATION_SUBNETS).build();
        this.databaseSubnets = SubnetSelection.builder().subnetGroupName(DATABASE_SUBNETS).build();

        if (p.getFlowLogs() == null || p.getFlowLogs()) {
            this.encryptionKey = EncryptionKeys.orCreate(this, "Key", p.getEncryptionKey(),
                    "Encrypts the flow log group of " + getNode().getPath());
            EncryptionKeys.allowCloudWatchLogs(encryptionKey);
            this.flowLogGroup = LogGroup.Builder.create(this, "FlowLogGroup")
                    .retention(p.getFlowLogRetention() != null ? p.getFlowLogRetention() : RetentionDays.ONE_YEAR)
                    .encryptionKey(encryptionKey)
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build();
            // The permissions AWS documents for the flow-log role, in a customer managed policy (no inline
            // policy): CDK's own grant would add an inline DefaultPolicy, so it gets the role without updates.
            Role role = Role.Builder.create(this, "FlowLogRole")
                    .assumedBy(new ServicePrincipal("vpc-flow-logs.amazonaws.com"))
                    .description("Publishes the flow logs of " + getNode().getPath() + " to its log group")
                    .build();
            ManagedPolicy.Builder.create(this, "FlowLogPolicy")
                    .description("Flow logs of " + getNode().getPath() + ": write to their log group only")
                    .roles(List.of(role))
                    .statements(List.of(PolicyStatement.Builder.create()
                            .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"))
                            .resources(List.of(flowLogGroup.getLogGroupArn()))
                            .build()))
                    .build();
            this.flowLog = FlowLog.Builder.create(this, "FlowLog")
                    .resourceType(FlowLogResourceType.fromVpc(vpc))
                    .destination(FlowLogDestination.toCloudWatchLogs(flowLogGroup, role.withoutPolicyUpdates()))
                    .trafficType(FlowLogTrafficType.ALL)
                    .build();
        } else {
            this.encryptionKey = p.getEncryptionKey();
            this.flowLogGroup = null;
            this.flowLog = null;
        }

        // Free, and the only way an isolated tier reaches ECR image layers and the AL2023 package repos. On
        // every private route table (application and database tier), so a task placed in either can pull.
        this.s3Endpoint = GatewayVpcEndpoint.Builder.create(this, "S3Endpoint")
                .vpc(vpc)
                .service(GatewayVpcEndpointAwsService.S3)
                .subnets(List.of(applicationSubnets, databaseSubnets))
                .build();

        boolean endpoints = p.getEnableInterfaceEndpoints() != null ? p.getEnableInterfaceEndpoints() : !nat;
        if (endpoints) {
            (p.getInterfaceEndpoints() != null ? p.getInterfaceEndpoints() : TASK_ENDPOINTS)
                    .forEach(this::addInterfaceEndpoint);
        }
    }

    /**
     * The interface endpoint of {@code service} in the application tier (private DNS on, HTTPS from the VPC's
     * CIDR only, in one AZ with {@code singleAzEndpoints}): the existing one when this VPC already has it, else
     * a new one. Other constructs and teams call it for what they need, e.g. {@code STEP_FUNCTIONS} and
     * {@code LAMBDA} for functions in the application tier with {@link Egress#NONE}. Each endpoint is billed
     * per AZ and hour (docs/platform.md, cost table).
     *
     * @throws dev.migratefirst.internal.ValidationException for an existing (wrapped) VPC, to which nothing is added
     */
    public InterfaceVpcEndpoint addInterfaceEndpoint(InterfaceVpcEndpointAwsService service) {
        check(cidr != null, this, "addInterfaceEndpoint", "adds nothing to an existing VPC: add the endpoint of "
                + service.getShortName() + " to that VPC yourself");
        String endpointId = endpointId(service);
        InterfaceVpcEndpoint existing = interfaceEndpoints.get(endpointId);
        if (existing != null) {
            return existing;
        }
        if (endpointSecurityGroup == null) {
            endpointSecurityGroup = SecurityGroup.Builder.create(this, "EndpointSecurityGroup")
                    .vpc(vpc)
                    .description("Interface endpoints of " + getNode().getPath() + ": HTTPS from inside the VPC")
                    .allowAllOutbound(false)
                    .build();
            // The literal CIDR (not the VPC's CidrBlock attribute) keeps the rule reviewable and checkable.
            endpointSecurityGroup.addIngressRule(Peer.ipv4(cidr), Port.tcp(443), "HTTPS to AWS APIs from inside the VPC");
        }
        SubnetSelection subnets = applicationSubnets;
        if (singleAzEndpoints) {
            ISubnet first = vpc.selectSubnets(applicationSubnets).getSubnets().get(0);
            subnets = SubnetSelection.builder().subnets(List.of(first)).build();
        }
        InterfaceVpcEndpoint endpoint = InterfaceVpcEndpoint.Builder.create(this, endpointId)
                .vpc(vpc)
                .service(service)
                .subnets(subnets)
                .securityGroups(List.of(endpointSecurityGroup))
                .privateDnsEnabled(true)
                .open(false)
                .build();
        interfaceEndpoints.put(endpointId, endpoint);
        return endpoint;
    }

    /** {@link #addInterfaceEndpoint} for each of {@code services}. */
    public void addInterfaceEndpoints(List<InterfaceVpcEndpointAwsService> services) {
        services.forEach(this::addInterfaceEndpoint);
    }

    private static String endpointId(InterfaceVpcEndpointAwsService service) {
        String shortName = service.getShortName();
        String known = ENDPOINT_IDS.get(shortName);
        if (known != null) {
            return known;
        }
        StringBuilder id = new StringBuilder();
        for (String part : shortName.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id + "Endpoint";
    }

    /**
     * The public tier's default routes go to the internet gateway by definition: NAT gateways (and public load
     * balancers) need them. Nothing else lives there (no public IP on launch; constructs refuse public subnets).
     */
    private void suppressInternetGatewayRoutes(boolean nat) {
        String reason = (nat ? "Egress NAT_GATEWAY: the NAT gateways in this public subnet reach the internet "
                + "through this route; " : "publicSubnets(true) was set for a public load balancer; ")
                + "only NAT gateways and load balancers live in the public tier (no public IP on launch, the "
                + "MigrateFirst constructs refuse public subnets), the application and database tiers have no such route.";
        for (ISubnet subnet : vpc.getPublicSubnets()) {
            software.constructs.IConstruct route = subnet.getNode().tryFindChild("DefaultRoute");
            if (route == null) {
                continue;
            }
            List<NagPackSuppression> suppressions = new ArrayList<>();
            IGW_ROUTE_RULES.forEach(rule -> suppressions.add(NagPackSuppression.builder().id(rule)
                    .reason(reason).build()));
            NagSuppressions.addResourceSuppressions(route, suppressions);
        }
    }

    private void validate(MigrateFirstVpcProps p) {
        if (p.getVpc() != null) {
            List<String> conflicting = new ArrayList<>();
            addIfSet(conflicting, "maxAzs", p.getMaxAzs());
            addIfSet(conflicting, "cidr", p.getCidr());
            addIfSet(conflicting, "egress", p.getEgress());
            addIfSet(conflicting, "natGateways", p.getNatGateways());
            addIfSet(conflicting, "enableInterfaceEndpoints", p.getEnableInterfaceEndpoints());
            addIfSet(conflicting, "flowLogs", p.getFlowLogs());
            addIfSet(conflicting, "flowLogRetention", p.getFlowLogRetention());
            addIfSet(conflicting, "encryptionKey", p.getEncryptionKey());
            addIfSet(conflicting, "publicSubnets", p.getPublicSubnets());
            addIfSet(conflicting, "interfaceEndpoints", p.getInterfaceEndpoints());
            addIfSet(conflicting, "singleAzEndpoints", p.getSingleAzEndpoints());
            check(conflicting.isEmpty(), this, "vpc", "give either vpc or the props of a new VPC, not both (also set: "
                    + String.join(", ", conflicting) + ")");
            return;
        }
        check(p.getApplicationSubnets() == null, this, "applicationSubnets",
                "is only for an existing vpc (a new VPC uses its subnet groups)");
        check(p.getDatabaseSubnets() == null, this, "databaseSubnets",
                "is only for an existing vpc (a new VPC uses its subnet groups)");
        String cidr = p.getCidr();
        check(!isKnown(cidr) || CIDR.matcher(cidr).matches(), this, "cidr", "must be an IPv4 block from /16 to /18 "
                + "(the application tier uses /20 per AZ), e.g. 10.0.0.0/16 (got '" + cidr + "')");
        Number maxAzs = p.getMaxAzs();
        range(this, "maxAzs", maxAzs, 2, 6, " (RDS needs two AZs)");
        Number nat = p.getNatGateways();
        check(nat == null || p.getEgress() != Egress.NONE, this, "natGateways", "must not be set with egress NONE");
        if (isKnown(nat)) {
            int azs = isKnown(maxAzs) ? maxAzs.intValue() : DEFAULT_MAX_AZS;
            check(nat.intValue() >= 1 && nat.intValue() <= azs, this, "natGateways", "must be between 1 and maxAzs ("
                    + azs + ") with egress NAT_GATEWAY (got " + nat + "); use egress NONE for no NAT");
        }
        check(p.getEgress() != Egress.NONE || !Boolean.FALSE.equals(p.getEnableInterfaceEndpoints()), this,
                "enableInterfaceEndpoints", "must not be false with egress NONE (tasks could not reach ECR, "
                + "CloudWatch Logs, Secrets Manager or SSM)");
        check(p.getFlowLogRetention() == null || !Boolean.FALSE.equals(p.getFlowLogs()), this, "flowLogRetention",
                "is set but flowLogs is false");
        check(!Boolean.FALSE.equals(p.getPublicSubnets()) || p.getEgress() == Egress.NONE, this, "publicSubnets",
                "cannot be false with egress NAT_GATEWAY (the NAT gateways live in the public tier)");
        check(p.getInterfaceEndpoints() == null || !Boolean.FALSE.equals(p.getEnableInterfaceEndpoints()), this,
                "interfaceEndpoints", "is set but enableInterfaceEndpoints is false");
    }

    private static void addIfSet(List<String> names, String name, Object value) {
        if (value != null) {
            names.add(name);
        }
    }

    /** The VPC: created, or the existing one given. */
    public IVpc getVpc() {
        return vpc;
    }

    /** The egress choice of the created VPC, or null for an existing VPC. */
    public Egress getEgress() {
        return egress;
    }

    /**
     * Where NAT gateways and public load balancers go: the public tier of a created VPC with
     * {@link Egress#NAT_GATEWAY} or {@code publicSubnets(true)}, {@code SubnetType.PUBLIC} of an existing VPC,
     * else null (with {@link Egress#NONE} by default the VPC has no public tier and no internet gateway).
     */
    public SubnetSelection getPublicSubnets() {
        return publicSubnets;
    }

    /** Where tasks, the bastion and the rotation Lambda go. */
    public SubnetSelection getApplicationSubnets() {
        return applicationSubnets;
    }

    /** Where the database goes. */
    public SubnetSelection getDatabaseSubnets() {
        return databaseSubnets;
    }

    /** The flow log group, or null when flow logs are off or the VPC is an existing one. */
    public LogGroup getFlowLogGroup() {
        return flowLogGroup;
    }

    /** The flow log, or null when flow logs are off or the VPC is an existing one. */
    public FlowLog getFlowLog() {
        return flowLog;
    }

    /**
     * The KMS key of the flow log group (given or created with rotation on); null for an existing VPC, and the
     * given key or null when flow logs are off.
     */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /** The security group of the interface endpoints (HTTPS from the VPC CIDR), or null without endpoints. */
    public ISecurityGroup getEndpointSecurityGroup() {
        return endpointSecurityGroup;
    }

    /** The interface endpoints by construct id (e.g. {@code SecretsManagerEndpoint}), so far; empty without them. */
    public Map<String, InterfaceVpcEndpoint> getInterfaceEndpoints() {
        return Collections.unmodifiableMap(interfaceEndpoints);
    }

    /** The Secrets Manager interface endpoint, or null without interface endpoints. */
    public InterfaceVpcEndpoint getSecretsManagerEndpoint() {
        return interfaceEndpoints.get("SecretsManagerEndpoint");
    }

    /** The S3 gateway endpoint (on the route tables of the application and database tiers), or null for an existing VPC. */
    public GatewayVpcEndpoint getS3Endpoint() {
        return s3Endpoint;
    }

    /** Builder in the aws-cdk-lib shape: {@code MigrateFirstVpc.Builder.create(scope, id).egress(...).build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final MigrateFirstVpcProps.Builder props = MigrateFirstVpcProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see MigrateFirstVpcProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            props.vpc(vpc);
            return this;
        }

        /** @see MigrateFirstVpcProps#getApplicationSubnets() */
        public Builder applicationSubnets(SubnetSelection applicationSubnets) {
            props.applicationSubnets(applicationSubnets);
            return this;
        }

        /** @see MigrateFirstVpcProps#getDatabaseSubnets() */
        public Builder databaseSubnets(SubnetSelection databaseSubnets) {
            props.databaseSubnets(databaseSubnets);
            return this;
        }

        /** @see MigrateFirstVpcProps#getMaxAzs() */
        public Builder maxAzs(Number maxAzs) {
            props.maxAzs(maxAzs);
            return this;
        }

        /** @see MigrateFirstVpcProps#getCidr() */
        public Builder cidr(String cidr) {
            props.cidr(cidr);
            return this;
        }

        /** @see MigrateFirstVpcProps#getEgress() */
        public Builder egress(Egress egress) {
            props.egress(egress);
            return this;
        }

        /** @see MigrateFirstVpcProps#getNatGateways() */
        public Builder natGateways(Number natGateways) {
            props.natGateways(natGateways);
            return this;
        }

        /** @see MigrateFirstVpcProps#getEnableInterfaceEndpoints() */
        public Builder enableInterfaceEndpoints(Boolean enableInterfaceEndpoints) {
            props.enableInterfaceEndpoints(enableInterfaceEndpoints);
            return this;
        }

        /** @see MigrateFirstVpcProps#getFlowLogs() */
        public Builder flowLogs(Boolean flowLogs) {
            props.flowLogs(flowLogs);
            return this;
        }

        /** @see MigrateFirstVpcProps#getFlowLogRetention() */
        public Builder flowLogRetention(RetentionDays flowLogRetention) {
            props.flowLogRetention(flowLogRetention);
            return this;
        }

        /** @see MigrateFirstVpcProps#getEncryptionKey() */
        public Builder encryptionKey(IKey encryptionKey) {
            props.encryptionKey(encryptionKey);
            return this;
        }

        /** @see MigrateFirstVpcProps#getPublicSubnets() */
        public Builder publicSubnets(Boolean publicSubnets) {
            props.publicSubnets(publicSubnets);
            return this;
        }

        /** @see MigrateFirstVpcProps#getInterfaceEndpoints() */
        public Builder interfaceEndpoints(List<InterfaceVpcEndpointAwsService> interfaceEndpoints) {
            props.interfaceEndpoints(interfaceEndpoints);
            return this;
        }

        /** @see MigrateFirstVpcProps#getSingleAzEndpoints() */
        public Builder singleAzEndpoints(Boolean singleAzEndpoints) {
            props.singleAzEndpoints(singleAzEndpoints);
            return this;
        }

        public MigrateFirstVpc build() {
            return new MigrateFirstVpc(scope, id, props.build());
        }
    }
}
