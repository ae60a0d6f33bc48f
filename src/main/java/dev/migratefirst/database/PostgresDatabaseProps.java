package dev.migratefirst.database;

import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * Properties of a {@link PostgresDatabase}. Only {@code vpc} is required; every other property has a
 * production default (documented with {@code @default} on its getter).
 */
public final class PostgresDatabaseProps {
    private final IVpc vpc;
    private final SubnetSelection vpcSubnets;
    private final PostgresEngineVersion engineVersion;
    private final InstanceType instanceType;
    private final Number allocatedStorage;
    private final Number maxAllocatedStorage;
    private final String databaseName;
    private final String masterUsername;
    private final Number port;
    private final Boolean multiAz;
    private final Duration backupRetention;
    private final Boolean deletionProtection;
    private final RemovalPolicy removalPolicy;
    private final IKey storageEncryptionKey;
    private final Boolean iamAuthentication;
    private final Boolean enableRotation;
    private final Duration rotationSchedule;
    private final SubnetSelection rotationSubnets;
    private final ISecurityGroup securityGroup;
    private final Map<String, String> parameters;
    private final Boolean allowMajorVersionUpgrade;
    private final Boolean enableAlarms;
    private final String appUsername;
    private final IKey encryptionKey;
    private final ITopic alarmTopic;
    private final Boolean enableEnhancedMonitoring;
    private final Boolean enablePerformanceInsights;
    private final Boolean enableBackupPlan;

