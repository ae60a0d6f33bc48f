package dev.migratefirst.app;

import static dev.migratefirst.internal.Validation.required;

import dev.migratefirst.database.IPostgresDatabase;
import dev.migratefirst.migration.ApplicationImage;
import dev.migratefirst.migration.MigrateFirstFlow;
import dev.migratefirst.migration.MigrationGate;
import dev.migratefirst.migration.MigrationTask;
import dev.migratefirst.migration.MigrationWorkflow;
import dev.migratefirst.network.SubnetDefaults;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.constructs.Construct;

/**
 * The example's migrate-first deploy: the migration task, its workflow, the deploy gate and the
 * example ECS Fargate service (the same image, {@code /app/bin/serve} on port 8080, reading
 * {@code users}), which CloudFormation updates only after the gate saw the migrations succeed.
 * The network and the database come from other stacks (or are imported).
 *
 * <p>Outputs: {@value #OUTPUT_STATE_MACHINE} (what {@code bin/run-migrations --stack} starts),
 * {@value #OUTPUT_MIGRATION_LOGS}, {@value #OUTPUT_CLUSTER}, {@value #OUTPUT_SERVICE}.
 */
public class MigrationServiceStack extends Stack {
    /** Output: the migration workflow's state machine ARN. */
    public static final String OUTPUT_STATE_MACHINE = "MigrationStateMachineArn";
    /** Output: the log group of the runner's output. */
    public static final String OUTPUT_MIGRATION_LOGS = "MigrationLogGroupName";
    /** Output: the ECS cluster name. */
    public static final String OUTPUT_CLUSTER = "ClusterName";
    /** Output: the example service name. */
    public static final String OUTPUT_SERVICE = "ServiceName";
    /** Context key whose value is the gate's force-run token: {@code cdk deploy -c migrationForceRun=$(date +%s)}. */
    public static final String FORCE_RUN_CONTEXT = "migrationForceRun";

    /** The example service's task memory (MiB), also its container's hard memory limit. */
    private static final int SERVICE_MEMORY_MIB = 512;

    private final MigrateFirstFlow flow;
    private final MigrationTask migrationTask;
    private final MigrationWorkflow workflow;
    private final MigrationGate gate;
    private final FargateService service;

