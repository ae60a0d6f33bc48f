package dev.migratefirst.migration;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;

/** Properties of a {@link MigrationWorkflow}. */
public final class MigrationWorkflowProps {
    private final MigrationTask task;
    private final ICluster cluster;
    private final SubnetSelection vpcSubnets;
    private final Duration timeout;
    private final Number logLines;
    private final ILogGroup logGroup;
    private final RetentionDays logRetention;
    private final String stateMachineName;
    private final Boolean enableAlarms;
    private final IKey encryptionKey;
    private final ITopic alarmTopic;

    private MigrationWorkflowProps(Builder b) {
        this.alarmTopic = b.alarmTopic;
        this.encryptionKey = b.encryptionKey;
        this.enableAlarms = b.enableAlarms;
        this.task = b.task;
        this.cluster = b.cluster;
        this.vpcSubnets = b.vpcSubnets;
        this.timeout = b.timeout;
        this.logLines = b.logLines;
        this.logGroup = b.logGroup;
        this.logRetention = b.logRetention;
        this.stateMachineName = b.stateMachineName;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The migration task the workflow runs. Required. */
    public MigrationTask getTask() {
        return task;
    }

    /**
     * The ECS cluster to run the task in.
     *
     * @default a new Fargate cluster (Container Insights on) in the task's VPC
     */
    public ICluster getCluster() {
        return cluster;
    }

    /**
     * The subnets the task runs in: they must reach the database, and ECR, Secrets Manager and
     * CloudWatch Logs (through a NAT gateway or VPC endpoints).
     *
     * @default the application tier ({@code SubnetDefaults.applicationSubnets}): the group {@code Application}
     *          when the VPC has one, else its private subnets with egress, else its single non-database
     *          isolated group; never public, never the database tier
     */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /**
     * How long the migration task may run. When it is reached, Step Functions stops the task
     * (ECS StopTask: SIGTERM, then SIGKILL after the container's stop timeout) and the execution fails.
     *
     * @default 30 minutes
     */
    public Duration getTimeout() {
        return timeout;
    }

    /**
     * How many of the task's last log lines a failed execution's cause carries.
     *
     * @default 50
     */
    public Number getLogLines() {
        return logLines;
    }

    /**
     * An existing log group for the state machine's execution log. Give this or
     * {@link #getLogRetention()}, not both.
     *
     * @default a new log group kept for {@link #getLogRetention()}
     */
    public ILogGroup getLogGroup() {
        return logGroup;
    }

    /**
     * How long the new execution log group keeps its events.
     *
     * @default {@link RetentionDays#THREE_MONTHS}
     */
    public RetentionDays getLogRetention() {
        return logRetention;
    }

    /**
     * A physical name for the state machine (the key's encryption context names it, so it is known at synth).
     *
     * @default a name derived from the stack and construct path ({@code Names.uniqueResourceName}, at most 80
     *          characters), unique in the account and region
     */
    public String getStateMachineName() {
        return stateMachineName;
    }

    /**
     * Whether to create a CloudWatch alarm that goes off when an execution fails, times out or is
     * aborted (a failed migration outside a deploy, e.g. from CI). It has no action: add one with
     * {@code getFailureAlarm().addAlarmAction(...)}.
     *
     * @default true
     */
    public Boolean getEnableAlarms() {
        return enableAlarms;
    }

    /**
     * The KMS key that encrypts the state machine (definition and execution history) and the execution
     * log group it creates. Step Functions needs a state machine name for the key's encryption context: without
     * {@link #getStateMachineName()} one is derived from the construct path.
     *
     * @default a new key with rotation on, for this construct only ({@link MigrateFirstFlow} passes its one key)
     */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /**
     * The SNS topic the failure alarm (failed, timed-out or aborted executions) sends to, so a failed
     * migration pages someone.
     *
     * @default no alarm action
     */
    public ITopic getAlarmTopic() {
        return alarmTopic;
    }

    /** Builder in the shape jsii generates. */
    public static final class Builder {
        private ITopic alarmTopic;
        private IKey encryptionKey;
        private MigrationTask task;
        private ICluster cluster;
        private SubnetSelection vpcSubnets;
        private Duration timeout;
        private Number logLines;
        private ILogGroup logGroup;
        private RetentionDays logRetention;
        private String stateMachineName;
        private Boolean enableAlarms;

        /** @see MigrationWorkflowProps#getEnableAlarms() */
        public Builder enableAlarms(Boolean enableAlarms) {
            this.enableAlarms = enableAlarms;
            return this;
        }

        /** @see MigrationWorkflowProps#getTask() */
        public Builder task(MigrationTask task) {
            this.task = task;
            return this;
        }

        /** @see MigrationWorkflowProps#getCluster() */
        public Builder cluster(ICluster cluster) {
            this.cluster = cluster;
            return this;
        }

        /** @see MigrationWorkflowProps#getVpcSubnets() */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /** @see MigrationWorkflowProps#getTimeout() */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** @see MigrationWorkflowProps#getLogLines() */
        public Builder logLines(Number logLines) {
            this.logLines = logLines;
            return this;
        }

        /** @see MigrationWorkflowProps#getLogGroup() */
        public Builder logGroup(ILogGroup logGroup) {
            this.logGroup = logGroup;
            return this;
        }

        /** @see MigrationWorkflowProps#getLogRetention() */
        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /** @see MigrationWorkflowProps#getStateMachineName() */
        public Builder stateMachineName(String stateMachineName) {
            this.stateMachineName = stateMachineName;
            return this;
        }

        /** @see MigrationWorkflowProps#getEncryptionKey() */
        public Builder encryptionKey(IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        /** @see MigrationWorkflowProps#getAlarmTopic() */
        public Builder alarmTopic(ITopic alarmTopic) {
            this.alarmTopic = alarmTopic;
            return this;
        }

        public MigrationWorkflowProps build() {
            return new MigrationWorkflowProps(this);
        }
    }
}
