package dev.migratefirst.migration;

import java.nio.file.Path;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Properties of a {@link MigrationGate}. */
public final class MigrationGateProps {
    private final MigrationWorkflow workflow;
    private final Path migrationsDirectory;
    private final String forceRunToken;
    private final Duration waitTimeout;
    private final Duration queryInterval;
    private final RetentionDays logRetention;

    private MigrationGateProps(Builder b) {
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

    /** Builder in the shape jsii generates. */
    public static final class Builder {
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

        public MigrationGateProps build() {
            return new MigrationGateProps(this);
        }
    }
}
