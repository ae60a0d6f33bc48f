package dev.migratefirst.migration;

import static dev.migratefirst.internal.Validation.check;
import static dev.migratefirst.internal.Validation.range;
import static dev.migratefirst.internal.Validation.required;

import dev.migratefirst.database.IPostgresDatabase;
import dev.migratefirst.internal.EncryptionKeys;
import dev.migratefirst.internal.ValidationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupEgress;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupIngress;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.ConnectionsProps;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CfnTaskDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.FargateTaskDefinitionProps;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.ecs.TaskDefinition;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;
import software.constructs.DependencyGroup;
import software.constructs.IConstruct;
import software.constructs.IDependable;

/**
 * A Fargate task definition that runs the MigrateFirst runner ({@code migrate}) against one
 * PostgreSQL database, from the application image or any image given.
 *
 * <p>The database credentials reach the container only as ECS secrets: {@code DB_USER} and
 * {@code DB_PASSWORD} are the fields {@code username} and {@code password} of the database secret (the
 * two keys the secret's generated template writes), resolved by ECS when the task starts. Where the
 * database is is not secret: {@code DB_HOST} and {@code DB_PORT} come from the instance endpoint and
 * {@code DB_NAME} from the database name, as plain environment ({@link #databaseEnvironment}). The
 * execution role may read that secret only; the task role gets no permission (the runner calls no
 * AWS API). The runner's output goes to a log group with a retention, in streams named
 * {@code migration/Runner/<task id>} ({@link #logStreamName(String)}), which is where the workflow reads the last lines of a failed run.
 *
 * <pre>{@code
 * MigrationTask task = MigrationTask.Builder.create(this, "MigrationTask")
 *         .vpc(network.getVpc())
 *         .database(database)
 *         .build();
 * }</pre>
 */
public class MigrationTask extends Construct implements IConnectable {
    /** The name of the runner's container in the task definition. */
    public static final String CONTAINER_NAME = "Runner";
    /** The awslogs stream prefix: streams are {@code migration/Runner/<task id>}. */
    public static final String LOG_STREAM_PREFIX = "migration";
    /** Where the application image holds the migrations. */
    public static final String IMAGE_MIGRATIONS_PATH = ApplicationImage.MIGRATIONS_PATH;
    /** The default container command. */
    public static final List<String> DEFAULT_COMMAND = List.of("migrate");
    /**
     * The default task size: 0.25 vCPU, the smallest Fargate size. Measured peak RSS of the runner in
     * bench/README.md (Image, memory).
     */
    public static final int DEFAULT_CPU = 256;
    /** The default task memory (MiB): the smallest Fargate size for 0.25 vCPU; also the container's hard limit. */
    public static final int DEFAULT_MEMORY_MIB = 512;
    /** The uid (and gid) the container runs as, declared in the task definition: the image's non-root user. */
    public static final String CONTAINER_USER = String.valueOf(ApplicationImage.USER_ID);
    /** The task volume (the task's ephemeral storage) mounted at {@link #SCRATCH_PATH}: the only writable path. */
    public static final String SCRATCH_VOLUME = "tmp";
    /** Where the scratch volume is mounted: the JVM's and the embedded PostgreSQL's temporary files. */
    public static final String SCRATCH_PATH = "/tmp";

    /**
     * Runner variable and the database secret key ECS injects into it: only the keys the secret's
     * generated template writes ({@code username}, {@code password}); nothing documented promises more
     * keys in the secret of a DB instance.
     */
    static final Map<String, String> SECRET_FIELDS = secretFields();

    /** The runner's connection variables given as plain environment (not secret, known from the database). */
    static final Set<String> LOCATION_VARIABLES = Set.of("DB_HOST", "DB_PORT", "DB_NAME");

    /** The runner's other credential variables: the environment prop may set none of these nor the above. */
    private static final Set<String> OTHER_CREDENTIALS = Set.of("DB_SECRET", "DATABASE_URL", "APP_DB_USER",
            "APP_DB_PASSWORD");

    private final FargateTaskDefinition taskDefinition;
    private final ContainerDefinition container;
    private final ISecurityGroup securityGroup;
    private final Connections connections;
    private final ILogGroup logGroup;
    private final IKey encryptionKey;
    private final IPostgresDatabase database;
    private final IVpc vpc;
    private final List<String> command;
    private final Map<String, String> environment;
    private final DependencyGroup databaseAccess = new DependencyGroup();

