package dev.migratefirst.migration;

import dev.migratefirst.database.IPostgresDatabase;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Properties of a {@link MigrationTask}. */
public final class MigrationTaskProps {
    private final IVpc vpc;
    private final IPostgresDatabase database;
    private final ContainerImage image;
    private final List<String> command;
    private final List<String> execCommand;
    private final Map<String, String> environment;
    private final Number cpu;
    private final Number memoryLimitMiB;
    private final CpuArchitecture cpuArchitecture;
    private final ISecurityGroup securityGroup;
    private final ILogGroup logGroup;
    private final RetentionDays logRetention;
    private final IKey encryptionKey;

    private MigrationTaskProps(Builder b) {
        this.encryptionKey = b.encryptionKey;
        this.vpc = b.vpc;
        this.database = b.database;
        this.image = b.image;
        this.command = b.command == null ? null : List.copyOf(b.command);
        this.execCommand = b.execCommand == null ? null : List.copyOf(b.execCommand);
        this.environment = b.environment == null ? null : Map.copyOf(b.environment);
        this.cpu = b.cpu;
        this.memoryLimitMiB = b.memoryLimitMiB;
        this.cpuArchitecture = b.cpuArchitecture;
        this.securityGroup = b.securityGroup;
        this.logGroup = b.logGroup;
        this.logRetention = b.logRetention;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The VPC the task runs in (its security group is created there). Required. */
    public IVpc getVpc() {
        return vpc;
    }

    /**
     * The database to migrate. Required. The {@code username} and {@code password} of its secret are
     * injected by ECS (never as plain environment); its endpoint and database name are plain
     * environment ({@code DB_HOST}, {@code DB_PORT}, {@code DB_NAME}); the execution role may read
     * that secret only, and the task's security group is allowed to the database's default port.
     */
    public IPostgresDatabase getDatabase() {
        return database;
    }

    /**
     * The image that holds the runner.
     *
     * @default {@code ApplicationImage.fromProjectDirectory(".")}: app-image/Dockerfile of the directory
     *          the CDK app runs in, built as a CDK image asset (run {@code mvn package} first)
     */
    public ContainerImage getImage() {
        return image;
    }

    /**
     * The container command, for an image whose runner takes other arguments.
     *
     * @default {@code ["migrate"]}
     */
    public List<String> getCommand() {
        return command;
    }

    /**
     * Another migration tool to run under the runner's guards, e.g. {@code ["alembic", "upgrade", "head"]}:
     * the container command becomes {@code exec -- <execCommand...>} (the runner hands the tool the
     * connection, sets lock_timeout for its sessions and holds the runner lock while it runs;
     * docs/runner.md). Give {@code command} or {@code execCommand}, not both.
     *
     * @default none: the runner's own {@code migrate}
     */
    public List<String> getExecCommand() {
        return execCommand;
    }

    /**
     * Extra non-secret environment for the runner (for example {@code LOCK_TIMEOUT}). Never put a
     * credential here: the database credentials are injected as ECS secrets.
     *
     * @default only {@code MIGRATIONS_LOCATION} (where the image holds the migrations)
     */
    public Map<String, String> getEnvironment() {
        return environment;
    }

    /**
     * Fargate CPU units.
     *
     * @default 256 ({@link MigrationTask#DEFAULT_CPU}: the smallest Fargate size; the runner's measured peak
     *          memory fits 512 MiB with margin, bench/README.md)
     */
    public Number getCpu() {
        return cpu;
    }

    /**
     * Fargate memory in MiB, also the container's hard memory limit (the JVM sizes its heap from it).
     *
     * @default 512 ({@link MigrationTask#DEFAULT_MEMORY_MIB})
     */
    public Number getMemoryLimitMiB() {
        return memoryLimitMiB;
    }

    /**
     * The CPU architecture of the task. The default application image is built for the matching
     * platform ({@code linux/arm64} for ARM64); an {@code ApplicationImage} built for another
     * platform fails at synth.
     *
     * @default {@link CpuArchitecture#X86_64}
     */
    public CpuArchitecture getCpuArchitecture() {
        return cpuArchitecture;
    }

    /**
     * The task's security group.
     *
     * @default a new security group, allowed to the database port
     */
    public ISecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    /**
     * An existing log group for the runner's output. Give this or {@link #getLogRetention()}, not both.
     *
     * @default a new log group kept for {@link #getLogRetention()}
     */
    public ILogGroup getLogGroup() {
        return logGroup;
    }

    /**
     * How long the new log group keeps the runner's output.
     *
     * @default {@link RetentionDays#THREE_MONTHS}
     */
    public RetentionDays getLogRetention() {
        return logRetention;
    }

    /**
     * The KMS key that encrypts the runner's log group (CloudWatch Logs may use it: the key policy needs the
     * {@code logs.<region>.amazonaws.com} statement, which this construct adds to a {@code Key} it is given;
     * an imported key must already allow it). Ignored when {@link #getLogGroup()} is given.
     *
     * @default a new key with rotation on, for this construct only ({@link MigrateFirstFlow} passes its one key)
     */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /** Builder in the shape jsii generates. */
    public static final class Builder {
        private IKey encryptionKey;
        private IVpc vpc;
        private IPostgresDatabase database;
        private ContainerImage image;
        private List<String> command;
        private List<String> execCommand;
        private Map<String, String> environment;
        private Number cpu;
        private Number memoryLimitMiB;
        private CpuArchitecture cpuArchitecture;
        private ISecurityGroup securityGroup;
        private ILogGroup logGroup;
        private RetentionDays logRetention;

        /** @see MigrationTaskProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** @see MigrationTaskProps#getDatabase() */
        public Builder database(IPostgresDatabase database) {
            this.database = database;
            return this;
        }

        /** @see MigrationTaskProps#getImage() */
        public Builder image(ContainerImage image) {
            this.image = image;
            return this;
        }

        /** @see MigrationTaskProps#getCommand() */
        public Builder command(List<String> command) {
            this.command = command;
            return this;
        }

        /** @see MigrationTaskProps#getExecCommand() */
        public Builder execCommand(List<String> execCommand) {
            this.execCommand = execCommand;
            return this;
        }

        /** @see MigrationTaskProps#getEnvironment() */
        public Builder environment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /** @see MigrationTaskProps#getCpu() */
        public Builder cpu(Number cpu) {
            this.cpu = cpu;
            return this;
        }

        /** @see MigrationTaskProps#getMemoryLimitMiB() */
        public Builder memoryLimitMiB(Number memoryLimitMiB) {
            this.memoryLimitMiB = memoryLimitMiB;
            return this;
        }

        /** @see MigrationTaskProps#getCpuArchitecture() */
        public Builder cpuArchitecture(CpuArchitecture cpuArchitecture) {
            this.cpuArchitecture = cpuArchitecture;
            return this;
        }

        /** @see MigrationTaskProps#getSecurityGroup() */
        public Builder securityGroup(ISecurityGroup securityGroup) {
            this.securityGroup = securityGroup;
            return this;
        }

        /** @see MigrationTaskProps#getLogGroup() */
        public Builder logGroup(ILogGroup logGroup) {
            this.logGroup = logGroup;
            return this;
        }

        /** @see MigrationTaskProps#getLogRetention() */
        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /** @see MigrationTaskProps#getEncryptionKey() */
        public Builder encryptionKey(IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        public MigrationTaskProps build() {
            return new MigrationTaskProps(this);
        }
    }
}
