package dev.migratefirst.access;

import static dev.migratefirst.internal.Validation.check;
import static dev.migratefirst.internal.Validation.isKnown;
import static dev.migratefirst.internal.Validation.required;

import dev.migratefirst.internal.EncryptionKeys;
import dev.migratefirst.network.SubnetDefaults;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.ec2.ClientVpnAuthorizationRuleOptions;
import software.amazon.awscdk.services.ec2.ClientVpnEndpoint;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * An optional AWS Client VPN endpoint for people who need the database from their own tools without a
 * bastion session: mutual TLS with a server certificate and a client root certificate the user keeps in
 * ACM, split tunnel (only traffic for the VPC goes through the VPN), users authorized to the database
 * subnets' CIDRs only, a security group that may reach only the database's port, and connection logs in
 * CloudWatch Logs. The SSM bastion stays the default way in; docs/platform.md compares the two.
 *
 * <pre>{@code
 * ClientVpn vpn = ClientVpn.Builder.create(this, "Vpn")
 *         .vpc(network.getVpc())
 *         .database(database)
 *         .databaseSubnets(network.getDatabaseSubnets())
 *         .serverCertificateArn("arn:aws:acm:eu-west-1:123456789012:certificate/...")
 *         .clientRootCertificateArn("arn:aws:acm:eu-west-1:123456789012:certificate/...")
 *         .build();
 * }</pre>
 */
public class ClientVpn extends Construct implements IConnectable {

    /** The client address range unless {@code clientCidr} says otherwise. */
    public static final String DEFAULT_CLIENT_CIDR = "10.250.0.0/22";

    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern ACM_ARN = Pattern.compile("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+");

    private final ClientVpnEndpoint endpoint;
    private final ISecurityGroup securityGroup;
    private final ILogGroup logGroup;
    private final List<String> authorizedCidrs;

    /**
     * @param scope the parent
     * @param id the construct id
     * @param props the props
     */
    public ClientVpn(Construct scope, String id, ClientVpnProps props) {
        super(scope, id);
        validate(props);
        IVpc vpc = props.getVpc();

        SubnetSelection databaseSubnets = props.getDatabaseSubnets() != null ? props.getDatabaseSubnets()
                : !vpc.getIsolatedSubnets().isEmpty()
                        ? SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build()
                        : SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
        List<ISubnet> subnets = vpc.selectSubnets(databaseSubnets).getSubnets();
        check(!subnets.isEmpty(), this, "databaseSubnets", "selects no subnet of the VPC");
        this.authorizedCidrs = subnets.stream().map(ISubnet::getIpv4CidrBlock).distinct().toList();

        this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(vpc)
                .description("Client VPN " + getNode().getPath() + ": to the database port only")
                .allowAllOutbound(false)
                .build();

        if (props.getLogGroup() != null) {
            this.logGroup = props.getLogGroup();
        } else {
            IKey key = EncryptionKeys.orCreate(this, "Key", props.getEncryptionKey(),
                    "Encrypts the connection logs of the Client VPN " + getNode().getPath());
            EncryptionKeys.allowCloudWatchLogs(key);
            this.logGroup = LogGroup.Builder.create(this, "ConnectionLogs")
                    .retention(props.getLogRetention() != null ? props.getLogRetention() : RetentionDays.ONE_YEAR)
                    .encryptionKey(key)
                    .build();
        }

        this.endpoint = ClientVpnEndpoint.Builder.create(this, "Resource")
                .vpc(vpc)
                .vpcSubnets(props.getVpcSubnets() != null ? props.getVpcSubnets() : SubnetDefaults.privateSubnets(vpc))
                .cidr(props.getClientCidr() != null ? props.getClientCidr() : DEFAULT_CLIENT_CIDR)
                .serverCertificateArn(props.getServerCertificateArn())
                .clientCertificateArn(props.getClientRootCertificateArn())
                .splitTunnel(true)
                .authorizeAllUsersToVpcCidr(false)
                .securityGroups(List.of(securityGroup))
                .logging(true)
                .logGroup(logGroup)
                .description("MigrateFirst " + getNode().getPath() + ": mutual TLS, database subnets only")
                .build();

        for (int i = 0; i < authorizedCidrs.size(); i++) {
            endpoint.addAuthorizationRule("DatabaseSubnet" + (i + 1), ClientVpnAuthorizationRuleOptions.builder()
                    .cidr(authorizedCidrs.get(i))
                    .description("database subnet " + (i + 1))
                    .build());
        }
        props.getDatabase().getConnections().allowDefaultPortFrom(endpoint, "Client VPN " + getNode().getPath());
    }

