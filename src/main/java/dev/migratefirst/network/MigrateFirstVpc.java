package dev.migratefirst.network;

import static dev.migratefirst.internal.Validation.check;
import static dev.migratefirst.internal.Validation.isKnown;
import static dev.migratefirst.internal.Validation.range;

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
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The network of a MigrateFirst app: a VPC over 2 (or more) availability zones with three subnet groups,
 * selected by name so they mean the same with either egress choice:
 * <ul>
 *   <li>{@value #PUBLIC_SUBNETS}: load balancers and NAT gateways;</li>
 *   <li>{@value #APPLICATION_SUBNETS}: ECS tasks, the migration task, the SSM bastion, the rotation Lambda
 *       ({@code PRIVATE_WITH_EGRESS} with NAT gateways, {@code PRIVATE_ISOLATED} plus interface endpoints
 *       with {@link Egress#NONE});</li>
 *   <li>{@value #DATABASE_SUBNETS}: the database, always {@code PRIVATE_ISOLATED}.</li>
 * </ul>
 * Flow logs (all traffic) go to CloudWatch Logs by default. An existing VPC can be wrapped instead; then
 * nothing is added to it.
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

    /** The interface endpoints added with {@link Egress#NONE}, by construct id. */
    public static final Map<String, InterfaceVpcEndpointAwsService> INTERFACE_ENDPOINT_SERVICES = endpointServices();

    private final IVpc vpc;
    private final Egress egress;
    private final SubnetSelection applicationSubnets;
    private final SubnetSelection databaseSubnets;
    private final SubnetSelection publicSubnets;
    private final LogGroup flowLogGroup;
    private final FlowLog flowLog;
    private final ISecurityGroup endpointSecurityGroup;
    private final Map<String, InterfaceVpcEndpoint> interfaceEndpoints;
    private final GatewayVpcEndpoint s3Endpoint;

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
            this.endpointSecurityGroup = null;
            this.interfaceEndpoints = Map.of();
            this.s3Endpoint = null;
            return;
        }

        this.egress = p.getEgress() != null ? p.getEgress() : Egress.NAT_GATEWAY;
        Number maxAzs = p.getMaxAzs() != null ? p.getMaxAzs() : DEFAULT_MAX_AZS;
        boolean nat = egress == Egress.NAT_GATEWAY;
        String cidr = p.getCidr() != null ? p.getCidr() : DEFAULT_CIDR;
        this.vpc = Vpc.Builder.create(this, "Resource")
                .ipAddresses(IpAddresses.cidr(cidr))
                .maxAzs(maxAzs)
                .natGateways(nat ? (p.getNatGateways() != null ? p.getNatGateways() : maxAzs) : 0)
                .natGatewaySubnets(SubnetSelection.builder().subnetGroupName(PUBLIC_SUBNETS).build())
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name(PUBLIC_SUBNETS).subnetType(SubnetType.PUBLIC)
                                .cidrMask(24).mapPublicIpOnLaunch(false).build(),
                        SubnetConfiguration.builder().name(APPLICATION_SUBNETS)
                                .subnetType(nat ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED)
                                .cidrMask(20).build(),
                        SubnetConfiguration.builder().name(DATABASE_SUBNETS).subnetType(SubnetType.PRIVATE_ISOLATED)
                                .cidrMask(24).build()))
                .restrictDefaultSecurityGroup(true)
                .build();
        this.publicSubnets = SubnetSelection.builder().subnetGroupName(PUBLIC_SUBNETS).build();
        this.applicationSubnets = SubnetSelection.builder().subnetGroupName(APPLICATION_SUBNETS).build();
        this.databaseSubnets = SubnetSelection.builder().subnetGroupName(DATABASE_SUBNETS).build();

        if (p.getFlowLogs() == null || p.getFlowLogs()) {
            this.flowLogGroup = LogGroup.Builder.create(this, "FlowLogGroup")
                    .retention(p.getFlowLogRetention() != null ? p.getFlowLogRetention() : RetentionDays.ONE_YEAR)
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build();
            this.flowLog = FlowLog.Builder.create(this, "FlowLog")
                    .resourceType(FlowLogResourceType.fromVpc(vpc))
                    .destination(FlowLogDestination.toCloudWatchLogs(flowLogGroup))
                    .trafficType(FlowLogTrafficType.ALL)
                    .build();
        } else {
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
            this.endpointSecurityGroup = SecurityGroup.Builder.create(this, "EndpointSecurityGroup")
                    .vpc(vpc)
                    .description("Interface endpoints of " + getNode().getPath() + ": HTTPS from inside the VPC")
                    .allowAllOutbound(false)
                    .build();
            // The literal CIDR (not the VPC's CidrBlock attribute) keeps the rule reviewable and checkable.
            endpointSecurityGroup.addIngressRule(Peer.ipv4(cidr), Port.tcp(443),
                    "HTTPS to AWS APIs from inside the VPC");
            Map<String, InterfaceVpcEndpoint> created = new LinkedHashMap<>();
            INTERFACE_ENDPOINT_SERVICES.forEach((endpointId, service) -> created.put(endpointId,
                    InterfaceVpcEndpoint.Builder.create(this, endpointId)
                            .vpc(vpc)
                            .service(service)
                            .subnets(applicationSubnets)
                            .securityGroups(List.of(endpointSecurityGroup))
                            .privateDnsEnabled(true)
                            .open(false)
                            .build()));
            this.interfaceEndpoints = Collections.unmodifiableMap(created);
        } else {
            this.endpointSecurityGroup = null;
            this.interfaceEndpoints = Map.of();
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
    }

    private static void addIfSet(List<String> names, String name, Object value) {
        if (value != null) {
            names.add(name);
        }
    }

    private static Map<String, InterfaceVpcEndpointAwsService> endpointServices() {
        Map<String, InterfaceVpcEndpointAwsService> services = new LinkedHashMap<>();
        services.put("EcrApiEndpoint", InterfaceVpcEndpointAwsService.ECR);
        services.put("EcrDockerEndpoint", InterfaceVpcEndpointAwsService.ECR_DOCKER);
        services.put("LogsEndpoint", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS);
        services.put("SecretsManagerEndpoint", InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
        services.put("SsmEndpoint", InterfaceVpcEndpointAwsService.SSM);
        services.put("SsmMessagesEndpoint", InterfaceVpcEndpointAwsService.SSM_MESSAGES);
        services.put("Ec2MessagesEndpoint", InterfaceVpcEndpointAwsService.EC2_MESSAGES);
        return Collections.unmodifiableMap(services);
    }

    /** The VPC: created, or the existing one given. */
    public IVpc getVpc() {
        return vpc;
    }

    /** The egress choice of the created VPC, or null for an existing VPC. */
    public Egress getEgress() {
        return egress;
    }

    /** Where load balancers go. */
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

    /** The security group of the interface endpoints (HTTPS from the VPC CIDR), or null without endpoints. */
    public ISecurityGroup getEndpointSecurityGroup() {
        return endpointSecurityGroup;
    }

    /** The interface endpoints by construct id (see {@link #INTERFACE_ENDPOINT_SERVICES}); empty without them. */
    public Map<String, InterfaceVpcEndpoint> getInterfaceEndpoints() {
        return interfaceEndpoints;
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

        public MigrateFirstVpc build() {
            return new MigrateFirstVpc(scope, id, props.build());
        }
    }
}
