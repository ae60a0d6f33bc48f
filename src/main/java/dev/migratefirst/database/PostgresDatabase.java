package dev.migratefirst.database;

import static dev.migratefirst.internal.Validation.check;
import static dev.migratefirst.internal.Validation.isKnown;
import static dev.migratefirst.internal.Validation.range;
import static dev.migratefirst.internal.Validation.required;

import dev.migratefirst.internal.EncryptionKeys;
import dev.migratefirst.network.SubnetDefaults;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.backup.BackupPlan;
import software.amazon.awscdk.services.backup.BackupPlanRule;
import software.amazon.awscdk.services.backup.BackupResource;
import software.amazon.awscdk.services.backup.BackupSelectionOptions;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.ConnectionsProps;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroupImportOptions;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.rds.CaCertificate;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.CredentialsBaseOptions;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceAttributes;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.DatabaseSecret;
import software.amazon.awscdk.services.rds.IDatabaseCluster;
import software.amazon.awscdk.services.rds.IDatabaseInstance;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PerformanceInsightRetention;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.StorageType;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretRotation;
import software.amazon.awscdk.services.secretsmanager.SecretRotationApplication;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * A private RDS for PostgreSQL instance with production defaults: isolated subnets, never publicly
 * accessible, encrypted storage, {@code rds.force_ssl=1}, 7+ days of backups, deletion protection and a
 * SNAPSHOT removal policy, credentials generated into Secrets Manager and rotated on a schedule.
 *
 * <pre>{@code
 * PostgresDatabase db = PostgresDatabase.Builder.create(this, "Database")
 *         .vpc(network.getVpc())
 *         .vpcSubnets(network.getDatabaseSubnets())
 *         .rotationSubnets(network.getApplicationSubnets())
 *         .build();
 * db.getConnections().allowDefaultPortFrom(service);
 * db.grantSecretRead(taskDefinition.getExecutionRole());
 * }</pre>
 *
 * <p>With {@code appUsername("app")} the app gets its own secret ({@code AppSecret}), rotated with the
 * alternating-users strategy ({@code AppRotation}); give the app that secret
 * ({@link #getAppSecret()}), never the master secret.
 *
 * <p>Hardened by default for the NIST 800-53, HIPAA and PCI DSS cdk-nag packs: storage, both secrets, Performance
 * Insights and the AWS Backup vault are encrypted with one customer-managed key ({@code encryptionKey}, else
 * {@code Key}, created with rotation on); enhanced monitoring (60 s) and Performance Insights (7 days, free tier)
 * are on; a daily AWS Backup plan ({@code Backup}) keeps 35 days; every alarm sends to {@code alarmTopic}.
 *
 * <p>Construct IDs are stable: the instance is {@code Resource}, next to {@code SecurityGroup},
 * {@code ParameterGroup}, {@code Rotation}, {@code AppSecret}, {@code Key}, {@code Backup} and the alarms
 * {@code CpuAlarm}, {@code FreeStorageAlarm}, {@code FreeMemoryAlarm}.
 */
public class PostgresDatabase extends PostgresDatabaseBase {

    /** The PostgreSQL port, default port of the connections unless {@code port} says otherwise. */
    public static final int DEFAULT_PORT = 5432;
    /** The engine version used when none is given: a current major, minors picked and upgraded by RDS. */
    public static final PostgresEngineVersion DEFAULT_ENGINE_VERSION = PostgresEngineVersion.VER_17;
    public static final String DEFAULT_DATABASE_NAME = "app";
    public static final String DEFAULT_MASTER_USERNAME = "dbadmin";
    /** The shortest backup retention accepted. */
    public static final Duration MIN_BACKUP_RETENTION = Duration.days(7);
    public static final Duration DEFAULT_ROTATION_SCHEDULE = Duration.days(30);
    /**
     * Characters never generated into passwords (by creation and by rotation): the ones that need quoting in
     * a connection URL, a shell or a libpq connection string.
     */
    public static final String PASSWORD_EXCLUDE_CHARACTERS = " %+~`#$&*()|[]{}:;<>?!'/@\"\\=,";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
    private static final Set<String> RESERVED_DATABASE_NAMES = Set.of("postgres", "template0", "template1", "rdsadmin");
    private static final Set<String> RESERVED_USERNAMES = Set.of("rdsadmin", "rdsrepladmin", "rds_superuser", "public");
    private static final String FORCE_SSL = "rds.force_ssl";

    private final IVpc vpc;
    private final DatabaseInstance instance;
    private final ISecret secret;
    private final ParameterGroup parameterGroup;
    private final ISecurityGroup securityGroup;
    private final Connections connections;
    private final SecretRotation rotation;
    private final ISecret appSecret;
    private final SecretRotation appRotation;
    private final String databaseName;
    private final boolean iamAuthentication;
    private final Number port;
    private final List<Alarm> alarms;
    private final IKey encryptionKey;
    private final BackupPlan backupPlan;

    /** Enhanced monitoring interval when it is on. */
    public static final Duration MONITORING_INTERVAL = Duration.seconds(60);

    public PostgresDatabase(Construct scope, String id, PostgresDatabaseProps props) {
        super(scope, id);
        validate(props);

        this.vpc = props.getVpc();
        this.databaseName = orDefault(props.getDatabaseName(), DEFAULT_DATABASE_NAME);
        this.iamAuthentication = Boolean.TRUE.equals(props.getIamAuthentication());
        this.port = orDefault(props.getPort(), DEFAULT_PORT);
        RemovalPolicy removalPolicy = orDefault(props.getRemovalPolicy(), RemovalPolicy.SNAPSHOT);
        String masterUsername = orDefault(props.getMasterUsername(), DEFAULT_MASTER_USERNAME);
        SubnetSelection vpcSubnets = props.getVpcSubnets() != null ? props.getVpcSubnets()
                : SubnetDefaults.databaseSubnets(this, vpc, "vpcSubnets");

        this.securityGroup = props.getSecurityGroup() != null ? props.getSecurityGroup()
                : SecurityGroup.Builder.create(this, "SecurityGroup")
                        .vpc(vpc)
                        .description("PostgreSQL " + getNode().getPath() + ": ingress only from granted peers")
                        .allowAllOutbound(false)
                        .build();
        this.connections = new Connections(ConnectionsProps.builder()
                .securityGroups(List.of(securityGroup))
                .defaultPort(Port.tcp(port))
                .build());

        IInstanceEngine engine = DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                .version(orDefault(props.getEngineVersion(), DEFAULT_ENGINE_VERSION))
                .build());
        this.parameterGroup = ParameterGroup.Builder.create(this, "ParameterGroup")
                .engine(engine)
                .description("PostgreSQL " + getNode().getPath() + ": TLS required")
                .parameters(parameters(props.getParameters()))
                .build();

        this.encryptionKey = EncryptionKeys.orCreate(this, "Key",
                props.getEncryptionKey() != null ? props.getEncryptionKey() : props.getStorageEncryptionKey(),
                "Encrypts the storage, secrets, Performance Insights and backups of PostgreSQL " + getNode().getPath());
        IKey key = encryptionKey;
        // The secrets hold the key as an imported reference, so secret.grantRead(role) (also from a task role in
        // another stack) adds nothing to this key's policy, which would make this stack depend on the grantee's
        // (CDK's grant through kms:ViaService lands in the key policy). Instead the key policy lets principals of
        // this account use the key through Secrets Manager only, as aws/secretsmanager's policy does; reading a
        // secret still takes secretsmanager:GetSecretValue on it.
        EncryptionKeys.allowSecretsManager(key);
        IKey secretKey = Token.isUnresolved(key.getKeyArn()) && key instanceof software.amazon.awscdk.services.kms.Key
                ? software.amazon.awscdk.services.kms.Key.fromKeyArn(this, "SecretKey", key.getKeyArn()) : key;
        boolean performanceInsights = orDefault(props.getEnablePerformanceInsights(), true);
        DatabaseInstance.Builder builder = DatabaseInstance.Builder.create(this, "Resource")
                .engine(engine)
                .vpc(vpc)
                .vpcSubnets(vpcSubnets)
                .publiclyAccessible(false)
                .securityGroups(List.of(securityGroup))
                .port(port)
                .instanceType(orDefault(props.getInstanceType(),
                        InstanceType.of(InstanceClass.BURSTABLE4_GRAVITON, InstanceSize.MICRO)))
                .storageType(StorageType.GP3)
                .allocatedStorage(orDefault(props.getAllocatedStorage(), 20))
                .maxAllocatedStorage(orDefault(props.getMaxAllocatedStorage(), 100))
                .storageEncrypted(true)
                .storageEncryptionKey(key)
                .multiAz(orDefault(props.getMultiAz(), true))
                .databaseName(databaseName)
                .credentials(Credentials.fromGeneratedSecret(masterUsername, CredentialsBaseOptions.builder()
                        .excludeCharacters(PASSWORD_EXCLUDE_CHARACTERS).encryptionKey(secretKey).build()))
                .parameterGroup(parameterGroup)
                .caCertificate(CaCertificate.RDS_CA_RSA2048_G1)
                .iamAuthentication(iamAuthentication)
                .backupRetention(orDefault(props.getBackupRetention(), MIN_BACKUP_RETENTION))
                .deleteAutomatedBackups(removalPolicy == RemovalPolicy.DESTROY)
                .copyTagsToSnapshot(true)
                .autoMinorVersionUpgrade(true)
                .allowMajorVersionUpgrade(orDefault(props.getAllowMajorVersionUpgrade(), false))
                .cloudwatchLogsExports(List.of("postgresql", "upgrade"))
                .deletionProtection(orDefault(props.getDeletionProtection(), true))
                .removalPolicy(removalPolicy)
                .enablePerformanceInsights(performanceInsights);
        if (performanceInsights) {
            builder.performanceInsightRetention(PerformanceInsightRetention.DEFAULT)
                    .performanceInsightEncryptionKey(key);
        }
        if (orDefault(props.getEnableEnhancedMonitoring(), true)) {
            builder.monitoringInterval(MONITORING_INTERVAL);
        }
        this.instance = builder.build();
        this.secret = instance.getSecret();
        if (removalPolicy != RemovalPolicy.DESTROY) {
            // A retained snapshot is only useful with the password it was taken with.
            ((Secret) instance.getNode().findChild("Secret")).applyRemovalPolicy(RemovalPolicy.RETAIN);
        }

        boolean rotate = orDefault(props.getEnableRotation(), true);
        SubnetSelection rotationSubnets = !rotate ? null : props.getRotationSubnets() != null
                ? props.getRotationSubnets() : SubnetDefaults.applicationSubnets(this, vpc, "rotationSubnets");
        if (rotate) {
            this.rotation = SecretRotation.Builder.create(this, "Rotation")
                    .application(SecretRotationApplication.POSTGRES_ROTATION_SINGLE_USER)
                    .secret(secret)
                    .target(this)
                    .vpc(vpc)
                    .vpcSubnets(rotationSubnets)
                    .automaticallyAfter(orDefault(props.getRotationSchedule(), DEFAULT_ROTATION_SCHEDULE))
                    .excludeCharacters(PASSWORD_EXCLUDE_CHARACTERS)
                    .build();
        } else {
            this.rotation = null;
        }

        if (props.getAppUsername() != null) {
            DatabaseSecret app = DatabaseSecret.Builder.create(this, "AppSecret")
                    .username(props.getAppUsername())
                    .dbname(databaseName)
                    .masterSecret(secret)
                    .encryptionKey(secretKey)
                    .excludeCharacters(PASSWORD_EXCLUDE_CHARACTERS)
                    .build();
            if (removalPolicy != RemovalPolicy.DESTROY) {
                app.applyRemovalPolicy(RemovalPolicy.RETAIN);
            }
            // host, port, engine, dbInstanceIdentifier: what the rotation function connects with
            this.appSecret = app.attach(instance);
            // what DatabaseInstance.addRotationMultiUser builds, with this construct as the target, so the
            // function's ingress rule names the literal port as the master rotation's does
            this.appRotation = !rotate ? null : SecretRotation.Builder.create(this, "AppRotation")
                    .application(SecretRotationApplication.POSTGRES_ROTATION_MULTI_USER)
                    .secret(appSecret)
                    .masterSecret(secret)
                    .target(this)
                    .vpc(vpc)
                    .vpcSubnets(rotationSubnets)
                    .automaticallyAfter(orDefault(props.getRotationSchedule(), DEFAULT_ROTATION_SCHEDULE))
                    .excludeCharacters(PASSWORD_EXCLUDE_CHARACTERS)
                    // the role exists only once the migration task ran migrate; the function's setSecret
                    // first logs in with the current credential and would fail before that
                    .rotateImmediatelyOnUpdate(false)
                    .build();
        } else {
            this.appSecret = null;
            this.appRotation = null;
        }

        this.alarms = orDefault(props.getEnableAlarms(), true) ? List.copyOf(createAlarms()) : List.of();
        if (props.getAlarmTopic() != null) {
            SnsAction action = new SnsAction(props.getAlarmTopic());
            alarms.forEach(alarm -> alarm.addAlarmAction(action));
        }
        this.backupPlan = orDefault(props.getEnableBackupPlan(), true) ? createBackupPlan(removalPolicy) : null;
        suppressManagedServiceRoles();

        if (!Token.isUnresolved(port) && port.intValue() == DEFAULT_PORT) {
            NagSuppressions.addResourceSuppressions(instance, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-RDS11")
                    .reason("Port 5432 is kept so psql, JDBC and the SSM tunnel work with their defaults; the "
                            + "instance is unreachable except from security groups granted explicitly, so a "
                            + "non-default port would add no protection.")
                    .build()));
        }
    }

    /**
     * A daily AWS Backup plan with 35 days of retention into a vault encrypted with
     * the key, on top of RDS's own automated backups: backups a landing zone can see, copy and lock.
     */
    private BackupPlan createBackupPlan(RemovalPolicy removalPolicy) {
        Construct scope = new Construct(this, "Backup");
        BackupVault vault = BackupVault.Builder.create(scope, "Vault")
                .encryptionKey(encryptionKey)
                .removalPolicy(removalPolicy == RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
                .build();
        BackupPlan plan = BackupPlan.Builder.create(scope, "Plan")
                .backupVault(vault)
                .backupPlanRules(List.of(BackupPlanRule.daily()))
                .build();
        plan.addSelection("Selection", BackupSelectionOptions.builder()
                .resources(List.of(BackupResource.fromRdsDatabaseInstance(instance)))
                .build());
        return plan;
    }

    /** The service roles RDS and AWS Backup document with their AWS managed policies. */
    private void suppressManagedServiceRoles() {
        software.constructs.IConstruct monitoringRole = instance.getNode().tryFindChild("MonitoringRole");
        if (monitoringRole != null) {
            NagSuppressions.addResourceSuppressions(monitoringRole, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM4")
                    .reason("Enhanced monitoring: RDS documents AmazonRDSEnhancedMonitoringRole as the policy of the "
                            + "role it assumes to publish OS metrics to CloudWatch Logs (RDSOSMetrics); nothing else.")
                    .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                            + "AmazonRDSEnhancedMonitoringRole"))
                    .build()), true);
        }
        if (backupPlan != null) {
            NagSuppressions.addResourceSuppressions(backupPlan.getNode().findChild("Selection"),
                    List.of(NagPackSuppression.builder()
                            .id("AwsSolutions-IAM4")
                            .reason("AWS Backup: the selection's role holds AWSBackupServiceRolePolicyForBackup, the "
                                    + "AWS managed policy AWS Backup documents for taking snapshots of the instance.")
                            .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                                    + "AWSBackupServiceRolePolicyForBackup"))
                            .build()), true);
        }
    }

    private List<Alarm> createAlarms() {
        Duration period = Duration.minutes(5);
        String path = getNode().getPath();
        return List.of(
                instance.metricCPUUtilization(MetricOptions.builder().period(period).statistic("Average").build())
                        .createAlarm(this, "CpuAlarm", CreateAlarmOptions.builder()
                                .alarmDescription("PostgreSQL " + path + ": CPU at or above 80 % for 15 minutes")
                                .threshold(80)
                                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                                .evaluationPeriods(3)
                                .treatMissingData(TreatMissingData.NOT_BREACHING)
                                .build()),
                instance.metricFreeStorageSpace(MetricOptions.builder().period(period).statistic("Minimum").build())
                        .createAlarm(this, "FreeStorageAlarm", CreateAlarmOptions.builder()
                                .alarmDescription("PostgreSQL " + path + ": less than 2 GiB of free storage")
                                .threshold(2L * 1024 * 1024 * 1024)
                                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                                .evaluationPeriods(1)
                                .treatMissingData(TreatMissingData.NOT_BREACHING)
                                .build()),
                instance.metricFreeableMemory(MetricOptions.builder().period(period).statistic("Minimum").build())
                        .createAlarm(this, "FreeMemoryAlarm", CreateAlarmOptions.builder()
                                .alarmDescription("PostgreSQL " + path + ": less than 64 MiB of freeable memory")
                                .threshold(64L * 1024 * 1024)
                                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                                .evaluationPeriods(3)
                                .treatMissingData(TreatMissingData.NOT_BREACHING)
                                .build()));
    }

    /**
     * Imports an existing instance and its credentials secret, e.g. one created by
     * {@link PostgresDatabase} in a long-lived stack, so another stack can grant access to it.
     */
    public static IPostgresDatabase fromPostgresDatabaseAttributes(Construct scope, String id,
            PostgresDatabaseAttributes attrs) {
        return new ImportedPostgresDatabase(scope, id, attrs);
    }

    /**
     * An RDS for PostgreSQL instance this library did not create (an aws-rds {@code DatabaseInstance} of the
     * same app, or one imported with {@code DatabaseInstance.fromDatabaseInstanceAttributes}) as an
     * {@link IPostgresDatabase}, so a team with an existing database adopts only the migrate-first part. Its
     * connections, endpoint and port are the instance's own; nothing is created.
     *
     * <pre>{@code
     * IPostgresDatabase db = PostgresDatabase.fromDatabaseInstance(this, "Db", instance,
     *         ExistingDatabaseOptions.builder().databaseName("orders").build());
     * }</pre>
     *
     * @throws dev.migratefirst.internal.ValidationException when the engine is known and not PostgreSQL, no
     *         secret is given and the instance has no generated one, or the database name is missing
     */
    public static IPostgresDatabase fromDatabaseInstance(Construct scope, String id, IDatabaseInstance instance,
            ExistingDatabaseOptions options) {
        return new ExistingPostgresDatabase.Instance(scope, id, instance, options);
    }

    /**
     * An Aurora PostgreSQL cluster this library did not create (an aws-rds {@code DatabaseCluster} of the same
     * app, or one imported with {@code DatabaseCluster.fromDatabaseClusterAttributes}) as an
     * {@link IPostgresDatabase}: endpoint and port of the cluster (writer) endpoint, the cluster's connections,
     * {@code getInstanceIdentifier()} the cluster identifier and {@code getDatabaseInstance()} null.
     *
     * @throws dev.migratefirst.internal.ValidationException when the engine is known and not Aurora PostgreSQL,
     *         no secret is given and the cluster has no generated one, or the database name is missing
     */
    public static IPostgresDatabase fromDatabaseCluster(Construct scope, String id, IDatabaseCluster cluster,
            ExistingDatabaseOptions options) {
        return new ExistingPostgresDatabase.Cluster(scope, id, cluster, options);
    }

    /**
     * A view of this database for another stack of the same app, built with
     * {@link #fromPostgresDatabaseAttributes}: the security group is imported by id, so ingress rules that
     * stack grants ({@code allowDefaultPortFrom}) are created in that stack. Calling
     * {@code getConnections().allowDefaultPortFrom(peer)} on this construct with a peer in another stack
     * would put the rule in this stack and, since that stack already uses this one's VPC, create a
     * dependency cycle. ({@code peer.getConnections().allowToDefaultPort(this)} is fine: CDK places that
     * rule in the peer's stack.)
     */
    public IPostgresDatabase importInto(Construct scope, String id) {
        Construct view = new Construct(scope, id);
        ISecurityGroup importedGroup = SecurityGroup.fromSecurityGroupId(view, "SecurityGroup",
                securityGroup.getSecurityGroupId(),
                SecurityGroupImportOptions.builder().mutable(true).allowAllOutbound(false).build());
        return fromPostgresDatabaseAttributes(view, "Database", PostgresDatabaseAttributes.builder()
                .instanceIdentifier(getInstanceIdentifier())
                .instanceEndpointAddress(getEndpointAddress())
                .port(port)
                .securityGroups(List.of(importedGroup))
                .secret(secret)
                .databaseName(databaseName)
                .iamAuthentication(iamAuthentication)
                .instanceResourceId(iamAuthentication ? getInstanceResourceId() : null)
                .appSecret(appSecret)
                .build());
    }

    private void validate(PostgresDatabaseProps props) {
        IVpc vpc = required(this, "vpc", props == null ? null : props.getVpc());
        Duration backup = props.getBackupRetention();
        if (isKnown(backup)) {
            double days = backup.toHours().doubleValue() / 24;
            check(days >= 7 && days <= 35, this, "backupRetention",
                    "must be between 7 and 35 days (got " + backup.toHumanString() + ")");
        }
        Duration rotationSchedule = props.getRotationSchedule();
        if (isKnown(rotationSchedule)) {
            double days = rotationSchedule.toHours().doubleValue() / 24;
            check(days >= 1 && days <= 1000, this, "rotationSchedule",
                    "must be between 1 and 1000 days (got " + rotationSchedule.toHumanString() + ")");
        }
        check(rotationSchedule == null || !Boolean.FALSE.equals(props.getEnableRotation()), this, "rotationSchedule",
                "is set but enableRotation is false");
        Number allocated = props.getAllocatedStorage();
        range(this, "allocatedStorage", allocated, 20, 65536, " GiB");
        Number max = props.getMaxAllocatedStorage();
        double allocatedOrDefault = isKnown(allocated) ? allocated.doubleValue() : 20;
        check(!isKnown(max) || max.doubleValue() >= allocatedOrDefault, this, "maxAllocatedStorage",
                "must be at least allocatedStorage (" + allocatedOrDefault + "; got " + max + ")");
        range(this, "port", props.getPort(), 1150, 65535, " (RDS limit)");
        checkIdentifier("databaseName", props.getDatabaseName(), RESERVED_DATABASE_NAMES);
        checkIdentifier("masterUsername", props.getMasterUsername(), RESERVED_USERNAMES);
        String app = props.getAppUsername();
        checkIdentifier("appUsername", app, RESERVED_USERNAMES);
        if (isKnown(app)) {
            check(app.length() <= 63 - "_clone".length(), this, "appUsername", "must leave room for the rotation's "
                    + "_clone suffix: at most 57 characters (got " + app.length() + ")");
            check(!app.equals(orDefault(props.getMasterUsername(), DEFAULT_MASTER_USERNAME)), this, "appUsername",
                    "must differ from the master username: the app never gets the master credential");
        }
        check(props.getEncryptionKey() == null || props.getStorageEncryptionKey() == null, this, "storageEncryptionKey",
                "is the deprecated name of encryptionKey: give one of them");
        Map<String, String> parameters = props.getParameters();
        check(parameters == null || !parameters.containsKey(FORCE_SSL) || "1".equals(parameters.get(FORCE_SSL)), this,
                "parameters", "must not turn off " + FORCE_SSL + " (TLS is always required)");
        SubnetSelection subnets = props.getVpcSubnets();
        check(subnets == null || (subnets.getSubnetType() != SubnetType.PUBLIC
                && !Boolean.TRUE.equals(vpc.selectSubnets(subnets).getHasPublic())), this, "vpcSubnets",
                "must not select public subnets");
    }

    private void checkIdentifier(String prop, String value, Set<String> reserved) {
        if (!isKnown(value)) {
            return;
        }
        check(IDENTIFIER.matcher(value).matches(), this, prop,
                "must start with a letter and hold up to 63 letters, digits or underscores (got '" + value + "')");
        check(!reserved.contains(value.toLowerCase(Locale.ROOT)) && !value.startsWith("rds") && !value.startsWith("pg_"),
                this, prop, "'" + value + "' is reserved by PostgreSQL or RDS");
    }

    private static Map<String, String> parameters(Map<String, String> user) {
        Map<String, String> merged = new LinkedHashMap<>();
        merged.put("ssl_min_protocol_version", "TLSv1.2");
        if (user != null) {
            merged.putAll(user);
        }
        merged.put(FORCE_SSL, "1");
        return merged;
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** The RDS instance this construct created, for settings it does not expose. */
    @Override
    public DatabaseInstance getDatabaseInstance() {
        return instance;
    }

    /** The VPC the instance lives in. */
    public IVpc getVpc() {
        return vpc;
    }

    @Override
    public ISecret getSecret() {
        return secret;
    }

    /** The parameter group ({@code rds.force_ssl=1}). */
    public ParameterGroup getParameterGroup() {
        return parameterGroup;
    }

    /** The security group of the instance: created, or the one given in the props. */
    public ISecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    /** The single-user rotation of the master secret, or null with {@code enableRotation(false)}. */
    public SecretRotation getRotation() {
        return rotation;
    }

    /**
     * The secret of the app's own least-privilege role (attached to the instance), or null without
     * {@code appUsername}. Its username alternates between {@code appUsername} and
     * {@code <appUsername>_clone} with each rotation.
     */
    @Override
    public ISecret getAppSecret() {
        return appSecret;
    }

    /** The alternating-users rotation of the app secret, or null without app user or with {@code enableRotation(false)}. */
    public SecretRotation getAppRotation() {
        return appRotation;
    }

    /** The customer-managed KMS key (given or created): storage, secrets, Performance Insights, backups. */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /** The AWS Backup plan of the instance, or null with {@code enableBackupPlan(false)}. */
    public BackupPlan getBackupPlan() {
        return backupPlan;
    }

    /** The CloudWatch alarms on the instance (CPU, free storage, freeable memory); empty with {@code enableAlarms(false)}. */
    public List<Alarm> getAlarms() {
        return alarms;
    }

    @Override
    public Connections getConnections() {
        return connections;
    }

    @Override
    public String getDatabaseName() {
        return databaseName;
    }

    @Override
    public boolean isIamAuthenticationEnabled() {
        return iamAuthentication;
    }

    @Override
    public String getInstanceResourceId() {
        return instance.getInstanceResourceId();
    }

    /** An imported database: nothing is created, grants and connections land on the given resources. */
    private static final class ImportedPostgresDatabase extends PostgresDatabaseBase {
        private final IDatabaseInstance instance;
        private final ISecret secret;
        private final Connections connections;
        private final String databaseName;
        private final boolean iamAuthentication;
        private final String instanceResourceId;
        private final ISecret appSecret;

        ImportedPostgresDatabase(Construct scope, String id, PostgresDatabaseAttributes attrs) {
            super(scope, id);
            required(this, "instanceIdentifier", attrs.getInstanceIdentifier());
            required(this, "instanceEndpointAddress", attrs.getInstanceEndpointAddress());
            check(attrs.getSecurityGroups() != null && !attrs.getSecurityGroups().isEmpty(), this, "securityGroups",
                    "is required (at least one)");
            required(this, "secret", attrs.getSecret());
            required(this, "databaseName", attrs.getDatabaseName());
            check(!Boolean.TRUE.equals(attrs.getIamAuthentication()) || attrs.getInstanceResourceId() != null, this,
                    "instanceResourceId", "is required with iamAuthentication");
            Number port = attrs.getPort() != null ? attrs.getPort() : DEFAULT_PORT;
            this.instance = DatabaseInstance.fromDatabaseInstanceAttributes(this, "Resource",
                    DatabaseInstanceAttributes.builder()
                            .instanceIdentifier(attrs.getInstanceIdentifier())
                            .instanceEndpointAddress(attrs.getInstanceEndpointAddress())
                            .port(port)
                            .securityGroups(attrs.getSecurityGroups())
                            .engine(DatabaseInstanceEngine.POSTGRES)
                            .instanceResourceId(attrs.getInstanceResourceId())
                            .build());
            this.secret = attrs.getSecret();
            this.connections = new Connections(ConnectionsProps.builder()
                    .securityGroups(attrs.getSecurityGroups())
                    .defaultPort(Port.tcp(port))
                    .build());
            this.databaseName = attrs.getDatabaseName();
            this.iamAuthentication = Boolean.TRUE.equals(attrs.getIamAuthentication());
            this.instanceResourceId = attrs.getInstanceResourceId();
            this.appSecret = attrs.getAppSecret();
        }

        @Override
        public ISecret getAppSecret() {
            return appSecret;
        }

        @Override
        public IDatabaseInstance getDatabaseInstance() {
            return instance;
        }

        @Override
        public ISecret getSecret() {
            return secret;
        }

        @Override
        public Connections getConnections() {
            return connections;
        }

        @Override
        public String getDatabaseName() {
            return databaseName;
        }

        @Override
        public boolean isIamAuthenticationEnabled() {
            return iamAuthentication;
        }

        @Override
        public String getInstanceResourceId() {
            return instanceResourceId;
        }
    }

    /** Builder in the aws-cdk-lib shape: {@code PostgresDatabase.Builder.create(scope, id).vpc(vpc).build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final PostgresDatabaseProps.Builder props = PostgresDatabaseProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see PostgresDatabaseProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            props.vpc(vpc);
            return this;
        }

        /** @see PostgresDatabaseProps#getVpcSubnets() */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            props.vpcSubnets(vpcSubnets);
            return this;
        }

        /** @see PostgresDatabaseProps#getEngineVersion() */
        public Builder engineVersion(PostgresEngineVersion engineVersion) {
            props.engineVersion(engineVersion);
            return this;
        }

        /** @see PostgresDatabaseProps#getInstanceType() */
        public Builder instanceType(InstanceType instanceType) {
            props.instanceType(instanceType);
            return this;
        }

        /** @see PostgresDatabaseProps#getAllocatedStorage() */
        public Builder allocatedStorage(Number allocatedStorage) {
            props.allocatedStorage(allocatedStorage);
            return this;
        }

        /** @see PostgresDatabaseProps#getMaxAllocatedStorage() */
        public Builder maxAllocatedStorage(Number maxAllocatedStorage) {
            props.maxAllocatedStorage(maxAllocatedStorage);
            return this;
        }

        /** @see PostgresDatabaseProps#getDatabaseName() */
        public Builder databaseName(String databaseName) {
            props.databaseName(databaseName);
            return this;
        }

        /** @see PostgresDatabaseProps#getMasterUsername() */
        public Builder masterUsername(String masterUsername) {
            props.masterUsername(masterUsername);
            return this;
        }

        /** @see PostgresDatabaseProps#getPort() */
        public Builder port(Number port) {
            props.port(port);
            return this;
        }

        /** @see PostgresDatabaseProps#getMultiAz() */
        public Builder multiAz(Boolean multiAz) {
            props.multiAz(multiAz);
            return this;
        }

        /** @see PostgresDatabaseProps#getBackupRetention() */
        public Builder backupRetention(Duration backupRetention) {
            props.backupRetention(backupRetention);
            return this;
        }

        /** @see PostgresDatabaseProps#getDeletionProtection() */
        public Builder deletionProtection(Boolean deletionProtection) {
            props.deletionProtection(deletionProtection);
            return this;
        }

        /** @see PostgresDatabaseProps#getRemovalPolicy() */
        public Builder removalPolicy(RemovalPolicy removalPolicy) {
            props.removalPolicy(removalPolicy);
            return this;
        }

        /**
         * @see PostgresDatabaseProps#getStorageEncryptionKey()
         * @deprecated use {@link #encryptionKey(IKey)}
         */
        @Deprecated
        public Builder storageEncryptionKey(IKey storageEncryptionKey) {
            props.storageEncryptionKey(storageEncryptionKey);
            return this;
        }

        /** @see PostgresDatabaseProps#getIamAuthentication() */
        public Builder iamAuthentication(Boolean iamAuthentication) {
            props.iamAuthentication(iamAuthentication);
            return this;
        }

        /** @see PostgresDatabaseProps#getEnableRotation() */
        public Builder enableRotation(Boolean enableRotation) {
            props.enableRotation(enableRotation);
            return this;
        }

        /** @see PostgresDatabaseProps#getRotationSchedule() */
        public Builder rotationSchedule(Duration rotationSchedule) {
            props.rotationSchedule(rotationSchedule);
            return this;
        }

        /** @see PostgresDatabaseProps#getRotationSubnets() */
        public Builder rotationSubnets(SubnetSelection rotationSubnets) {
            props.rotationSubnets(rotationSubnets);
            return this;
        }

        /** @see PostgresDatabaseProps#getSecurityGroup() */
        public Builder securityGroup(ISecurityGroup securityGroup) {
            props.securityGroup(securityGroup);
            return this;
        }

        /** @see PostgresDatabaseProps#getParameters() */
        public Builder parameters(Map<String, String> parameters) {
            props.parameters(parameters);
            return this;
        }

        /** @see PostgresDatabaseProps#getAllowMajorVersionUpgrade() */
        public Builder allowMajorVersionUpgrade(Boolean allowMajorVersionUpgrade) {
            props.allowMajorVersionUpgrade(allowMajorVersionUpgrade);
            return this;
        }

        /** @see PostgresDatabaseProps#getEnableAlarms() */
        public Builder enableAlarms(Boolean enableAlarms) {
            props.enableAlarms(enableAlarms);
            return this;
        }

        /** @see PostgresDatabaseProps#getEncryptionKey() */
        public Builder encryptionKey(IKey encryptionKey) {
            props.encryptionKey(encryptionKey);
            return this;
        }

        /** @see PostgresDatabaseProps#getAlarmTopic() */
        public Builder alarmTopic(ITopic alarmTopic) {
            props.alarmTopic(alarmTopic);
            return this;
        }

        /** @see PostgresDatabaseProps#getEnableEnhancedMonitoring() */
        public Builder enableEnhancedMonitoring(Boolean enableEnhancedMonitoring) {
            props.enableEnhancedMonitoring(enableEnhancedMonitoring);
            return this;
        }

        /** @see PostgresDatabaseProps#getEnablePerformanceInsights() */
        public Builder enablePerformanceInsights(Boolean enablePerformanceInsights) {
            props.enablePerformanceInsights(enablePerformanceInsights);
            return this;
        }

        /** @see PostgresDatabaseProps#getEnableBackupPlan() */
        public Builder enableBackupPlan(Boolean enableBackupPlan) {
            props.enableBackupPlan(enableBackupPlan);
            return this;
        }

        /** @see PostgresDatabaseProps#getAppUsername() */
        public Builder appUsername(String appUsername) {
            props.appUsername(appUsername);
            return this;
        }

        public PostgresDatabase build() {
            return new PostgresDatabase(scope, id, props.build());
        }
    }
}