    private void validate(ClientVpnProps props) {
        IVpc vpc = required(this, "vpc", props == null ? null : props.getVpc());
        required(this, "database", props.getDatabase());
        check(props.getDatabase().getConnections().getDefaultPort() != null, this, "database",
                "has no default port (give a database or another IConnectable with a default port)");
        acmArn("serverCertificateArn", required(this, "serverCertificateArn", props.getServerCertificateArn()));
        acmArn("clientRootCertificateArn",
                required(this, "clientRootCertificateArn", props.getClientRootCertificateArn()));
        String cidr = props.getClientCidr();
        if (isKnown(cidr)) {
            Matcher m = CIDR.matcher(cidr);
            check(m.matches() && Integer.parseInt(m.group(5)) >= 12 && Integer.parseInt(m.group(5)) <= 22, this,
                    "clientCidr", "must be an IPv4 CIDR between /12 and /22 (got '" + cidr + "')");
        }
        SubnetSelection subnets = props.getVpcSubnets();
        check(subnets == null || (subnets.getSubnetType() != SubnetType.PUBLIC
                && !Boolean.TRUE.equals(vpc.selectSubnets(subnets).getHasPublic())), this, "vpcSubnets",
                "must not select public subnets");
        check(props.getLogGroup() == null || props.getLogRetention() == null, this, "logRetention",
                "applies to a new log group only; set the retention on the given logGroup");
        check(props.getLogGroup() == null || props.getEncryptionKey() == null, this, "encryptionKey",
                "applies to a new log group only; encrypt the given logGroup with it yourself");
    }

    private void acmArn(String prop, String arn) {
        check(!isKnown(arn) || ACM_ARN.matcher(arn).matches(), this, prop,
                "must be the ARN of an ACM certificate (arn:aws:acm:<region>:<account>:certificate/<id>)");
    }

    /** @return the Client VPN endpoint */
    public ClientVpnEndpoint getEndpoint() {
        return endpoint;
    }

    /** @return the endpoint's id, for {@code aws ec2 export-client-vpn-client-configuration} */
    public String getEndpointId() {
        return endpoint.getEndpointId();
    }

    /** @return the endpoint's security group: outbound to the database port only */
    public ISecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    /** @return the log group of the connection logs */
    public ILogGroup getLogGroup() {
        return logGroup;
    }

    /** @return the CIDRs VPN users are authorized to: the database subnets' */
    public List<String> getAuthorizedCidrs() {
        return authorizedCidrs;
    }

    @Override
    public Connections getConnections() {
        return endpoint.getConnections();
    }

    /** Builder in the aws-cdk-lib shape: {@code ClientVpn.Builder.create(scope, id).vpc(vpc)...build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final ClientVpnProps.Builder props = ClientVpnProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        /**
         * @param scope the parent
         * @param id the construct id
         * @return a new builder
         */
        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /**
         * @param vpc see {@link ClientVpnProps#getVpc()}
         * @return this builder
         */
        public Builder vpc(IVpc vpc) {
            props.vpc(vpc);
            return this;
        }

        /**
         * @param database see {@link ClientVpnProps#getDatabase()}
         * @return this builder
         */
        public Builder database(IConnectable database) {
            props.database(database);
            return this;
        }

        /**
         * @param databaseSubnets see {@link ClientVpnProps#getDatabaseSubnets()}
         * @return this builder
         */
        public Builder databaseSubnets(SubnetSelection databaseSubnets) {
            props.databaseSubnets(databaseSubnets);
            return this;
        }

        /**
         * @param vpcSubnets see {@link ClientVpnProps#getVpcSubnets()}
         * @return this builder
         */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            props.vpcSubnets(vpcSubnets);
            return this;
        }

        /**
         * @param serverCertificateArn see {@link ClientVpnProps#getServerCertificateArn()}
         * @return this builder
         */
        public Builder serverCertificateArn(String serverCertificateArn) {
            props.serverCertificateArn(serverCertificateArn);
            return this;
        }

        /**
         * @param clientRootCertificateArn see {@link ClientVpnProps#getClientRootCertificateArn()}
         * @return this builder
         */
        public Builder clientRootCertificateArn(String clientRootCertificateArn) {
            props.clientRootCertificateArn(clientRootCertificateArn);
            return this;
        }

        /**
         * @param clientCidr see {@link ClientVpnProps#getClientCidr()}
         * @return this builder
         */
        public Builder clientCidr(String clientCidr) {
            props.clientCidr(clientCidr);
            return this;
        }

        /**
         * @param logGroup see {@link ClientVpnProps#getLogGroup()}
         * @return this builder
         */
        public Builder logGroup(ILogGroup logGroup) {
            props.logGroup(logGroup);
            return this;
        }

        /**
         * @param logRetention see {@link ClientVpnProps#getLogRetention()}
         * @return this builder
         */
        public Builder logRetention(RetentionDays logRetention) {
            props.logRetention(logRetention);
            return this;
        }

        /** @return the construct */
        public ClientVpn build() {
            return new ClientVpn(scope, id, props.build());
        }
    }
}
