package dev.migratefirst.migration;

import java.nio.file.Path;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;

/** Properties of a {@link MigrationGate}. */
public final class MigrationGateProps {
    private final MigrationWorkflow workflow;
    private final Path migrationsDirectory;
    private final String forceRunToken;
    private final Duration waitTimeout;
    private final Duration queryInterval;
    private final RetentionDays logRetention;
    private final IKey encryptionKey;
    private final ITopic alarmTopic;
    private final IVpc vpc;
    private final SubnetSelection vpcSubnets;
    private final ISecurityGroup securityGroup;
    private final Number reservedConcurrency;

    private MigrationGateProps(Builder b) {
        this.reservedConcurrency = b.reservedConcurrency;
        this.securityGroup = b.securityGroup;
        this.vpcSubnets = b.vpcSubnets;
        this.vpc = b.vpc;
        this.alarmTopic = b.alarmTopic;
        this.encryptionKey = b.encryptionKey;
        this.workflow = b.workflow;
        this.migrationsDirectory = b.migrationsDirectory;
        this.forceRunToken = b.forceRunToken;
        this.waitTimeout = b.waitTimeout;
        this.queryInterval = b.queryInterval;
        this.logRetention = b.logRetention;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The workflow the gate starts and waits for. Required. */
    public MigrationWorkflow getWorkflow() {
        return workflow;
    }

    /**
     * The migrations folder baked into the image, read at synth for the fingerprint (the same
     * {@code dev.migratefirst.migrations.Fingerprint} the runner uses). A changed, added or removed
     * migration file changes the fingerprint, which re-runs the migrations on the next deploy.
     *
     * @default {@code migrations} (relative to the directory the CDK app runs in)
     */
    public Path getMigrationsDirectory() {
        return migrationsDirectory;
    }

    /**
     * Any string; changing it re-runs the migrations on the next deploy although nothing else changed
     * (for example after a manual repair). Pass it from context:
     * {@code cdk deploy -c migrationForceRun=$(date +%s)}.
     *
     * @default "" (no forced run)
     */
    public String getForceRunToken() {
        return forceRunToken;
    }

    /**
     * How long the gate waits for the workflow before it stops the execution (which stops the task)
     * and fails the deploy. Must stay below CloudFormation's one-hour custom-resource limit (at most
     * 55 minutes), be longer than the workflow's timeout (so the workflow reports its own timeout with
     * the cause) and be a multiple of the query interval; checked at synth.
     *
     * @default 45 minutes
     */
    public Duration getWaitTimeout() {
        return waitTimeout;
    }

    /**
     * How often the gate asks Step Functions whether the execution has finished.
     *
     * @default 20 seconds
     */
    public Duration getQueryInterval() {
        return queryInterval;
    }

    /**
     * Retention of the gate's handler logs.
     *
     * @default {@link RetentionDays#THREE_MONTHS}
     */
    public RetentionDays getLogRetention() {
        return logRetention;
    }

    /**
     * The KMS key that encrypts the gate's log groups (handlers, Provider framework, waiter) and its
     * dead-letter queue.
     *
     * @default a new key with rotation on, for this construct only ({@link MigrateFirstFlow} passes its one key)
     */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /**
     * The SNS topic the alarm on the dead-letter queue (a Provider framework event that could not be
     * delivered) sends to.
     *
     * @default no alarm action
     */
    public ITopic getAlarmTopic() {
        return alarmTopic;
    }

    /**
     * The VPC the gate's functions (its two handlers and the Provider framework's three) run in. They call
     * Step Functions, Lambda and CloudFormation and answer CloudFormation through an S3 pre-signed URL, so
     * the subnets need a NAT route or the VPC endpoints of docs/deploy-flow.md.
     *
     * @default outside any VPC
     */
    public IVpc getVpc() {
        return vpc;
    }

    /**
     * The subnets of the gate's functions; only with {@link #getVpc()}.
     *
     * @default the VPC's application tier, else its private subnets with egress, else its isolated subnets
     */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /**
     * The security group of the gate's functions; only with {@link #getVpc()}.
     *
     * @default a new group whose only egress is HTTPS (TCP 443)
     */
    public ISecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    /**
     * Reserved concurrency of each of the gate's five functions: a bound on what a storm of events can run,
     * and a floor the rest of the account cannot take away. Lambda refuses any reservation that would leave
     * the account less unreserved concurrency than its minimum (new accounts with a limit of 10 cannot reserve).
     *
     * @default 2
     */
    public Number getReservedConcurrency() {
        return reservedConcurrency;
    }

    /** Builder in the shape jsii generates. */
    public static final class Builder {
        private Number reservedConcurrency;
        private ISecurityGroup securityGroup;
        private SubnetSelection vpcSubnets;
        private IVpc vpc;
        private ITopic alarmTopic;
        private IKey encryptionKey;
        private MigrationWorkflow workflow;
        private Path migrationsDirectory;
        private String forceRunToken;
        private Duration waitTimeout;
        private Duration queryInterval;
        private RetentionDays logRetention;

        /** @see MigrationGateProps#getWorkflow() */
        public Builder workflow(MigrationWorkflow workflow) {
            this.workflow = workflow;
            return this;
        }

        /** @see MigrationGateProps#getMigrationsDirectory() */
        public Builder migrationsDirectory(Path migrationsDirectory) {
            this.migrationsDirectory = migrationsDirectory;
            return this;
        }

        /** @see MigrationGateProps#getForceRunToken() */
        public Builder forceRunToken(String forceRunToken) {
            this.forceRunToken = forceRunToken;
            return this;
        }

        /** @see MigrationGateProps#getWaitTimeout() */
        public Builder waitTimeout(Duration waitTimeout) {
            this.waitTimeout = waitTimeout;
            return this;
        }

        /** @see MigrationGateProps#getQueryInterval() */
        public Builder queryInterval(Duration queryInterval) {
            this.queryInterval = queryInterval;
            return this;
        }

        /** @see MigrationGateProps#getLogRetention() */
        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /** @see MigrationGateProps#getEncryptionKey() */
        public Builder encryptionKey(IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        /** @see MigrationGateProps#getAlarmTopic() */
        public Builder alarmTopic(ITopic alarmTopic) {
            this.alarmTopic = alarmTopic;
            return this;
        }

        /** @see MigrationGateProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** @see MigrationGateProps#getVpcSubnets() */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /** @see MigrationGateProps#getSecurityGroup() */
        public Builder securityGroup(ISecurityGroup securityGroup) {
            this.securityGroup = securityGroup;
            return this;
        }

        /** @see MigrationGateProps#getReservedConcurrency() */
        public Builder reservedConcurrency(Number reservedConcurrency) {
            this.reservedConcurrency = reservedConcurrency;
            return this;
        }

        public MigrationGateProps build() {
            return new MigrationGateProps(this);
        }
    }
}