    private PostgresDatabaseProps(Builder b) {
        this.vpc = b.vpc;
        this.vpcSubnets = b.vpcSubnets;
        this.engineVersion = b.engineVersion;
        this.instanceType = b.instanceType;
        this.allocatedStorage = b.allocatedStorage;
        this.maxAllocatedStorage = b.maxAllocatedStorage;
        this.databaseName = b.databaseName;
        this.masterUsername = b.masterUsername;
        this.port = b.port;
        this.multiAz = b.multiAz;
        this.backupRetention = b.backupRetention;
        this.deletionProtection = b.deletionProtection;
        this.removalPolicy = b.removalPolicy;
        this.storageEncryptionKey = b.storageEncryptionKey;
        this.iamAuthentication = b.iamAuthentication;
        this.enableRotation = b.enableRotation;
        this.rotationSchedule = b.rotationSchedule;
        this.rotationSubnets = b.rotationSubnets;
        this.securityGroup = b.securityGroup;
        this.parameters = b.parameters == null ? null : Map.copyOf(b.parameters);
        this.allowMajorVersionUpgrade = b.allowMajorVersionUpgrade;
        this.enableAlarms = b.enableAlarms;
        this.appUsername = b.appUsername;
        this.encryptionKey = b.encryptionKey;
        this.alarmTopic = b.alarmTopic;
        this.enableEnhancedMonitoring = b.enableEnhancedMonitoring;
        this.enablePerformanceInsights = b.enablePerformanceInsights;
        this.enableBackupPlan = b.enableBackupPlan;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The VPC to place the database in. Required. */
    public IVpc getVpc() {
        return vpc;
    }

    /**
     * Where the instance's subnet group lives.
     *
     * @default {@code SubnetDefaults.databaseSubnets}: the isolated group {@code Database} when the VPC has
     *     one, else its isolated subnets, else its private subnets with egress; never public (a VPC with
     *     neither fails at synth naming this prop)
     */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /**
     * PostgreSQL engine version. A major-only version (e.g. {@code VER_17}) lets RDS pick and upgrade minors.
     *
     * @default {@code PostgresEngineVersion.VER_17}
     */
    public PostgresEngineVersion getEngineVersion() {
        return engineVersion;
    }

    /**
     * Instance class.
     *
     * @default {@code db.t4g.micro} (burstable Graviton; size up for production load)
     */
    public InstanceType getInstanceType() {
        return instanceType;
    }

    /**
     * Initial storage in GiB (gp3, at least 20).
     *
     * @default 20
     */
    public Number getAllocatedStorage() {
        return allocatedStorage;
    }

    /**
     * Upper bound for storage autoscaling in GiB; must be at least {@code allocatedStorage}.
     *
     * @default 100
     */
    public Number getMaxAllocatedStorage() {
        return maxAllocatedStorage;
    }

    /**
     * Name of the application database created in the instance.
     *
     * @default "app"
     */
    public String getDatabaseName() {
        return databaseName;
    }

    /**
     * Master user name. Its password is generated into the Secrets Manager secret, never into the template.
     *
     * @default "dbadmin"
     */
    public String getMasterUsername() {
        return masterUsername;
    }

    /**
     * Port the instance listens on; also the default port of its connections.
     *
     * @default 5432
     */
    public Number getPort() {
        return port;
    }

    /**
     * Whether RDS keeps a synchronous standby in a second AZ.
     *
     * @default true
     */
    public Boolean getMultiAz() {
        return multiAz;
    }

    /**
     * How long automated backups are kept (7 to 35 days).
     *
     * @default 7 days
     */
    public Duration getBackupRetention() {
        return backupRetention;
    }

    /**
     * Whether RDS refuses to delete the instance. Turn off only for throw-away environments.
     *
     * @default true
     */
    public Boolean getDeletionProtection() {
        return deletionProtection;
    }

    /**
     * What CloudFormation does with the instance when it leaves the stack. {@code DESTROY} is the explicit
     * opt-out for throw-away environments; with any other policy the secret is retained too, so a snapshot
     * stays usable.
     *
     * @default {@code RemovalPolicy.SNAPSHOT}
     */
    public RemovalPolicy getRemovalPolicy() {
        return removalPolicy;
    }

    /**
     * The former name of {@code encryptionKey} (which now also encrypts the secrets, Performance Insights and
     * backups); give one of them.
     *
     * @default {@code encryptionKey}
     * @deprecated use {@link #getEncryptionKey()}
     */
    @Deprecated
    public IKey getStorageEncryptionKey() {
        return storageEncryptionKey;
    }

    /**
     * Whether IAM database authentication is enabled (needed by {@code grantConnect}).
     *
     * @default false
     */
    public Boolean getIamAuthentication() {
        return iamAuthentication;
    }

    /**
     * Whether the master secret is rotated (single-user rotation Lambda from the Secrets Manager
     * application repository); the construct exposes it as {@code getRotation()}.
     *
     * @default true
     */
    public Boolean getEnableRotation() {
        return enableRotation;
    }

    /**
     * How often the master password is rotated (1 to 1000 days).
     *
     * @default 30 days
     */
    public Duration getRotationSchedule() {
        return rotationSchedule;
    }

    /**
     * Where the rotation Lambda runs. It must reach the database and the Secrets Manager API, through a NAT
     * gateway or a Secrets Manager interface endpoint with private DNS.
     *
     * @default the application tier ({@code SubnetDefaults.applicationSubnets}): the group {@code Application}
     *     when the VPC has one, else its private-with-egress subnets, else its single non-database isolated
     *     group (then the VPC needs a Secrets Manager interface endpoint, which {@code MigrateFirstVpc} adds
     *     with egress NONE)
     */
    public SubnetSelection getRotationSubnets() {
        return rotationSubnets;
    }

    /**
     * Security group of the instance.
     *
     * @default a new security group with no inbound rule and no outbound rule; grant access with
     *     {@code getConnections().allowDefaultPortFrom(peer)}
     */
    public ISecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    /**
     * Extra parameters for the instance's parameter group. {@code rds.force_ssl} is always 1 and cannot be
     * overridden.
     *
     * @default none beyond {@code rds.force_ssl=1} and {@code ssl_min_protocol_version=TLSv1.2}
     */
    public Map<String, String> getParameters() {
        return parameters;
    }

    /**
     * Whether a change of {@code engineVersion} to a new major version may be applied.
     *
     * @default false
     */
    public Boolean getAllowMajorVersionUpgrade() {
        return allowMajorVersionUpgrade;
    }

    /**
     * Whether CloudWatch alarms watch the instance: CPU at or above 80 % for 15 minutes, free storage
     * below 2 GiB, freeable memory below 64 MiB. They send to {@code alarmTopic}; without it, add your action with
     * {@code getAlarms().forEach(a -> a.addAlarmAction(...))} on the construct.
     *
     * @default true
     */
    public Boolean getEnableAlarms() {
        return enableAlarms;
    }

    /**
     * The login of the app's own least-privilege database role. With it the construct creates a second
     * secret ({@code AppSecret}: username, password, {@code masterarn} = the master secret, attached to
     * the instance) and, unless {@code enableRotation(false)}, rotates it with Secrets Manager's
     * alternating-users (multi-user) strategy on the same schedule and subnets as the master secret,
     * the first rotation after one schedule period (never at deploy time: the role does not exist until
     * the migration task's {@code migrate} creates it). The database creates nothing by itself: the
     * runner's {@code migrate}, given {@code APP_DB_USER}/{@code APP_DB_PASSWORD} from this secret (the
     * {@code MigrationTask} does it), creates the role and grants it DML only.
     *
     * @default no app user: only the master secret exists
     */
    public String getAppUsername() {
        return appUsername;
    }

    /**
     * Customer-managed KMS key for everything the construct encrypts: storage, the master and app secrets,
     * Performance Insights and the AWS Backup vault. RDS, Secrets Manager and AWS Backup use it on the caller's
     * behalf through IAM ({@code kms:ViaService}), so the key policy must let the account's IAM policies grant it
     * (a key's default policy does). Changing the storage key of an existing instance replaces the instance.
     *
     * @default a key created with yearly rotation on ({@code Key})
     */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /**
     * SNS topic every alarm of the construct sends to (ALARM state). Give an encrypted topic whose key lets
     * CloudWatch ({@code cloudwatch.amazonaws.com}) use it.
     *
     * @default no action: add yours with {@code getAlarms()} (the compliance packs then report each alarm)
     */
    public ITopic getAlarmTopic() {
        return alarmTopic;
    }

    /**
     * Whether RDS enhanced monitoring publishes OS metrics every 60 s (RDS creates its role with the AWS managed
     * {@code AmazonRDSEnhancedMonitoringRole}); billed as CloudWatch Logs ingestion of {@code RDSOSMetrics}.
     *
     * @default true
     */
    public Boolean getEnableEnhancedMonitoring() {
        return enableEnhancedMonitoring;
    }

    /**
     * Whether Performance Insights is on, 7 days of retention (free tier), encrypted with {@code encryptionKey}.
     * RDS for PostgreSQL supports it on every instance class, {@code db.t4g.micro} included.
     *
     * @default true
     */
    public Boolean getEnablePerformanceInsights() {
        return enablePerformanceInsights;
    }

    /**
     * Whether an AWS Backup plan (daily, kept 35 days) backs the instance up into a vault
     * encrypted with {@code encryptionKey}, on top of RDS's automated backups ({@code backupRetention}). The
     * vault is retained unless the removal policy is {@code DESTROY}. Billed as backup storage.
     *
     * @default true
     */
    public Boolean getEnableBackupPlan() {
        return enableBackupPlan;
    }

    /** Builder of {@link PostgresDatabaseProps}. */
    public static final class Builder {
        private IVpc vpc;
        private SubnetSelection vpcSubnets;
        private PostgresEngineVersion engineVersion;
        private InstanceType instanceType;
        private Number allocatedStorage;
        private Number maxAllocatedStorage;
        private String databaseName;
        private String masterUsername;
        private Number port;
        private Boolean multiAz;
        private Duration backupRetention;
        private Boolean deletionProtection;
        private RemovalPolicy removalPolicy;
        private IKey storageEncryptionKey;
        private Boolean iamAuthentication;
        private Boolean enableRotation;
        private Duration rotationSchedule;
        private SubnetSelection rotationSubnets;
        private ISecurityGroup securityGroup;
        private Map<String, String> parameters;
        private Boolean allowMajorVersionUpgrade;
        private Boolean enableAlarms;
        private String appUsername;
        private IKey encryptionKey;
        private ITopic alarmTopic;
        private Boolean enableEnhancedMonitoring;
        private Boolean enablePerformanceInsights;
        private Boolean enableBackupPlan;

        /** @see PostgresDatabaseProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** @see PostgresDatabaseProps#getVpcSubnets() */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /** @see PostgresDatabaseProps#getEngineVersion() */
        public Builder engineVersion(PostgresEngineVersion engineVersion) {
            this.engineVersion = engineVersion;
            return this;
        }

        /** @see PostgresDatabaseProps#getInstanceType() */
        public Builder instanceType(InstanceType instanceType) {
            this.instanceType = instanceType;
            return this;
        }

        /** @see PostgresDatabaseProps#getAllocatedStorage() */
        public Builder allocatedStorage(Number allocatedStorage) {
            this.allocatedStorage = allocatedStorage;
            return this;
        }

        /** @see PostgresDatabaseProps#getMaxAllocatedStorage() */
        public Builder maxAllocatedStorage(Number maxAllocatedStorage) {
            this.maxAllocatedStorage = maxAllocatedStorage;
            return this;
        }

        /** @see PostgresDatabaseProps#getDatabaseName() */
        public Builder databaseName(String databaseName) {
            this.databaseName = databaseName;
            return this;
        }

        /** @see PostgresDatabaseProps#getMasterUsername() */
        public Builder masterUsername(String masterUsername) {
            this.masterUsername = masterUsername;
            return this;
        }

        /** @see PostgresDatabaseProps#getPort() */
        public Builder port(Number port) {
            this.port = port;
            return this;
        }

        /** @see PostgresDatabaseProps#getMultiAz() */
        public Builder multiAz(Boolean multiAz) {
            this.multiAz = multiAz;
            return this;
        }

        /** @see PostgresDatabaseProps#getBackupRetention() */
        public Builder backupRetention(Duration backupRetention) {
            this.backupRetention = backupRetention;
            return this;
        }

        /** @see PostgresDatabaseProps#getDeletionProtection() */
        public Builder deletionProtection(Boolean deletionProtection) {
            this.deletionProtection = deletionProtection;
            return this;
        }

        /** @see PostgresDatabaseProps#getRemovalPolicy() */
        public Builder removalPolicy(RemovalPolicy removalPolicy) {
            this.removalPolicy = removalPolicy;
            return this;
        }

        /**
         * @see PostgresDatabaseProps#getStorageEncryptionKey()
         * @deprecated use {@link #encryptionKey(IKey)}
         */
        @Deprecated
        public Builder storageEncryptionKey(IKey storageEncryptionKey) {
            this.storageEncryptionKey = storageEncryptionKey;
            return this;
        }

        /** @see PostgresDatabaseProps#getIamAuthentication() */
        public Builder iamAuthentication(Boolean iamAuthentication) {
            this.iamAuthentication = iamAuthentication;
            return this;
        }

        /** @see PostgresDatabaseProps#getEnableRotation() */
        public Builder enableRotation(Boolean enableRotation) {
            this.enableRotation = enableRotation;
            return this;
        }

        /** @see PostgresDatabaseProps#getRotationSchedule() */
        public Builder rotationSchedule(Duration rotationSchedule) {
            this.rotationSchedule = rotationSchedule;
            return this;
        }

        /** @see PostgresDatabaseProps#getRotationSubnets() */
        public Builder rotationSubnets(SubnetSelection rotationSubnets) {
            this.rotationSubnets = rotationSubnets;
            return this;
        }

        /** @see PostgresDatabaseProps#getSecurityGroup() */
        public Builder securityGroup(ISecurityGroup securityGroup) {
            this.securityGroup = securityGroup;
            return this;
        }

        /** @see PostgresDatabaseProps#getParameters() */
        public Builder parameters(Map<String, String> parameters) {
            this.parameters = parameters;
            return this;
        }

        /** @see PostgresDatabaseProps#getAllowMajorVersionUpgrade() */
        public Builder allowMajorVersionUpgrade(Boolean allowMajorVersionUpgrade) {
            this.allowMajorVersionUpgrade = allowMajorVersionUpgrade;
            return this;
        }

        /** @see PostgresDatabaseProps#getEnableAlarms() */
        public Builder enableAlarms(Boolean enableAlarms) {
            this.enableAlarms = enableAlarms;
            return this;
        }

        /** @see PostgresDatabaseProps#getAppUsername() */
        public Builder appUsername(String appUsername) {
            this.appUsername = appUsername;
            return this;
        }

        /** @see PostgresDatabaseProps#getEncryptionKey() */
        public Builder encryptionKey(IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        /** @see PostgresDatabaseProps#getAlarmTopic() */
        public Builder alarmTopic(ITopic alarmTopic) {
            this.alarmTopic = alarmTopic;
            return this;
        }

        /** @see PostgresDatabaseProps#getEnableEnhancedMonitoring() */
        public Builder enableEnhancedMonitoring(Boolean enableEnhancedMonitoring) {
            this.enableEnhancedMonitoring = enableEnhancedMonitoring;
            return this;
        }

        /** @see PostgresDatabaseProps#getEnablePerformanceInsights() */
        public Builder enablePerformanceInsights(Boolean enablePerformanceInsights) {
            this.enablePerformanceInsights = enablePerformanceInsights;
            return this;
        }

        /** @see PostgresDatabaseProps#getEnableBackupPlan() */
        public Builder enableBackupPlan(Boolean enableBackupPlan) {
            this.enableBackupPlan = enableBackupPlan;
            return this;
        }

        public PostgresDatabaseProps build() {
            return new PostgresDatabaseProps(this);
        }
    }
}
