package dev.migratefirst.migration;

import dev.migratefirst.database.IPostgresDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.IConstruct;

/** Props of {@link MigrateFirstFlow}: flat, every optional prop says its default. */
public final class MigrateFirstFlowProps {
    private final IVpc vpc;
    private final IPostgresDatabase database;
    private final ContainerImage image;
    private final Path migrationsDirectory;
    private final ICluster cluster;
    private final SubnetSelection vpcSubnets;
    private final List<IConstruct> guardedServices;
    private final Boolean loadBalancedService;
    private final Map<String, String> serviceEnvironment;
    private final List<String> serviceEntryPoint;
    private final Number servicePort;
    private final Boolean publicLoadBalancer;
    private final Duration timeout;
    private final String forceRunToken;
    private final IKey encryptionKey;
    private final ITopic alarmTopic;
    private final SubnetSelection gateVpcSubnets;
    private final ISecurityGroup gateSecurityGroup;
    private final Boolean runBackfills;

    private MigrateFirstFlowProps(Builder b) {
        this.runBackfills = b.runBackfills;
        this.gateSecurityGroup = b.gateSecurityGroup;
        this.gateVpcSubnets = b.gateVpcSubnets;
        this.alarmTopic = b.alarmTopic;
        this.encryptionKey = b.encryptionKey;
        this.vpc = b.vpc;
        this.database = b.database;
        this.image = b.image;
        this.migrationsDirectory = b.migrationsDirectory;
        this.cluster = b.cluster;
        this.vpcSubnets = b.vpcSubnets;
        this.guardedServices = b.guardedServices == null ? null : List.copyOf(b.guardedServices);
        this.loadBalancedService = b.loadBalancedService;
        this.serviceEnvironment = b.serviceEnvironment == null ? null : Map.copyOf(b.serviceEnvironment);
        this.serviceEntryPoint = b.serviceEntryPoint == null ? null : List.copyOf(b.serviceEntryPoint);
        this.servicePort = b.servicePort;
        this.publicLoadBalancer = b.publicLoadBalancer;
        this.timeout = b.timeout;
        this.forceRunToken = b.forceRunToken;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The VPC the task, the workflow's tasks and the service run in. Required. */
    public IVpc getVpc() {
        return vpc;
    }

    /** The database to migrate: a {@code PostgresDatabase}, or an existing one ({@code PostgresDatabase.fromDatabaseInstance}). Required. */
    public IPostgresDatabase getDatabase() {
        return database;
    }

    /**
     * The image that runs the migrations (and the service, when {@code loadBalancedService} is on).
     *
     * @default the application image of the project ({@code app-image/Dockerfile} in the working directory)
     */
    public ContainerImage getImage() {
        return image;
    }

    /**
     * The migrations folder whose fingerprint decides when the gate runs the workflow again.
     *
     * @default {@code migrations} in the working directory
     */
    public Path getMigrationsDirectory() {
        return migrationsDirectory;
    }

    /**
     * The ECS cluster the migration task (and the service) run in.
     *
     * @default a new cluster in the VPC, with Container Insights
     */
    public ICluster getCluster() {
        return cluster;
    }

    /**
     * Where the migration task and the service run.
     *
     * @default the application tier ({@code SubnetDefaults.applicationSubnets}); never public, never the database tier
     */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /**
     * Services (or any constructs) that must roll out only after the migrations succeeded.
     *
     * @default none; add more with {@link MigrateFirstFlow#guard}
     */
    public List<IConstruct> getGuardedServices() {
        return guardedServices;
    }

    /**
     * Whether to create an internet-facing ALB Fargate service from the image too (aws-ecs-patterns
     * {@code ApplicationLoadBalancedFargateService}), guarded by the gate and allowed to the database port.
     *
     * @default false
     */
    public Boolean getLoadBalancedService() {
        return loadBalancedService;
    }

    /**
     * Plain environment of the service's container (never credentials: those come from the database secret).
     *
     * @default none
     */
    public Map<String, String> getServiceEnvironment() {
        return serviceEnvironment;
    }

    /**
     * The entry point of the service's container.
     *
     * @default the image's own
     */
    public List<String> getServiceEntryPoint() {
        return serviceEntryPoint;
    }

    /**
     * The port the service's container listens on.
     *
     * @default 8080
     */
    public Number getServicePort() {
        return servicePort;
    }

    /**
     * Whether the service's load balancer is internet-facing.
     *
     * @default true (as in aws-ecs-patterns); false puts it in the private subnets
     */
    public Boolean getPublicLoadBalancer() {
        return publicLoadBalancer;
    }

    /**
     * How long one migration run may take.
     *
     * @default the workflow's default
     */
    public Duration getTimeout() {
        return timeout;
    }

    /**
     * Changes to this value make the gate run the workflow again without a migration change.
     *
     * @default none
     */
    public String getForceRunToken() {
        return forceRunToken;
    }

    /**
     * The KMS key of everything the flow creates that can be encrypted: the runner's, the workflow's and
     * the gate's log groups, the state machine, the gate's dead-letter queue. A {@code Key} given here gets the
     * key-policy statement CloudWatch Logs needs; an imported key must already allow it (docs/deploy-flow.md).
     *
     * @default one new key with rotation on ({@link MigrateFirstFlow#getEncryptionKey()})
     */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /**
     * The SNS topic every alarm of the flow sends to (failed, timed-out or aborted migrations; the gate's
     * dead-letter queue).
     *
     * @default no alarm action
     */
    public ITopic getAlarmTopic() {
        return alarmTopic;
    }

    /**
     * Runs the gate's functions in the flow's VPC, in these subnets (e.g. the application tier), with a
     * security group whose only egress is HTTPS. Under {@code Egress.NONE} the VPC needs the interface endpoints
     * of docs/deploy-flow.md.
     *
     * @default the gate's functions run outside the VPC
     */
    public SubnetSelection getGateVpcSubnets() {
        return gateVpcSubnets;
    }

    /**
     * The security group of the gate's functions; only with {@link #getGateVpcSubnets()}.
     *
     * @default a new group whose only egress is HTTPS (TCP 443)
     */
    public ISecurityGroup getGateSecurityGroup() {
        return gateSecurityGroup;
    }

    /**
     * Starts the migration workflow with the runner command {@code backfill}, without waiting for it, once the
     * service and every guarded service is updated (a second custom resource, {@code Custom::MigrationBackfill},
     * that depends on them; see {@link MigrationGate#addBackfillTrigger}). It runs again when the migrations
     * folder changes (its {@code D} files count in the fingerprint). Every guarded service must then be in the
     * flow's stack.
     *
     * @default true when the migrations folder holds a backfill ({@code D<n>__} file), else false
     */
    public Boolean getRunBackfills() {
        return runBackfills;
    }

    /** Builder of {@link MigrateFirstFlowProps}. */
    public static final class Builder {
        private Boolean runBackfills;
        private ISecurityGroup gateSecurityGroup;
        private SubnetSelection gateVpcSubnets;
        private ITopic alarmTopic;
        private IKey encryptionKey;
        private IVpc vpc;
        private IPostgresDatabase database;
        private ContainerImage image;
        private Path migrationsDirectory;
        private ICluster cluster;
        private SubnetSelection vpcSubnets;
        private List<IConstruct> guardedServices;
        private Boolean loadBalancedService;
        private Map<String, String> serviceEnvironment;
        private List<String> serviceEntryPoint;
        private Number servicePort;
        private Boolean publicLoadBalancer;
        private Duration timeout;
        private String forceRunToken;

        /** @see MigrateFirstFlowProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** @see MigrateFirstFlowProps#getDatabase() */
        public Builder database(IPostgresDatabase database) {
            this.database = database;
            return this;
        }

        /** @see MigrateFirstFlowProps#getImage() */
        public Builder image(ContainerImage image) {
            this.image = image;
            return this;
        }

        /** @see MigrateFirstFlowProps#getMigrationsDirectory() */
        public Builder migrationsDirectory(Path migrationsDirectory) {
            this.migrationsDirectory = migrationsDirectory;
            return this;
        }

        /** @see MigrateFirstFlowProps#getCluster() */
        public Builder cluster(ICluster cluster) {
            this.cluster = cluster;
            return this;
        }

        /** @see MigrateFirstFlowProps#getVpcSubnets() */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /** @see MigrateFirstFlowProps#getGuardedServices() */
        public Builder guardedServices(List<? extends IConstruct> guardedServices) {
            this.guardedServices = guardedServices == null ? null : List.copyOf(guardedServices);
            return this;
        }

        /** @see MigrateFirstFlowProps#getLoadBalancedService() */
        public Builder loadBalancedService(Boolean loadBalancedService) {
            this.loadBalancedService = loadBalancedService;
            return this;
        }

        /** @see MigrateFirstFlowProps#getServiceEnvironment() */
        public Builder serviceEnvironment(Map<String, String> serviceEnvironment) {
            this.serviceEnvironment = serviceEnvironment;
            return this;
        }

        /** @see MigrateFirstFlowProps#getServiceEntryPoint() */
        public Builder serviceEntryPoint(List<String> serviceEntryPoint) {
            this.serviceEntryPoint = serviceEntryPoint;
            return this;
        }

        /** @see MigrateFirstFlowProps#getServicePort() */
        public Builder servicePort(Number servicePort) {
            this.servicePort = servicePort;
            return this;
        }

        /** @see MigrateFirstFlowProps#getPublicLoadBalancer() */
        public Builder publicLoadBalancer(Boolean publicLoadBalancer) {
            this.publicLoadBalancer = publicLoadBalancer;
            return this;
        }

        /** @see MigrateFirstFlowProps#getTimeout() */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** @see MigrateFirstFlowProps#getForceRunToken() */
        public Builder forceRunToken(String forceRunToken) {
            this.forceRunToken = forceRunToken;
            return this;
        }

        /** @see MigrateFirstFlowProps#getEncryptionKey() */
        public Builder encryptionKey(IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        /** @see MigrateFirstFlowProps#getAlarmTopic() */
        public Builder alarmTopic(ITopic alarmTopic) {
            this.alarmTopic = alarmTopic;
            return this;
        }

        /** @see MigrateFirstFlowProps#getGateVpcSubnets() */
        public Builder gateVpcSubnets(SubnetSelection gateVpcSubnets) {
            this.gateVpcSubnets = gateVpcSubnets;
            return this;
        }

        /** @see MigrateFirstFlowProps#getGateSecurityGroup() */
        public Builder gateSecurityGroup(ISecurityGroup gateSecurityGroup) {
            this.gateSecurityGroup = gateSecurityGroup;
            return this;
        }

        /** @see MigrateFirstFlowProps#getRunBackfills() */
        public Builder runBackfills(Boolean runBackfills) {
            this.runBackfills = runBackfills;
            return this;
        }

        public MigrateFirstFlowProps build() {
            return new MigrateFirstFlowProps(this);
        }
    }
}
