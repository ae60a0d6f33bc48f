package dev.migratefirst.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.internal.ValidationException;
import dev.migratefirst.testsupport.SecretLiterals;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;

/**
 * One database stack and one consumer stack that imports it from attributes, plus a throw-away
 * database that opts out of the protections, synthesized once. The consumer grants through the import;
 * the assertions check what lands in which template.
 */
class PostgresDatabaseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Template db;
    private static Template consumer;
    private static Template scratch;

    @BeforeAll
    static void synth() {
        App app = new App();
        Stack dataStack = new Stack(app, "Data");
        Vpc vpc = Vpc.Builder.create(dataStack, "Vpc")
                .maxAzs(2)
                .natGateways(1)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("Public").subnetType(SubnetType.PUBLIC).build(),
                        SubnetConfiguration.builder().name("App").subnetType(SubnetType.PRIVATE_WITH_EGRESS).build(),
                        SubnetConfiguration.builder().name("Data").subnetType(SubnetType.PRIVATE_ISOLATED).build()))
                .build();
        PostgresDatabase database = PostgresDatabase.Builder.create(dataStack, "Database")
                .vpc(vpc)
                .iamAuthentication(true)
                .alarmTopic(Topic.Builder.create(dataStack, "AlarmTopic").build())
                .build();
        SecurityGroup task = SecurityGroup.Builder.create(dataStack, "TaskSg").vpc(vpc).build();
        database.getConnections().allowDefaultPortFrom(task);
        Role role = Role.Builder.create(dataStack, "AppRole").assumedBy(new AccountRootPrincipal()).build();
        database.grantSecretRead(role);
        database.grantConnect(role, "app_user");

        Stack consumerStack = new Stack(app, "Consumer");
        IPostgresDatabase imported = PostgresDatabase.fromPostgresDatabaseAttributes(consumerStack, "ImportedDb",
                PostgresDatabaseAttributes.builder()
                        .instanceIdentifier(database.getInstanceIdentifier())
                        .instanceEndpointAddress(database.getEndpointAddress())
                        .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(consumerStack, "DbSg",
                                database.getSecurityGroup().getSecurityGroupId())))
                        .secret(Secret.fromSecretCompleteArn(consumerStack, "DbSecret", database.getSecret().getSecretArn()))
                        .databaseName(database.getDatabaseName())
                        .build());
        SecurityGroup consumerSg = SecurityGroup.Builder.create(consumerStack, "ServiceSg").vpc(vpc).build();
        imported.getConnections().allowDefaultPortFrom(consumerSg);
        Role consumerRole = Role.Builder.create(consumerStack, "ServiceRole").assumedBy(new AccountRootPrincipal()).build();
        imported.grantSecretRead(consumerRole);
        IPostgresDatabase view = database.importInto(consumerStack, "DbView");
        SecurityGroup workerSg = SecurityGroup.Builder.create(consumerStack, "WorkerSg").vpc(vpc).build();
        view.getConnections().allowDefaultPortFrom(workerSg);
        view.grantConnect(consumerRole, "worker");
        // the secret itself, as a task in another stack gets it: its key grant must not land in the key policy
        Role taskRole = Role.Builder.create(consumerStack, "TaskRole").assumedBy(new AccountRootPrincipal()).build();
        database.getSecret().grantRead(taskRole);
        SecurityGroup jobSg = SecurityGroup.Builder.create(consumerStack, "JobSg").vpc(vpc).build();
        jobSg.getConnections().allowToDefaultPort(database, "job to PostgreSQL");

        Stack scratchStack = new Stack(app, "Scratch");
        PostgresDatabase.Builder.create(scratchStack, "Database")
                .vpc(Vpc.Builder.create(scratchStack, "Vpc").maxAzs(2).natGateways(0).build())
                .removalPolicy(RemovalPolicy.DESTROY).deletionProtection(false).enableRotation(false).enableAlarms(false)
                .enableEnhancedMonitoring(false).enablePerformanceInsights(false).enableBackupPlan(false)
                .build();

        db = Template.fromStack(dataStack);
        consumer = Template.fromStack(consumerStack);
        scratch = Template.fromStack(scratchStack);
    }

    @Test
    void instanceIsPrivateEncryptedBackedUpAndProtected() {
        db.hasResource("AWS::RDS::DBInstance", Map.of(
                "DeletionPolicy", "Snapshot",
                "UpdateReplacePolicy", "Snapshot",
                "Properties", Match.objectLike(Map.of(
                        "Engine", "postgres",
                        "EngineVersion", "17",
                        "PubliclyAccessible", false,
                        "StorageEncrypted", true,
                        "BackupRetentionPeriod", 7,
                        "DeletionProtection", true,
                        "MultiAZ", true,
                        "EnableIAMDatabaseAuthentication", true,
                        "Port", "5432"))));
    }

    @Test
    void throwAwayEnvironmentsOptOutOfRetentionAndDeletionProtectionExplicitly() {
        scratch.hasResource("AWS::RDS::DBInstance", Map.of(
                "DeletionPolicy", "Delete",
                "UpdateReplacePolicy", "Delete",
                "Properties", Match.objectLike(Map.of(
                        "DeletionProtection", false,
                        "DeleteAutomatedBackups", true,
                        "StorageEncrypted", true,
                        "PubliclyAccessible", false))));
        scratch.hasResource("AWS::SecretsManager::Secret", Map.of("DeletionPolicy", "Delete"));
        scratch.resourceCountIs("AWS::SecretsManager::RotationSchedule", 0);
    }

    @Test
    void subnetGroupUsesOnlyIsolatedSubnets() {
        Map<String, Map<String, Object>> groups = db.findResources("AWS::RDS::DBSubnetGroup");
        assertThat(groups).hasSize(1);
        String refs = groups.values().iterator().next().get("Properties").toString();
        assertThat(refs).contains("VpcDataSubnet1", "VpcDataSubnet2").doesNotContain("Public", "VpcAppSubnet");
    }

    @Test
    void parameterGroupForcesTls() {
        db.hasResourceProperties("AWS::RDS::DBParameterGroup", Map.of(
                "Family", "postgres17",
                "Parameters", Match.objectLike(Map.of("rds.force_ssl", "1"))));
    }

    @Test
    void masterPasswordResolvesFromTheGeneratedSecret() {
        Map<String, Object> props = dbInstanceProperties();
        String password = String.valueOf(props.get("MasterUserPassword"));
        assertThat(password).contains("{{resolve:secretsmanager:", "SecretString:password::}}");
        assertThat(props.get("MasterUsername")).isEqualTo("dbadmin");
        db.hasResourceProperties("AWS::SecretsManager::Secret", Map.of(
                "GenerateSecretString", Match.objectLike(Map.of(
                        "GenerateStringKey", "password",
                        "ExcludeCharacters", PostgresDatabase.PASSWORD_EXCLUDE_CHARACTERS,
                        "SecretStringTemplate", "{\"username\":\"dbadmin\"}"))));
        db.hasResource("AWS::SecretsManager::Secret", Map.of("DeletionPolicy", "Retain"));
    }

    @Test
    void secretIsRotatedOnSchedule() {
        db.hasResourceProperties("AWS::SecretsManager::RotationSchedule", Map.of(
                "RotationRules", Map.of("ScheduleExpression", "rate(30 days)")));
        db.hasResourceProperties("AWS::Serverless::Application", Match.objectLike(Map.of(
                "Parameters", Match.objectLike(Map.of("excludeCharacters", PostgresDatabase.PASSWORD_EXCLUDE_CHARACTERS)))));
    }

    @Test
    void alarmsWatchCpuStorageAndMemoryByDefault() {
        db.resourceCountIs("AWS::CloudWatch::Alarm", 3);
        db.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "CPUUtilization", "Namespace", "AWS/RDS", "Threshold", 80, "EvaluationPeriods", 3,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold"));
        db.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "FreeStorageSpace", "Threshold", 2147483648L, "ComparisonOperator", "LessThanThreshold"));
        db.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "FreeableMemory", "Threshold", 67108864, "ComparisonOperator", "LessThanThreshold"));
    }

    @Test
    void rotationLambdaRunsInSubnetsWithEgressByDefault() {
        String app = JSON.valueToTree(db.findResources("AWS::Serverless::Application")).toString();
        assertThat(app).contains("VpcAppSubnet1Subnet").doesNotContain("VpcDataSubnet1Subnet");
    }

    @Test
    void databaseSecurityGroupAdmitsOnlyGrantedPeersOnItsPort() {
        String dbSg = db.getResourceId("AWS::EC2::SecurityGroup",
                Map.of("Properties", Match.objectLike(Map.of("GroupDescription", Match.stringLikeRegexp("PostgreSQL.*")))));
        Map<String, Object> sgProps = resourceProperties(db, dbSg);
        assertThat(sgProps).doesNotContainKey("SecurityGroupIngress");
        List<Map<String, Object>> ingress = db.findResources("AWS::EC2::SecurityGroupIngress").values().stream()
                .map(r -> properties(r))
                .filter(p -> String.valueOf(p.get("GroupId")).contains(dbSg))
                .collect(Collectors.toList());
        assertThat(ingress).hasSize(2).allSatisfy(p -> {
            assertThat(p.get("FromPort")).isEqualTo(5432);
            assertThat(p.get("ToPort")).isEqualTo(5432);
            assertThat(p).doesNotContainKeys("CidrIp", "CidrIpv6");
        });
        assertThat(ingress.stream().map(p -> String.valueOf(p.get("SourceSecurityGroupId"))))
                .anySatisfy(s -> assertThat(s).contains("TaskSg"))
                .anySatisfy(s -> assertThat(s).contains("DatabaseRotationSecurityGroup"));
    }

    @Test
    void grantConnectTargetsTheInstanceResourceIdAndUser() {
        String policies = JSON.valueToTree(db.findResources("AWS::IAM::Policy")).toString();
        assertThat(policies).contains("rds-db:connect", ":dbuser:", "DbiResourceId", "/app_user");
        assertThat(policies).contains("secretsmanager:GetSecretValue");
        assertThat(policies).doesNotContain("\"Resource\":\"*\"");
    }

    @Test
    void grantsFromAnotherStackLandInThatStack() {
        String ingress = JSON.valueToTree(consumer.findResources("AWS::EC2::SecurityGroupIngress")).toString();
        assertThat(ingress).contains("\"FromPort\":5432", "ServiceSg", "WorkerSg", "JobSg", "Fn::ImportValue");
        consumer.resourceCountIs("AWS::EC2::SecurityGroupIngress", 3);
        assertThat(json(db.findResources("AWS::EC2::SecurityGroupIngress"))).doesNotContain("JobSg", "Consumer");
        String policies = JSON.valueToTree(consumer.findResources("AWS::IAM::Policy")).toString();
        assertThat(policies).contains("secretsmanager:GetSecretValue", "Fn::ImportValue", "rds-db:connect", "/worker");
        consumer.resourceCountIs("AWS::RDS::DBInstance", 0);
        consumer.resourceCountIs("AWS::SecretsManager::Secret", 0);
    }

    @Test
    void oneRotatedKeyEncryptsStorageSecretInsightsAndBackupsAndGrantsStayInTheGranteesPolicy() {
        db.resourcePropertiesCountIs("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)), 1);
        String key = db.findResources("AWS::KMS::Key").keySet().iterator().next();
        Map<String, Object> keyArn = Map.of("Fn::GetAtt", List.of(key, "Arn"));
        db.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of("KmsKeyId", keyArn,
                "PerformanceInsightsKMSKeyId", keyArn, "EnablePerformanceInsights", true, "MonitoringInterval", 60)));
        db.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of("KmsKeyId", keyArn)));
        db.hasResourceProperties("AWS::Backup::BackupVault", Match.objectLike(Map.of("EncryptionKeyArn", keyArn)));
        db.hasResourceProperties("AWS::Backup::BackupPlan", Match.objectLike(Map.of("BackupPlan", Match.objectLike(Map.of(
                "BackupPlanRule", List.of(Match.objectLike(Map.of("Lifecycle", Map.of("DeleteAfterDays", 35)))))))));
        // principals of this account may use the key through Secrets Manager only (as aws/secretsmanager's policy);
        // the key policy names no reader, so a reader in another stack makes no cycle
        db.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("KeyPolicy", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Sid", "SecretsManagerOfThisAccount",
                        "Principal", Map.of("AWS", "*"), "Condition", Map.of("StringEquals", Map.of(
                                "kms:ViaService", Map.of("Fn::Join", List.of("", List.of("secretsmanager.",
                                        Map.of("Ref", "AWS::Region"), ".amazonaws.com"))),
                                "kms:CallerAccount", Map.of("Ref", "AWS::AccountId"))))))))))));
        assertThat(json(db.findResources("AWS::KMS::Key"))).doesNotContain("AppRole", "TaskRole");
        assertThat(json(consumer.findResources("AWS::IAM::Policy"))).contains("secretsmanager:GetSecretValue", "TaskRole");
        // each one prop away from off
        scratch.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "EnablePerformanceInsights", false, "MonitoringInterval", Match.absent())));
        scratch.resourceCountIs("AWS::Backup::BackupPlan", 0);
    }

    @Test
    void everyAlarmSendsToTheAlarmTopic() {
        assertThat(db.findResources("AWS::CloudWatch::Alarm")).hasSize(3).allSatisfy((id, alarm) ->
                assertThat(json(alarm)).matches(".*\"AlarmActions\":\\[\\{\"Ref\":\"AlarmTopic[0-9A-F]{8}\"}].*"));
    }

    @Test
    void encryptionKeyAndItsDeprecatedNameAreNotBothGiven() {
        App app = new App();
        Stack stack = new Stack(app, "Keys");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(0).build();
        Key key = Key.Builder.create(stack, "Key").build();
        assertThatThrownBy(() -> PostgresDatabase.Builder.create(stack, "Both").vpc(vpc)
                .encryptionKey(key).storageEncryptionKey(key).build())
                .hasMessage("Keys/Both: storageEncryptionKey: is the deprecated name of encryptionKey: give one of them");
    }

    @Test
    void noPasswordLiteralInTemplate() {
        assertThat(SecretLiterals.find(db.toJSON())).isEmpty();
        assertThat(SecretLiterals.find(consumer.toJSON())).isEmpty();
    }

    @Test
    void validationNamesThePropAndThePath() {
        App app = new App();
        Stack stack = new Stack(app, "Validation");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(0).build();
        assertThatThrownBy(() -> PostgresDatabase.Builder.create(stack, "Short").vpc(vpc)
                .backupRetention(Duration.days(3)).build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("Validation/Short: backupRetention: must be between 7 and 35 days (got 3 days)");
        assertThatThrownBy(() -> PostgresDatabase.Builder.create(stack, "NoTls").vpc(vpc)
                .parameters(Map.of("rds.force_ssl", "0")).build())
                .hasMessage("Validation/NoTls: parameters: must not turn off rds.force_ssl (TLS is always required)");
        assertThatThrownBy(() -> PostgresDatabase.Builder.create(stack, "Public").vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build()).build())
                .hasMessage("Validation/Public: vpcSubnets: must not select public subnets");
        assertThatThrownBy(() -> PostgresDatabase.Builder.create(stack, "BadName").vpc(vpc)
                .databaseName("template1").build())
                .hasMessage("Validation/BadName: databaseName: 'template1' is reserved by PostgreSQL or RDS");
        assertThatThrownBy(() -> PostgresDatabase.Builder.create(stack, "BadUser").vpc(vpc)
                .masterUsername("1st").build())
                .hasMessageStartingWith("Validation/BadUser: masterUsername: must start with a letter");
        assertThatThrownBy(() -> PostgresDatabase.Builder.create(stack, "AppIsMaster").vpc(vpc)
                .appUsername(PostgresDatabase.DEFAULT_MASTER_USERNAME).build())
                .hasMessage("Validation/AppIsMaster: appUsername: must differ from the master username: the app never "
                        + "gets the master credential");
        assertThatThrownBy(() -> PostgresDatabase.Builder.create(stack, "LongApp").vpc(vpc)
                .appUsername("a".repeat(58)).build())
                .hasMessage("Validation/LongApp: appUsername: must leave room for the rotation's _clone suffix: at most "
                        + "57 characters (got 58)");
        assertThatThrownBy(() -> PostgresDatabase.Builder.create(stack, "LowPort").vpc(vpc).port(80).build())
                .hasMessage("Validation/LowPort: port: must be between 1150 and 65535 (RDS limit) (got 80)");
        // a value known only at deploy time (a token) is not checked at synth
        PostgresDatabase.Builder.create(stack, "TokenPort").vpc(vpc).port(Token.asNumber(Fn.ref("DbPort"))).build();
        assertThatThrownBy(() -> PostgresDatabase.Builder.create(stack, "NoVpc").build())
                .hasMessage("Validation/NoVpc: vpc: is required");
    }

    @Test
    void grantConnectWithoutIamAuthenticationFailsClearly() {
        App app = new App();
        Stack stack = new Stack(app, "NoIam");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(0).build();
        PostgresDatabase database = PostgresDatabase.Builder.create(stack, "Db").vpc(vpc).enableRotation(false)
                .enableAlarms(false).build();
        Role role = Role.Builder.create(stack, "Role").assumedBy(new AccountRootPrincipal()).build();
        assertThatThrownBy(() -> database.grantConnect(role, "app"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("NoIam/Db: grantConnect: needs IAM authentication; set iamAuthentication(true)");
        ISecurityGroup sg = database.getSecurityGroup();
        assertThat(sg.getNode().getPath()).isEqualTo("NoIam/Db/SecurityGroup");
        assertThat(database.getConnections().getSecurityGroups()).containsExactly(sg);
        assertThat(database.getDatabaseInstance().getNode().getPath()).isEqualTo("NoIam/Db/Resource");
        IPostgresDatabase view = database.importInto(stack, "View");
        assertThat(view.getDatabaseInstance().getInstanceIdentifier()).isEqualTo(database.getInstanceIdentifier());
        assertThat(database.getRotation()).isNull();
        assertThat(database.getAlarms()).isEmpty();
    }

    @Test
    void importWithoutRequiredAttributesNamesThem() {
        App app = new App();
        Stack stack = new Stack(app, "Import");
        assertThatThrownBy(() -> PostgresDatabase.fromPostgresDatabaseAttributes(stack, "Db",
                PostgresDatabaseAttributes.builder().instanceIdentifier("db-1").iamAuthentication(true).build()))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Import/Db: instanceEndpointAddress: is required");
    }

    private static String json(Object value) {
        return JSON.valueToTree(value).toString();
    }

    private static Map<String, Object> dbInstanceProperties() {
        return properties(db.findResources("AWS::RDS::DBInstance").values().iterator().next());
    }

    private static Map<String, Object> resourceProperties(Template template, String logicalId) {
        return properties(template.toJSON().get("Resources") instanceof Map<?, ?> resources
                ? (Map<?, ?>) resources.get(logicalId) : Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<?, ?> resource) {
        Object props = resource.get("Properties");
        return props == null ? Map.of() : (Map<String, Object>) props;
    }
}