    public MigrationTask(Construct scope, String id, MigrationTaskProps props) {
        super(scope, id);
        this.vpc = required(this, "vpc", props.getVpc());
        this.database = required(this, "database", props.getDatabase());
        validate(props);
        this.command = props.getExecCommand() != null ? execCommand(props.getExecCommand())
                : props.getCommand() == null ? DEFAULT_COMMAND : props.getCommand();

        Map<String, String> env = new LinkedHashMap<>();
        env.put("MIGRATIONS_LOCATION", "filesystem:" + IMAGE_MIGRATIONS_PATH);
        if (props.getEnvironment() != null) {
            env.putAll(new TreeMap<>(props.getEnvironment()));
        }
        this.environment = Map.copyOf(env);

        if (props.getLogGroup() != null) {
            this.logGroup = props.getLogGroup();
            this.encryptionKey = props.getEncryptionKey();
        } else {
            this.encryptionKey = EncryptionKeys.orCreate(this, "Key", props.getEncryptionKey(),
                    "MigrateFirst migration task: encrypts the runner's log group");
            EncryptionKeys.allowCloudWatchLogs(encryptionKey);
            this.logGroup = LogGroup.Builder.create(this, "LogGroup")
                    .retention(props.getLogRetention() == null ? RetentionDays.THREE_MONTHS : props.getLogRetention())
                    .encryptionKey(encryptionKey)
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build();
        }

        CpuArchitecture architecture = props.getCpuArchitecture() == null
                ? CpuArchitecture.X86_64 : props.getCpuArchitecture();
        Number memoryMiB = props.getMemoryLimitMiB() == null ? DEFAULT_MEMORY_MIB : props.getMemoryLimitMiB();
        this.taskDefinition = new FargateTaskDefinition(this, "Resource", FargateTaskDefinitionProps.builder()
                .cpu(props.getCpu() == null ? DEFAULT_CPU : props.getCpu())
                .memoryLimitMiB(memoryMiB)
                .runtimePlatform(RuntimePlatform.builder()
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .cpuArchitecture(architecture)
                        .build())
                .build());

        Map<String, Secret> secrets = databaseSecrets(database.getSecret());
        if (database.getAppSecret() != null) {
            // the runner's app role step: creates the app's role and grants it DML before migrate
            secrets = new LinkedHashMap<>(secrets);
            secrets.putAll(appUserSecrets(database.getAppSecret()));
        }
        Map<String, String> containerEnvironment = new LinkedHashMap<>(databaseEnvironment(database));
        containerEnvironment.putAll(environment);

        ContainerImage image;
        try {
            image = props.getImage() == null ? defaultImage(architecture) : props.getImage();
        } catch (IllegalArgumentException e) {
            throw new ValidationException(this, "image", "none given, and the default "
                    + "application image cannot be used (" + e.getMessage() + "); pass image(...)", e);
        }
        checkPlatform(image, architecture);
        this.container = taskDefinition.addContainer(CONTAINER_NAME, hardened(ContainerDefinitionOptions.builder()
                .containerName(CONTAINER_NAME)
                .image(image)
                .command(command)
                .environment(containerEnvironment)
                .secrets(secrets)
                .essential(true)
                .stopTimeout(Duration.seconds(30))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logGroup)
                        .streamPrefix(LOG_STREAM_PREFIX)
                        .build())), memoryMiB)
                .build());
        mountScratchVolume(taskDefinition, container);

        if (props.getSecurityGroup() != null) {
            this.securityGroup = props.getSecurityGroup();
        } else {
            this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                    .vpc(vpc)
                    .description("MigrateFirst migration task: reaches the database port and AWS APIs over HTTPS")
                    .allowAllOutbound(false)
                    .build();
            // ECR (image pull, layers from S3), CloudWatch Logs and Secrets Manager, through NAT or the
            // VPC endpoints; the database egress is added below. Nothing else leaves the task.
            this.securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
                    "HTTPS to AWS APIs (ECR, S3, CloudWatch Logs, Secrets Manager) via NAT or VPC endpoints");
        }
        this.connections = new Connections(ConnectionsProps.builder()
                .securityGroups(List.of(securityGroup))
                .build());
        // From the task's side, so that a database in another stack gets its ingress rule in this stack
        // (no reference from the database's stack back to this one, no cycle).
        // The rules this creates (wherever CDK puts them) are what the gate waits for on a first deploy.
        Set<IConstruct> before = securityGroupRules();
        connections.allowToDefaultPort(database, "MigrateFirst migration task");
        databaseAccess.add(securityGroup);
        for (IConstruct rule : securityGroupRules()) {
            if (!before.contains(rule)) {
                databaseAccess.add(rule);
            }
        }

        Nag.suppress(taskDefinition, "AwsSolutions-ECS2", "Migration task definition: its plain environment holds "
                + "only non-secret runner settings (MIGRATIONS_LOCATION, the environment prop) and where the database "
                + "is (DB_HOST, DB_PORT, DB_NAME); the database credentials reach the container as ECS secrets");
        Nag.suppress(Nag.defaultPolicy(taskDefinition.obtainExecutionRole()), "AwsSolutions-IAM5", "Migration task "
                + "execution role: ecr:GetAuthorizationToken, needed to pull an ECR image, has no resource-level "
                + "permission (Resource *)", "Resource::*");
        Nag.suppressCompliance(Nag.defaultPolicy(taskDefinition.obtainExecutionRole()), "IAMNoInlinePolicy",
                "Migration task execution role policy: the grants CDK writes for this role only (pull its image, "
                + "write its log group, read the database secrets), created and deleted with the role; IAM's inline "
                + "policies are meant for such a strict one-to-one policy and identity");
    }

    /**
     * The application image of the project the CDK app runs in (app-image/Dockerfile in "."), built
     * for the task's CPU architecture.
     */
    private static ContainerImage defaultImage(CpuArchitecture architecture) {
        return ApplicationImage.fromProjectDirectory(".", ApplicationImageProps.builder()
                .platform(platformOf(architecture)).build());
    }

    /**
     * The container settings landing zones check (docs/image.md, "In a task definition"): runs as
     * {@link #CONTAINER_USER} (non-root, numeric, declared in the task definition), read-only root file
     * system, not privileged, and a hard memory limit of {@code memoryLimitMiB} (the task's memory, so the
     * JVM's heap percentage follows it). Pair with {@link #mountScratchVolume} for a writable {@code /tmp}.
     *
     * @param options        the container options to complete
     * @param memoryLimitMiB the container's hard memory limit (MiB)
     * @return {@code options}, for chaining
     */
    public static ContainerDefinitionOptions.Builder hardened(ContainerDefinitionOptions.Builder options,
            Number memoryLimitMiB) {
        return options.user(CONTAINER_USER)
                .readonlyRootFilesystem(true)
                .privileged(false)
                .memoryLimitMiB(memoryLimitMiB);
    }

    /**
     * Adds the task volume {@link #SCRATCH_VOLUME} (no host path: the task's ephemeral storage, removed with
     * the task) to {@code taskDefinition} (call it once per task definition) and mounts it read-write at {@link #SCRATCH_PATH} in
     * {@code container}: the JVM's and the embedded PostgreSQL's temporary files under a read-only root.
     *
     * @param taskDefinition the container's task definition
     * @param container      the container to mount it in
     */
    public static void mountScratchVolume(TaskDefinition taskDefinition, ContainerDefinition container) {
        taskDefinition.addVolume(Volume.builder().name(SCRATCH_VOLUME).build());
        container.addMountPoints(MountPoint.builder()
                .sourceVolume(SCRATCH_VOLUME).containerPath(SCRATCH_PATH).readOnly(false).build());
    }

    /**
     * The ECS architecture's name ({@code X86_64}, {@code ARM64}) as a task definition writes it, read
     * from a throwaway task definition's {@code RuntimePlatform} (the jsii object has no getter).
     */
    static String architectureName(CpuArchitecture architecture) {
        if (architecture == CpuArchitecture.ARM64) {
            return "ARM64";
        }
        if (architecture == CpuArchitecture.X86_64) {
            return "X86_64";
        }
        Stack probe = new Stack();
        FargateTaskDefinition def = new FargateTaskDefinition(probe, "Probe", FargateTaskDefinitionProps.builder()
                .runtimePlatform(RuntimePlatform.builder().cpuArchitecture(architecture).build()).build());
        Object platform = probe.resolve(((CfnTaskDefinition) def.getNode().getDefaultChild()).getRuntimePlatform());
        return platform instanceof Map<?, ?> m ? String.valueOf(m.get("cpuArchitecture")) : String.valueOf(platform);
    }

    /** The image platform that runs on {@code architecture}. */
    static Platform platformOf(CpuArchitecture architecture) {
        return architectureName(architecture).contains("ARM64") ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64;
    }

    /** An application image built for another platform than the task's architecture fails at synth. */
    private void checkPlatform(ContainerImage image, CpuArchitecture architecture) {
        if (image instanceof ApplicationImage app && app.getAssetProps().getPlatform() != null) {
            String built = app.getAssetProps().getPlatform().getPlatform();
            String needed = platformOf(architecture).getPlatform();
            check(built.equals(needed), this, "cpuArchitecture", architectureName(architecture) + " needs an image "
                    + "built for " + needed + ", but the image is built for " + built
                    + "; pass ApplicationImageProps.platform(...) to match, or change cpuArchitecture");
        }
    }

    /** Every security-group rule resource in the stacks of this task and its database. */
    private Set<IConstruct> securityGroupRules() {
        Set<IConstruct> rules = new HashSet<>();
        for (Stack stack : new LinkedHashSet<>(List.of(Stack.of(this), Stack.of(database)))) {
            for (IConstruct c : stack.getNode().findAll()) {
                if (c instanceof CfnSecurityGroupIngress || c instanceof CfnSecurityGroupEgress) {
                    rules.add(c);
                }
            }
        }
        return rules;
    }

    private static Map<String, String> secretFields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DB_USER", "username");
        m.put("DB_PASSWORD", "password");
        return Collections.unmodifiableMap(m);
    }

    /** The runner command that runs {@code tool} under its guards: {@code exec -- <tool...>}. */
    static List<String> execCommand(List<String> tool) {
        List<String> c = new ArrayList<>(List.of("exec", "--"));
        c.addAll(tool);
        return List.copyOf(c);
    }

    private void validate(MigrationTaskProps props) {
        check(props.getCommand() == null || !props.getCommand().isEmpty(), this, "command", "must not be empty");
        check(props.getExecCommand() == null || !props.getExecCommand().isEmpty(), this, "execCommand",
                "must not be empty");
        check(props.getCommand() == null || props.getExecCommand() == null, this, "execCommand",
                "give command or execCommand, not both");
        check(props.getLogGroup() == null || props.getLogRetention() == null, this, "logRetention",
                "give logGroup or logRetention, not both");
        if (props.getEnvironment() != null) {
            for (String name : props.getEnvironment().keySet()) {
                check(!SECRET_FIELDS.containsKey(name) && !LOCATION_VARIABLES.contains(name)
                        && !OTHER_CREDENTIALS.contains(name), this, "environment",
                        "must not set " + name + ": the database connection is injected from the database and its secret");
            }
        }
        range(this, "cpu", props.getCpu(), 256, 16384, "");
        range(this, "memoryLimitMiB", props.getMemoryLimitMiB(), 512, 122880, "");
    }

    /**
     * The ECS secrets that give a container the credentials the runner (and the example service) read:
     * {@code DB_USER} and {@code DB_PASSWORD}, the keys {@code username} and {@code password} of the
     * secret. Adding them to a container grants its execution role read access to that secret. The
     * rest of the connection is {@link #databaseEnvironment(IPostgresDatabase)}.
     */
    public static Map<String, Secret> databaseSecrets(ISecret secret) {
        Map<String, Secret> secrets = new LinkedHashMap<>();
        SECRET_FIELDS.forEach((variable, field) -> secrets.put(variable, Secret.fromSecretsManager(secret, field)));
        return Collections.unmodifiableMap(secrets);
    }

    /**
     * The ECS secrets of the runner's app role step: {@code APP_DB_USER} and {@code APP_DB_PASSWORD}, the
     * {@code username} and {@code password} of the app secret ({@code IPostgresDatabase.getAppSecret()}).
     * The task definition adds them when the database has an app secret.
     */
    public static Map<String, Secret> appUserSecrets(ISecret appSecret) {
        Map<String, Secret> secrets = new LinkedHashMap<>();
        secrets.put("APP_DB_USER", Secret.fromSecretsManager(appSecret, "username"));
        secrets.put("APP_DB_PASSWORD", Secret.fromSecretsManager(appSecret, "password"));
        return Collections.unmodifiableMap(secrets);
    }

    /**
     * The plain (non-secret) environment that tells a container where the database is: {@code DB_HOST}
     * and {@code DB_PORT} from the instance endpoint, {@code DB_NAME} from the database name.
     */
    public static Map<String, String> databaseEnvironment(IPostgresDatabase database) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_HOST", database.getEndpointAddress());
        env.put("DB_PORT", database.getEndpointPort());
        env.put("DB_NAME", database.getDatabaseName());
        return Collections.unmodifiableMap(env);
    }

    /** The awslogs stream of the runner in the task with this id: {@code migration/Runner/<taskId>}. */
    public static String logStreamName(String taskId) {
        return LOG_STREAM_PREFIX + "/" + CONTAINER_NAME + "/" + taskId;
    }

    /**
     * What the task needs to reach the database: its security group (with its egress) and the
     * security-group rules this construct added for the database port. The gate depends on it, so a
     * first deploy never runs the migrations before those rules exist.
     */
    public IDependable getDatabaseAccess() {
        return databaseAccess;
    }

    /** The Fargate task definition. */
    public FargateTaskDefinition getTaskDefinition() {
        return taskDefinition;
    }

    /** The runner's container. */
    public ContainerDefinition getContainer() {
        return container;
    }

    /**
     * The task's network connections (its security group), so callers write
     * {@code other.getConnections().allowDefaultPortFrom(task)}; the database port is already allowed.
     */
    @Override
    public Connections getConnections() {
        return connections;
    }

    /** The task's security group (allowed to the database port). */
    public ISecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    /** The log group of the runner's output. */
    public ILogGroup getLogGroup() {
        return logGroup;
    }

    /** The KMS key of the runner's log group: given or created; null when a log group was given without a key. */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /** The task role (no permissions: the runner calls no AWS API). */
    public IRole getTaskRole() {
        return taskDefinition.getTaskRole();
    }

    /** The execution role (pulls the image, writes logs, reads the database secret). */
    public IRole getExecutionRole() {
        return taskDefinition.obtainExecutionRole();
    }

    /** The database this task migrates. */
    public IPostgresDatabase getDatabase() {
        return database;
    }

    /** The VPC the task runs in. */
    public IVpc getVpc() {
        return vpc;
    }

    /** The container command. */
    public List<String> getCommand() {
        return command;
    }

    /** The non-secret environment of the runner (part of the gate's fingerprint). */
    public Map<String, String> getEnvironment() {
        return environment;
    }

    /** The image reference (a token holding the asset hash for an image asset). */
    public String getImageName() {
        return container.getImageName();
    }

    /** Builder in the aws-cdk-lib shape. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final MigrationTaskProps.Builder props = MigrationTaskProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see MigrationTaskProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            props.vpc(vpc);
            return this;
        }

        /** @see MigrationTaskProps#getDatabase() */
        public Builder database(IPostgresDatabase database) {
            props.database(database);
            return this;
        }

        /** @see MigrationTaskProps#getImage() */
        public Builder image(ContainerImage image) {
            props.image(image);
            return this;
        }

        /** @see MigrationTaskProps#getCommand() */
        public Builder command(List<String> command) {
            props.command(command);
            return this;
        }

        /** @see MigrationTaskProps#getExecCommand() */
        public Builder execCommand(List<String> execCommand) {
            props.execCommand(execCommand);
            return this;
        }

        /** @see MigrationTaskProps#getEnvironment() */
        public Builder environment(Map<String, String> environment) {
            props.environment(environment);
            return this;
        }

        /** @see MigrationTaskProps#getCpu() */
        public Builder cpu(Number cpu) {
            props.cpu(cpu);
            return this;
        }

        /** @see MigrationTaskProps#getMemoryLimitMiB() */
        public Builder memoryLimitMiB(Number memoryLimitMiB) {
            props.memoryLimitMiB(memoryLimitMiB);
            return this;
        }

        /** @see MigrationTaskProps#getCpuArchitecture() */
        public Builder cpuArchitecture(CpuArchitecture cpuArchitecture) {
            props.cpuArchitecture(cpuArchitecture);
            return this;
        }

        /** @see MigrationTaskProps#getSecurityGroup() */
        public Builder securityGroup(ISecurityGroup securityGroup) {
            props.securityGroup(securityGroup);
            return this;
        }

        /** @see MigrationTaskProps#getLogGroup() */
        public Builder logGroup(ILogGroup logGroup) {
            props.logGroup(logGroup);
            return this;
        }

        /** @see MigrationTaskProps#getLogRetention() */
        public Builder logRetention(RetentionDays logRetention) {
            props.logRetention(logRetention);
            return this;
        }

        /** @see MigrationTaskProps#getEncryptionKey() */
        public Builder encryptionKey(IKey encryptionKey) {
            props.encryptionKey(encryptionKey);
            return this;
        }

        public MigrationTask build() {
            return new MigrationTask(scope, id, props.build());
        }
    }
}
