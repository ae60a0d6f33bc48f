package dev.migratefirst.app;

import dev.migratefirst.database.IPostgresDatabase;
import java.nio.file.Path;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.sns.ITopic;

/** Properties of the example {@link MigrationServiceStack}. */
public final class MigrationServiceStackProps {
    private final StackProps stackProps;
    private final IVpc vpc;
    private final IPostgresDatabase database;
    private final ContainerImage image;
    private final Path migrationsDirectory;
    private final SubnetSelection vpcSubnets;
    private final ITopic alarmTopic;
    private final Boolean gateInVpc;

    private MigrationServiceStackProps(Builder b) {
        this.vpcSubnets = b.vpcSubnets;
        this.alarmTopic = b.alarmTopic;
        this.gateInVpc = b.gateInVpc;
        this.stackProps = b.stackProps;
        this.vpc = b.vpc;
        this.database = b.database;
        this.image = b.image;
        this.migrationsDirectory = b.migrationsDirectory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Stack properties (environment, description, tags).
     *
     * @default environment-agnostic
     */
    public StackProps getStackProps() {
        return stackProps;
    }

    /** The VPC of the database. Required. */
    public IVpc getVpc() {
        return vpc;
    }

    /** The database the migrations and the service use. Required. */
    public IPostgresDatabase getDatabase() {
        return database;
    }

    /**
     * The application image (runner + example service).
     *
     * @default {@code ApplicationImage.fromProjectDirectory(".")}
     */
    public ContainerImage getImage() {
        return image;
    }

    /**
     * The migrations folder (the gate's fingerprint).
     *
     * @default {@code migrations}
     */
    public Path getMigrationsDirectory() {
        return migrationsDirectory;
    }

    /**
     * The subnets of the migration task and the service: they reach the database, ECR, Secrets
     * Manager and CloudWatch Logs.
     *
     * @default the VPC's private subnets with egress, or its isolated subnets when it has none
     */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /**
     * The SNS topic every alarm of the stack sends to.
     *
     * @default no alarm action
     */
    public ITopic getAlarmTopic() {
        return alarmTopic;
    }

    /**
     * Whether the deploy gate's Lambda functions run in {@link #getVpcSubnets()} (with egress NONE the VPC then
     * needs the Step Functions, Lambda and CloudFormation interface endpoints: {@code MigrationGate.INTERFACE_ENDPOINTS}).
     * Outside the VPC they still reach only those AWS APIs (they never connect to the database), and the VPC saves
     * three interface endpoints; the NIST/HIPAA/PCI {@code LambdaInsideVPC} finding is then suppressed on each
     * function with that reason.
     *
     * @default true (the example's non-production profile sets false)
     */
    public Boolean getGateInVpc() {
        return gateInVpc;
    }

    /** Builder in the shape jsii generates. */
    public static final class Builder {
        private StackProps stackProps;
        private IVpc vpc;
        private IPostgresDatabase database;
        private ContainerImage image;
        private Path migrationsDirectory;
        private SubnetSelection vpcSubnets;
        private ITopic alarmTopic;
        private Boolean gateInVpc;

        /** @see MigrationServiceStackProps#getGateInVpc() */
        public Builder gateInVpc(Boolean gateInVpc) {
            this.gateInVpc = gateInVpc;
            return this;
        }

        /** @see MigrationServiceStackProps#getAlarmTopic() */
        public Builder alarmTopic(ITopic alarmTopic) {
            this.alarmTopic = alarmTopic;
            return this;
        }

        /** @see MigrationServiceStackProps#getVpcSubnets() */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /** @see MigrationServiceStackProps#getStackProps() */
        public Builder stackProps(StackProps stackProps) {
            this.stackProps = stackProps;
            return this;
        }

        /** @see MigrationServiceStackProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** @see MigrationServiceStackProps#getDatabase() */
        public Builder database(IPostgresDatabase database) {
            this.database = database;
            return this;
        }

        /** @see MigrationServiceStackProps#getImage() */
        public Builder image(ContainerImage image) {
            this.image = image;
            return this;
        }

        /** @see MigrationServiceStackProps#getMigrationsDirectory() */
        public Builder migrationsDirectory(Path migrationsDirectory) {
            this.migrationsDirectory = migrationsDirectory;
            return this;
        }

        public MigrationServiceStackProps build() {
            return new MigrationServiceStackProps(this);
        }
    }
}
