package dev.migratefirst.migration;

import static dev.migratefirst.internal.Validation.check;
import static dev.migratefirst.internal.Validation.range;
import static dev.migratefirst.internal.Validation.required;

import dev.migratefirst.internal.EncryptionKeys;
import dev.migratefirst.internal.ValidationException;
import dev.migratefirst.migrations.Fingerprint;
import dev.migratefirst.migrations.MigrationsFolder;
import dev.migratefirst.network.SubnetDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.customresources.LogOptions;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.CfnStateMachine;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The deploy gate: a custom resource that starts the {@link MigrationWorkflow} and waits for it, so
 * that CloudFormation creates or updates what the gate guards only after the migrations succeeded.
 *
 * <ul>
 *   <li>Create: runs the migrations.</li>
 *   <li>Update: runs them only when the fingerprint changed: the migrations folder
 *       ({@link Fingerprint}), the runner's command and the force-run token ({@code Fingerprint}
 *       property), the image reference, which holds the image asset hash ({@code Image}), or the
 *       runner's environment ({@code Environment}).</li>
 *   <li>Update sent during {@code UPDATE_ROLLBACK}: does nothing (migrations are forward-only; the
 *       previous image must not run against the new schema). Decided from the stack status
 *       (CloudFormation DescribeStacks).</li>
 *   <li>Delete: does nothing.</li>
 *   <li>Failure: the reason CloudFormation shows (and {@code cdk deploy} prints) is the workflow's
 *       cause: the runner's exit code and its last log lines.</li>
 *   <li>The wait is bounded ({@link MigrationGateProps#getWaitTimeout()}, below CloudFormation's
 *       one-hour custom-resource limit); at the bound the execution is stopped, which stops the task.</li>
 * </ul>
 *
 * <p>The handler is the aws-cdk-lib custom-resources {@link Provider} framework with an
 * {@code isComplete} handler: its waiter state machine polls for up to an hour, which a single
 * Lambda (15 minutes at most) cannot. The handler code is a plain Node.js module shipped in this jar
 * (AWS SDK v3 from the Lambda runtime): consumers need no Docker and no build at synth.
 *
 * <pre>{@code
 * MigrationGate gate = MigrationGate.Builder.create(this, "MigrationGate")
 *         .workflow(workflow)
 *         .migrationsDirectory(Path.of("migrations"))
 *         .build();
 * gate.guard(service);
 * }</pre>
 */
public class MigrationGate extends Construct {
    /** The CloudFormation resource type of the gate. */
    public static final String RESOURCE_TYPE = "Custom::MigrationGate";
    /**
     * The interface endpoints the gate's functions need in a VPC without NAT (add them with
     * {@code MigrateFirstVpc#addInterfaceEndpoint}): Step Functions (the handlers start, describe and stop the
     * execution; the framework starts its waiter), Lambda (the framework invokes the handlers) and CloudFormation
     * (the onEvent handler reads the stack status). The answer to CloudFormation goes to a pre-signed S3 URL in
     * the stack's region, which the S3 gateway endpoint serves. Logs, X-Ray segments and dead letters are
     * delivered by the Lambda service, not from the VPC (docs/deploy-flow.md, "Gate functions in the VPC").
     */
    public static final List<InterfaceVpcEndpointAwsService> INTERFACE_ENDPOINTS = List.of(
            InterfaceVpcEndpointAwsService.STEP_FUNCTIONS, InterfaceVpcEndpointAwsService.LAMBDA,
            InterfaceVpcEndpointAwsService.CLOUDFORMATION);
    /** The CloudFormation resource type of the backfill trigger ({@link #addBackfillTrigger}). */
    public static final String BACKFILL_RESOURCE_TYPE = "Custom::MigrationBackfill";
    /** The runner command the backfill trigger starts the workflow with. */
    public static final List<String> BACKFILL_COMMAND = List.of("backfill");
    /** Longest wait: CloudFormation fails a custom resource after one hour. */
    public static final Duration MAX_WAIT = Duration.minutes(55);

    private static final String HANDLER_RESOURCE = "/dev/migratefirst/migration/gate-handler/index.mjs";
    private static final Duration DEFAULT_WAIT = Duration.minutes(45);
    private static final Duration DEFAULT_INTERVAL = Duration.seconds(20);

    private final MigrationWorkflow workflow;
    private final Function onEventHandler;
    private final Function isCompleteHandler;
    private final Provider provider;
    private final CustomResource resource;
    private final String fingerprint;
    private final String migrationsFingerprint;
    private final boolean hasBackfills;
    private final String forceRunToken;
    private final Duration waitTimeout;
    private final IKey encryptionKey;
    private final Placement placement;
    private final IVpc vpc;
    private final Queue deadLetterQueue;
    private final Alarm deadLetterAlarm;

    public MigrationGate(Construct scope, String id, MigrationGateProps props) {
        super(scope, id);
        this.workflow = required(this, "workflow", props.getWorkflow());
        this.waitTimeout = props.getWaitTimeout() == null ? DEFAULT_WAIT : props.getWaitTimeout();
        Duration interval = props.getQueryInterval() == null ? DEFAULT_INTERVAL : props.getQueryInterval();
        // Both are written into the provider as numbers, so they must be known at synth.
        check(!waitTimeout.isUnresolved(), this, "waitTimeout", "must be a duration known at synth, not a token");
        check(!interval.isUnresolved(), this, "queryInterval", "must be a duration known at synth, not a token");
        long waitSeconds = waitTimeout.toSeconds().longValue();
        long intervalSeconds = interval.toSeconds().longValue();
        check(waitSeconds >= 60 && waitSeconds <= MAX_WAIT.toSeconds().longValue(), this, "waitTimeout",
                "must be between 1 and 55 minutes (CloudFormation fails a custom resource after one hour; got "
                + waitTimeout.toHumanString() + ")");
        check(intervalSeconds >= 5 && intervalSeconds <= 60, this, "queryInterval",
                "must be between 5 and 60 seconds (got " + interval.toHumanString() + ")");
        check(waitSeconds % intervalSeconds == 0, this, "waitTimeout", "must be a multiple of queryInterval ("
                + interval.toHumanString() + "), so the last poll falls on the bound (got " + waitTimeout.toHumanString() + ")");
        Duration workflowTimeout = workflow.getTimeout();
        check(workflowTimeout.isUnresolved() || workflowTimeout.toSeconds().longValue() < waitSeconds, this,
                "waitTimeout", "must be longer than the workflow's timeout (" + workflowTimeout.toHumanString()
                + "), so the workflow stops the task and reports its own timeout with the cause (got "
                + waitTimeout.toHumanString() + ")");
        Path migrations = props.getMigrationsDirectory() == null ? Paths.get("migrations") : props.getMigrationsDirectory();
        MigrationsFolder folder;
        try {
            folder = MigrationsFolder.read(migrations);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(this, "migrationsDirectory", e.getMessage(), e);
        }
        this.migrationsFingerprint = folder.fingerprint();
        this.hasBackfills = !folder.backfills().isEmpty();
        this.forceRunToken = props.getForceRunToken() == null ? "" : props.getForceRunToken();
        MigrationTask task = workflow.getTask();
        check(props.getForceRunToken() == null || !Token.isUnresolved(props.getForceRunToken()), this, "forceRunToken",
                "must be a plain string known at synth (e.g. a context value), not a token: it is hashed into the "
                + "fingerprint");
        check(task.getCommand().stream().noneMatch(Token::isUnresolved), this, "workflow",
                "the migration task's command must be plain strings known at synth, not tokens: it is hashed into "
                + "the gate's fingerprint");
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("migrations", migrationsFingerprint);
        parts.put("command", String.join("\u0000", task.getCommand()));
        parts.put("forceRunToken", props.getForceRunToken() == null ? "" : props.getForceRunToken());
        this.fingerprint = Fingerprint.combine(parts);

        RetentionDays retention = props.getLogRetention() == null ? RetentionDays.THREE_MONTHS : props.getLogRetention();
        Number concurrency = props.getReservedConcurrency() == null ? DEFAULT_CONCURRENCY : props.getReservedConcurrency();
        check(!Token.isUnresolved(concurrency), this, "reservedConcurrency", "must be a number known at synth, not a token");
        range(this, "reservedConcurrency", concurrency, 1, 100, "");
        this.vpc = props.getVpc();
        check(vpc != null || props.getVpcSubnets() == null, this, "vpcSubnets", "is set but vpc is not");
        check(vpc != null || props.getSecurityGroup() == null, this, "securityGroup", "is set but vpc is not");
        this.encryptionKey = EncryptionKeys.orCreate(this, "Key", props.getEncryptionKey(),
                "MigrateFirst deploy gate: encrypts its log groups and its dead-letter queue");
        EncryptionKeys.allowCloudWatchLogs(encryptionKey);
        this.placement = vpc == null ? null : placement(vpc, props);
        this.deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(encryptionKey)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Code code = Code.fromAsset(extractHandler().toString());
        LogGroup onEventLogs = logGroup("OnEventLogs", retention);
        LogGroup isCompleteLogs = logGroup("IsCompleteLogs", retention);
        LogGroup providerLogs = logGroup("ProviderLogs", retention);
        // Where an operator finds what happened: the failure reason names these (the Provider framework
        // itself appends /aws/lambda/<function>, which is not where these functions log).
        String logs = "runner " + task.getLogGroup().getLogGroupName() + " (streams " + MigrationTask.LOG_STREAM_PREFIX
                + "/" + MigrationTask.CONTAINER_NAME + "/<task id>), workflow " + workflow.getLogGroup().getLogGroupName()
                + ", gate " + onEventLogs.getLogGroupName() + " and " + isCompleteLogs.getLogGroupName()
                + ", provider framework " + providerLogs.getLogGroupName();
        this.onEventHandler = handler("OnEvent", "index.onEventHandler", code, Duration.minutes(2), onEventLogs, logs,
                "MigrateFirst gate: decides whether a CloudFormation event runs migrations and starts the workflow",
                concurrency);
        this.isCompleteHandler = handler("IsComplete", "index.isCompleteHandler", code, Duration.minutes(1),
                isCompleteLogs, logs, "MigrateFirst gate: polls the migration workflow execution", concurrency);
        // the state machine is encrypted with a customer managed key: starting and describing executions use it
        workflow.grantKeyUse(onEventHandler);
        workflow.grantKeyUse(isCompleteHandler);

        Stack stack = Stack.of(this);
        String stateMachineArn = workflow.getStateMachineArn();
        onEventHandler.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:StartExecution"))
                .resources(List.of(stateMachineArn))
                .build());
        onEventHandler.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("cloudformation:DescribeStacks"))
                .resources(List.of(stack.getStackId()))
                .build());
        isCompleteHandler.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:DescribeExecution", "states:StopExecution"))
                .resources(List.of(stack.formatArn(ArnComponents.builder()
                        .service("states")
                        .resource("execution")
                        .resourceName(workflow.getStateMachine().getStateMachineName() + ":*")
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                        .build())))
                .build());

        // The waiter gives up after totalTimeout; the handler's own bound fires first, with a clear reason.
        Duration total = Duration.seconds(waitSeconds + 3 * intervalSeconds);
        Provider.Builder providerBuilder = Provider.Builder.create(this, "Provider");
        if (placement != null) {
            providerBuilder.vpc(vpc).vpcSubnets(placement.subnets()).securityGroups(List.of(placement.securityGroup()));
        }
        this.provider = providerBuilder
                .onEventHandler(onEventHandler)
                .isCompleteHandler(isCompleteHandler)
                .queryInterval(interval)
                .totalTimeout(total)
                .logGroup(providerLogs)
                // the framework's own functions log at INFO, not only FATAL (the aws-cdk-lib default)
                .frameworkLambdaLoggingLevel(ApplicationLogLevel.INFO)
                .disableWaiterStateMachineLogging(false)
                .waiterStateMachineLogOptions(LogOptions.builder()
                        .destination(LogGroup.Builder.create(this, "WaiterLogs")
                                .logGroupName(MigrationWorkflow.vendedLogGroupName(this, "Waiter"))
                                .retention(retention)
                                .encryptionKey(encryptionKey)
                                .removalPolicy(RemovalPolicy.DESTROY)
                                .build())
                        .level(LogLevel.ALL)
                        .includeExecutionData(false)
                        .build())
                .build();

        hardenFramework(concurrency);
        this.deadLetterAlarm = Alarm.Builder.create(this, "DeadLetterAlarm")
                .alarmDescription("A MigrateFirst gate function could not process an event asynchronously (it is in the "
                        + "gate's dead-letter queue): CloudFormation may wait for the gate until its timeout")
                .metric(deadLetterQueue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Maximum").build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        if (props.getAlarmTopic() != null) {
            deadLetterAlarm.addAlarmAction(new SnsAction(props.getAlarmTopic()));
        }

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("StateMachineArn", stateMachineArn);
        properties.put("Fingerprint", fingerprint);
        properties.put("MigrationsFingerprint", migrationsFingerprint);
        properties.put("Image", task.getImageName());
        properties.put("Environment", task.getEnvironment());
        properties.put("WaitSeconds", Long.toString(waitSeconds));
        this.resource = CustomResource.Builder.create(this, "Resource")
                .resourceType(RESOURCE_TYPE)
                .serviceToken(provider.getServiceToken())
                .serviceTimeout(Duration.seconds(Math.min(3600, waitSeconds + 3 * intervalSeconds + 120)))
                .properties(properties)
                .build();
        // RunTask names the task family (latest revision): make sure the new revision exists first.
        resource.getNode().addDependency(task.getTaskDefinition());
        // First deploy: the rules that let the task reach the database exist before the first run.
        resource.getNode().addDependency(task.getDatabaseAccess());
        suppressNagFindings();
    }

    private static final String BASIC_EXECUTION_ROLE =
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    private static final String VPC_ACCESS_ROLE =
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";
    private static final int DEFAULT_CONCURRENCY = 2;
    /** The framework functions of the aws-cdk-lib Provider, by construct id. */
    private static final List<String> FRAMEWORK_FUNCTIONS = List.of("framework-onEvent", "framework-isComplete",
            "framework-onTimeout");

    /** Where the gate's functions run in the VPC. */
    private record Placement(SubnetSelection subnets, ISecurityGroup securityGroup) {
    }

    private Placement placement(IVpc vpc, MigrationGateProps props) {
        SubnetSelection subnets = props.getVpcSubnets() != null ? props.getVpcSubnets()
                : SubnetDefaults.applicationSubnets(this, vpc, "vpcSubnets");
        ISecurityGroup group = props.getSecurityGroup();
        if (group == null) {
            SecurityGroup created = SecurityGroup.Builder.create(this, "SecurityGroup")
                    .vpc(vpc)
                    .description("MigrateFirst deploy gate functions: reach AWS APIs over HTTPS only")
                    .allowAllOutbound(false)
                    .build();
            created.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to Step Functions, Lambda, CloudFormation "
                    + "and the S3 response URL, via NAT or VPC endpoints");
            group = created;
        }
        return new Placement(subnets, group);
    }

    /**
     * What the aws-cdk-lib Provider has no prop for: reserved concurrency and the dead-letter queue of its three
     * functions (escape hatch on their CfnFunction), X-Ray tracing on its waiter state machine with the X-Ray
     * permissions Step Functions needs on the waiter's role.
     */
    private void hardenFramework(Number concurrency) {
        for (String id : FRAMEWORK_FUNCTIONS) {
            Function f = (Function) provider.getNode().findChild(id);
            CfnFunction cfn = (CfnFunction) f.getNode().getDefaultChild();
            cfn.setReservedConcurrentExecutions(concurrency);
            cfn.setDeadLetterConfig(CfnFunction.DeadLetterConfigProperty.builder()
                    .targetArn(deadLetterQueue.getQueueArn()).build());
            f.addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(List.of("sqs:SendMessage"))
                    .resources(List.of(deadLetterQueue.getQueueArn()))
                    .build());
            allowDeadLetterKey(f);
        }
        IConstruct waiter = provider.getNode().findChild("waiter-state-machine");
        ((CfnStateMachine) waiter.getNode().findChild("Resource")).setTracingConfiguration(
                CfnStateMachine.TracingConfigurationProperty.builder().enabled(true).build());
        ((Role) waiter.getNode().findChild("Role")).addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                        "xray:GetSamplingTargets"))
                .resources(List.of("*"))
                .build());
    }

    /**
     * A producer of an SSE-KMS queue needs {@code kms:GenerateDataKey} and {@code kms:Decrypt} on its key (Amazon SQS
     * Developer Guide, "Amazon SQS key management"); only in the encryption context SQS passes, the queue's ARN.
     */
    private void allowDeadLetterKey(Function f) {
        f.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of(encryptionKey.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:EncryptionContext:aws:sqs:arn",
                        deadLetterQueue.getQueueArn())))
                .build());
    }
    private static final String FUNCTION_VERSIONS = "/^Resource::<.*\\.Arn>:\\*$/g";

    /** The findings of the gate's handlers and of the aws-cdk-lib Provider framework it uses. */
    private void suppressNagFindings() {
        Object[] managed = placement == null ? new Object[] {BASIC_EXECUTION_ROLE}
                : new Object[] {BASIC_EXECUTION_ROLE, VPC_ACCESS_ROLE};
        String vpcAccess = placement == null ? "" : ", and AWSLambdaVPCAccessExecutionRole only manages the network "
                + "interfaces a function in a VPC needs";
        Nag.suppress(onEventHandler.getRole(), "AwsSolutions-IAM4", "Gate onEvent handler role: the AWS managed "
                + "AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch log streams" + vpcAccess,
                managed);
        Nag.suppress(isCompleteHandler.getRole(), "AwsSolutions-IAM4", "Gate isComplete handler role: the AWS "
                + "managed AWSLambdaBasicExecutionRole only lets the poller write its own CloudWatch log streams"
                + vpcAccess, managed);
        Nag.suppress(deadLetterQueue, "AwsSolutions-SQS3", "Gate dead-letter queue: it is itself the dead-letter "
                + "queue of the gate's Lambda functions (their DeadLetterConfig), which cdk-nag only recognises for "
                + "SQS redrive; a dead-letter queue of a dead-letter queue would hold nothing");
        String inline = " created and deleted with the role; IAM's inline policies are meant for such a strict "
                + "one-to-one policy and identity";
        Nag.suppressCompliance(Nag.defaultPolicy(onEventHandler.getRole()), "IAMNoInlinePolicy", "Gate onEvent "
                + "handler policy: start this workflow, read this stack's status, use the key, X-Ray, its dead-letter "
                + "queue;" + inline);
        Nag.suppressCompliance(Nag.defaultPolicy(isCompleteHandler.getRole()), "IAMNoInlinePolicy", "Gate "
                + "isComplete handler policy: describe and stop this workflow's executions, use the key, X-Ray, its "
                + "dead-letter queue;" + inline);
        Nag.suppress(Nag.defaultPolicy(onEventHandler.getRole()), "AwsSolutions-IAM5", "Gate onEvent handler "
                + "policy: X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permission",
                "Resource::*");
        Nag.suppress(Nag.defaultPolicy(isCompleteHandler.getRole()), "AwsSolutions-IAM5", "Gate isComplete handler "
                + "policy: executions of the one migration state machine are named at run time "
                + "(execution:<state machine>:*); X-Ray tracing actions have no resource-level permission",
                "Resource::*", Nag.regex("/^Resource::arn:.*:states:.*:execution:.*:\\*$/g"));
        for (String fn : FRAMEWORK_FUNCTIONS) {
            Function f = (Function) provider.getNode().findChild(fn);
            Nag.suppress(f.getRole(), "AwsSolutions-IAM4", "Provider framework function " + fn + " (aws-cdk-lib): "
                    + "its role uses AWSLambdaBasicExecutionRole to write the function's own log streams" + vpcAccess,
                    managed);
            Nag.suppressCompliance(Nag.defaultPolicy(f.getRole()), "IAMNoInlinePolicy", "Provider framework function "
                    + fn + " (aws-cdk-lib) policy: invoke and describe the gate's two handlers, start the waiter, its "
                    + "dead-letter queue and key;" + inline);
            Nag.suppress(Nag.defaultPolicy(f.getRole()), "AwsSolutions-IAM5", "Provider framework function " + fn
                    + " (aws-cdk-lib) invokes the gate's handler functions in any version (<function arn>:*)",
                    Nag.regex(FUNCTION_VERSIONS));
        }
        IConstruct waiter = provider.getNode().findChild("waiter-state-machine");
        Nag.suppressCompliance(Nag.defaultPolicy(waiter.getNode().findChild("Role")), "IAMNoInlinePolicy", "Provider "
                + "framework waiter role policy (aws-cdk-lib): invoke the framework's isComplete and onTimeout "
                + "functions, deliver its logs, X-Ray;" + inline);
        Nag.suppress(Nag.defaultPolicy(waiter.getNode().findChild("Role")), "AwsSolutions-IAM5", "Provider "
                + "framework waiter role (aws-cdk-lib): invokes the framework's functions in any version and uses "
                + "CloudWatch Logs delivery and X-Ray actions that have no resource-level permission",
                "Resource::*", Nag.regex(FUNCTION_VERSIONS));
    }

    /** The variable that tells the handler which log groups to name in a failure reason. */
    static final String LOGS_VARIABLE = "MIGRATION_GATE_LOGS";

    private Function handler(String id, String handlerName, Code code, Duration timeout, LogGroup logGroup,
                             String logs, String description, Number concurrency) {
        Function.Builder fn = Function.Builder.create(this, id);
        if (placement != null) {
            fn.vpc(vpc)
                    .vpcSubnets(placement.subnets())
                    .securityGroups(List.of(placement.securityGroup()));
        }
        Function f = fn
                .description(description)
                .runtime(Runtime.NODEJS_24_X)
                .architecture(Architecture.ARM_64)
                .handler(handlerName)
                .code(code)
                .timeout(timeout)
                .memorySize(256)
                .tracing(Tracing.ACTIVE)
                .logGroup(logGroup)
                .environment(Map.of(LOGS_VARIABLE, logs))
                .reservedConcurrentExecutions(concurrency)
                .deadLetterQueue(deadLetterQueue)
                .build();
        allowDeadLetterKey(f);
        return f;
    }

    private LogGroup logGroup(String id, RetentionDays retention) {
        return LogGroup.Builder.create(this, id)
                .retention(retention)
                .encryptionKey(encryptionKey)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    /**
     * Copies the handler module out of the jar into a directory named after its hash, so the Lambda
     * asset is the same bytes (and the same asset hash) on every synth, on every machine.
     */
    static Path extractHandler() {
        byte[] bytes;
        try (InputStream in = MigrationGate.class.getResourceAsStream(HANDLER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the MigrateFirst jar lacks " + HANDLER_RESOURCE);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + HANDLER_RESOURCE + " from the MigrateFirst jar", e);
        }
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "migratefirst-gate-handler-" + hash);
        Path file = dir.resolve("index.mjs");
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != bytes.length) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "index", ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the gate handler to " + dir, e);
        }
        return dir;
    }

    /**
     * Adds the backfill trigger: a second custom resource ({@link #BACKFILL_RESOURCE_TYPE}) on the gate's own
     * Provider and handler that starts the migration workflow with the runner command {@link #BACKFILL_COMMAND}
     * (the workflow's input {@code command}) and does not wait for it. Make it depend on the services
     * ({@code trigger.getNode().addDependency(service)}), so CloudFormation creates it once they are updated and
     * stable; it runs on create and when the migrations folder or the force-run token changes (never on delete,
     * nor during an update rollback). The handler's only Step Functions permission stays
     * {@code states:StartExecution} on this workflow's state machine.
     *
     * @param id construct id of the resource, a child of this gate
     * @return the custom resource
     */
    public CustomResource addBackfillTrigger(String id) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("migrations", migrationsFingerprint);
        parts.put("command", String.join("\u0000", BACKFILL_COMMAND));
        parts.put("forceRunToken", forceRunToken);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("StateMachineArn", workflow.getStateMachineArn());
        properties.put("Fingerprint", Fingerprint.combine(parts));
        properties.put("MigrationsFingerprint", migrationsFingerprint);
        properties.put("Command", BACKFILL_COMMAND);
        properties.put("Wait", "false");
        CustomResource trigger = CustomResource.Builder.create(this, id)
                .resourceType(BACKFILL_RESOURCE_TYPE)
                .serviceToken(provider.getServiceToken())
                // onEvent only starts the execution (2 minutes at most); nothing is polled
                .serviceTimeout(Duration.minutes(5))
                .properties(properties)
                .build();
        // after the schema part: migrate has run (and succeeded) before any backfill starts
        trigger.getNode().addDependency(resource);
        return trigger;
    }

    /** Whether the migrations folder holds a backfill ({@code D<n>__} file). */
    public boolean hasBackfills() {
        return hasBackfills;
    }

    /**
     * Makes {@code constructs} wait for the gate: CloudFormation creates or updates them only after
     * the migrations succeeded (a {@code DependsOn} in this stack, a stack dependency across stacks).
     *
     * @return this gate, for chaining
     */
    public MigrationGate guard(IConstruct... constructs) {
        for (IConstruct c : constructs) {
            c.getNode().addDependency(resource);
        }
        return this;
    }

    /** The custom resource. */
    public CustomResource getResource() {
        return resource;
    }

    /** The custom-resource provider (framework functions and waiter state machine). */
    public Provider getProvider() {
        return provider;
    }

    /** The handler that decides whether an event runs migrations and starts the workflow. */
    public Function getOnEventHandler() {
        return onEventHandler;
    }

    /** The handler that polls the execution. */
    public Function getIsCompleteHandler() {
        return isCompleteHandler;
    }

    /** The synth-side fingerprint: migrations folder, runner command, force-run token. */
    public String getFingerprint() {
        return fingerprint;
    }

    /** The migrations folder's own fingerprint. */
    public String getMigrationsFingerprint() {
        return migrationsFingerprint;
    }

    /** The KMS key of the gate's log groups and dead-letter queue (given or created). */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /** The dead-letter queue of the gate's five functions. */
    public Queue getDeadLetterQueue() {
        return deadLetterQueue;
    }

    /** The alarm on a message in the dead-letter queue. */
    public Alarm getDeadLetterAlarm() {
        return deadLetterAlarm;
    }

    /** The security group of the gate's functions, or null when they run outside a VPC. */
    public ISecurityGroup getSecurityGroup() {
        return placement == null ? null : placement.securityGroup();
    }

    /** The bound on the wait. */
    public Duration getWaitTimeout() {
        return waitTimeout;
    }

    /** The workflow the gate runs. */
    public MigrationWorkflow getWorkflow() {
        return workflow;
    }

    /** Builder in the aws-cdk-lib shape. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final MigrationGateProps.Builder props = MigrationGateProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see MigrationGateProps#getWorkflow() */
        public Builder workflow(MigrationWorkflow workflow) {
            props.workflow(workflow);
            return this;
        }

        /** @see MigrationGateProps#getMigrationsDirectory() */
        public Builder migrationsDirectory(Path migrationsDirectory) {
            props.migrationsDirectory(migrationsDirectory);
            return this;
        }

        /** @see MigrationGateProps#getForceRunToken() */
        public Builder forceRunToken(String forceRunToken) {
            props.forceRunToken(forceRunToken);
            return this;
        }

        /** @see MigrationGateProps#getWaitTimeout() */
        public Builder waitTimeout(Duration waitTimeout) {
            props.waitTimeout(waitTimeout);
            return this;
        }

        /** @see MigrationGateProps#getQueryInterval() */
        public Builder queryInterval(Duration queryInterval) {
            props.queryInterval(queryInterval);
            return this;
        }

        /** @see MigrationGateProps#getLogRetention() */
        public Builder logRetention(RetentionDays logRetention) {
            props.logRetention(logRetention);
            return this;
        }

        /** @see MigrationGateProps#getEncryptionKey() */
        public Builder encryptionKey(IKey encryptionKey) {
            props.encryptionKey(encryptionKey);
            return this;
        }

        /** @see MigrationGateProps#getAlarmTopic() */
        public Builder alarmTopic(ITopic alarmTopic) {
            props.alarmTopic(alarmTopic);
            return this;
        }

        /** @see MigrationGateProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            props.vpc(vpc);
            return this;
        }

        /** @see MigrationGateProps#getVpcSubnets() */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            props.vpcSubnets(vpcSubnets);
            return this;
        }

        /** @see MigrationGateProps#getSecurityGroup() */
        public Builder securityGroup(ISecurityGroup securityGroup) {
            props.securityGroup(securityGroup);
            return this;
        }

        /** @see MigrationGateProps#getReservedConcurrency() */
        public Builder reservedConcurrency(Number reservedConcurrency) {
            props.reservedConcurrency(reservedConcurrency);
            return this;
        }

        public MigrationGate build() {
            return new MigrationGate(scope, id, props.build());
        }
    }
}