    public MigrationServiceStack(Construct scope, String id, MigrationServiceStackProps props) {
        super(scope, id, props.getStackProps());
        IVpc vpc = required(this, "vpc", props.getVpc());
        IPostgresDatabase database = required(this, "database", props.getDatabase());
        ContainerImage image = props.getImage() != null ? props.getImage() : ApplicationImage.fromProjectDirectory(".");
        Path migrations = props.getMigrationsDirectory() != null ? props.getMigrationsDirectory() : Path.of("migrations");
        Object force = getNode().tryGetContext(FORCE_RUN_CONTEXT);

        SubnetSelection privateSubnets = props.getVpcSubnets() != null ? props.getVpcSubnets()
                : SubnetDefaults.applicationSubnets(this, vpc, "vpcSubnets");
        boolean gateInVpc = props.getGateInVpc() == null || props.getGateInVpc();
        // Task, workflow and gate from the one-construct pattern; the example service stays hand-built below.
        this.flow = MigrateFirstFlow.Builder.create(this, "Migrations")
                .vpc(vpc)
                .database(database)
                .image(image)
                .migrationsDirectory(migrations)
                .vpcSubnets(privateSubnets)
                .timeout(Duration.minutes(30))
                .forceRunToken(force == null ? null : force.toString())
                .alarmTopic(props.getAlarmTopic())
                // the gate's functions in the application tier too (their endpoints: docs/deploy-flow.md)
                .gateVpcSubnets(gateInVpc ? privateSubnets : null)
                .build();
        ICluster cluster = flow.getCluster();
        this.migrationTask = flow.getMigrationTask();
        this.workflow = flow.getWorkflow();
        this.gate = flow.getGate();

        FargateTaskDefinition serviceTask = FargateTaskDefinition.Builder.create(this, "ServiceTask")
                .cpu(256)
                .memoryLimitMiB(SERVICE_MEMORY_MIB)
                .runtimePlatform(RuntimePlatform.builder()
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .cpuArchitecture(CpuArchitecture.X86_64)
                        .build())
                .build();
        LogGroup serviceLogs = LogGroup.Builder.create(this, "ServiceLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .encryptionKey(flow.getEncryptionKey())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // non-root, read-only root file system, /tmp on the task's ephemeral storage, hard memory limit
        ContainerDefinition serviceContainer = serviceTask.addContainer("App", MigrationTask.hardened(ContainerDefinitionOptions.builder()
                .containerName("App")
                .image(image)
                .entryPoint(ApplicationImage.SERVE_ENTRYPOINT)
                .portMappings(List.of(PortMapping.builder().containerPort(ApplicationImage.SERVICE_PORT).build()))
                .environment(MigrationTask.databaseEnvironment(database))
                // the app's own least-privilege role, never the master secret
                .secrets(MigrationTask.databaseSecrets(required(this, "database.appSecret", database.getAppSecret())))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(serviceLogs).streamPrefix("app").build())),
                SERVICE_MEMORY_MIB).build());
        MigrationTask.mountScratchVolume(serviceTask, serviceContainer);
        SecurityGroup serviceSecurityGroup = SecurityGroup.Builder.create(this, "ServiceSecurityGroup")
                .vpc(vpc)
                .description("MigrateFirst example service: reaches the database port and AWS APIs over HTTPS")
                .allowAllOutbound(false)
                .build();
        serviceSecurityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
                "HTTPS to AWS APIs (ECR, S3, CloudWatch Logs, Secrets Manager) via NAT or VPC endpoints");
        this.service = FargateService.Builder.create(this, "Service")
                .cluster(cluster)
                .securityGroups(List.of(serviceSecurityGroup))
                .taskDefinition(serviceTask)
                .desiredCount(1)
                .vpcSubnets(privateSubnets)
                .assignPublicIp(false)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .minHealthyPercent(100)
                .build();
        service.getConnections().allowToDefaultPort(database, "MigrateFirst example service");

        // The heart of it: the service is created and updated only after the migrations succeeded.
        flow.guard(service);

        CfnOutput.Builder.create(this, OUTPUT_STATE_MACHINE).value(workflow.getStateMachineArn())
                .description("Migration workflow: bin/run-migrations --stack " + id).build();
        CfnOutput.Builder.create(this, OUTPUT_MIGRATION_LOGS).value(migrationTask.getLogGroup().getLogGroupName())
                .description("Runner output, streams migration/Runner/<task id>").build();
        CfnOutput.Builder.create(this, OUTPUT_CLUSTER).value(cluster.getClusterName()).build();
        CfnOutput.Builder.create(this, OUTPUT_SERVICE).value(service.getServiceName()).build();

        suppressNagFindings();
        if (!gateInVpc) {
            suppressGateOutsideVpc();
        }
    }

    /** {@code gateInVpc(false)}: each of the gate's functions (its handlers and the Provider framework's) only. */
    private void suppressGateOutsideVpc() {
        List<CfnFunction> functions = gate.getNode().findAll().stream()
                .filter(CfnFunction.class::isInstance).map(CfnFunction.class::cast).toList();
        for (CfnFunction function : functions) {
            for (String prefix : List.of("NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321")) {
                NagSuppressions.addResourceSuppressions(function, List.of(NagPackSuppression.builder()
                        .id(prefix + "-LambdaInsideVPC")
                        .reason("Deploy gate function kept outside the VPC by gateInVpc(false): it calls only the Step "
                                + "Functions, Lambda and CloudFormation APIs and never connects to the database, so the "
                                + "VPC does not pay three interface endpoints for it (non-production profile)")
                        .build()), false);
            }
        }
    }

    /** The finding of the example service itself (the gate's constructs carry their own suppressions). */
    private void suppressNagFindings() {
        NagSuppressions.addResourceSuppressions(service.getTaskDefinition(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-ECS2").reason("Example service task definition: its plain environment holds only "
                        + "where the database is (DB_HOST, DB_PORT from the endpoint, DB_NAME), not secret; the "
                        + "credentials reach the container as ECS secrets").build()), false);
        NagSuppressions.addResourceSuppressions(service.getTaskDefinition().obtainExecutionRole().getNode()
                .findChild("DefaultPolicy"), List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("Example service execution role: pulling its image from the CDK assets ECR repository needs "
                        + "ecr:GetAuthorizationToken, which has no resource-level permission (Resource *)")
                .appliesTo(List.of("Resource::*")).build()), false);
        for (String pack : List.of("NIST 800-53 rev 5:NIST.800.53.R5", "HIPAA Security:HIPAA.Security",
                "PCI DSS 3.2.1:PCI.DSS.321")) {
            String[] nameAndPrefix = pack.split(":");
            NagSuppressions.addResourceSuppressions(service.getTaskDefinition().obtainExecutionRole().getNode()
                    .findChild("DefaultPolicy"), List.of(NagPackSuppression.builder()
                    .id(nameAndPrefix[1] + "-IAMNoInlinePolicy")
                    .reason("Example service execution role policy: the grants CDK writes for this role only (pull the "
                            + "image, write the service log group, read the app secret), created and deleted with the "
                            + "role; IAM's inline policies are meant for such a strict one-to-one policy and identity ["
                            + nameAndPrefix[0] + "]")
                    .build()), false);
        }
    }

    /** The migrate-first pattern that holds the migration task, workflow and gate. */
    public MigrateFirstFlow getFlow() {
        return flow;
    }

    /** The migration task. */
    public MigrationTask getMigrationTask() {
        return migrationTask;
    }

    /** The migration workflow. */
    public MigrationWorkflow getWorkflow() {
        return workflow;
    }

    /** The deploy gate. */
    public MigrationGate getGate() {
        return gate;
    }

    /** The example service. */
    public FargateService getService() {
        return service;
    }
}
