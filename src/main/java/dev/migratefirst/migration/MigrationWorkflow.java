package dev.migratefirst.migration;

import static dev.migratefirst.internal.Validation.check;
import static dev.migratefirst.internal.Validation.isKnown;
import static dev.migratefirst.internal.Validation.range;
import static dev.migratefirst.internal.Validation.required;

import dev.migratefirst.internal.EncryptionKeys;
import dev.migratefirst.network.SubnetDefaults;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.FeatureFlags;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.UniqueResourceNameOptions;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.CustomerManagedEncryptionConfiguration;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.FailJsonataProps;
import software.amazon.awscdk.services.stepfunctions.IntegrationPattern;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.PassJsonataProps;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsServiceJsonataProps;
import software.amazon.awscdk.services.stepfunctions.tasks.ContainerOverride;
import software.amazon.awscdk.services.stepfunctions.tasks.EcsFargateLaunchTarget;
import software.amazon.awscdk.services.stepfunctions.tasks.EcsFargateLaunchTargetOptions;
import software.amazon.awscdk.services.stepfunctions.tasks.EcsRunTask;
import software.amazon.awscdk.services.stepfunctions.tasks.EcsRunTaskJsonPathProps;
import software.constructs.Construct;

/**
 * The one entry point that runs migrations: a Standard Step Functions state machine that runs the
 * {@link MigrationTask} with the ECS RunTask {@code .sync} integration and waits for it.
 *
 * <ul>
 *   <li>Input (optional): {@code {"command": ["undo"]}} replaces the container command for this
 *       execution; without it the task's command runs ({@code ["migrate"]} by default).</li>
 *   <li>Success: the runner's container exited with code 0.</li>
 *   <li>Failure: a non-zero exit code, a task that stopped abnormally or never started, or a task
 *       that could not be placed. The workflow reads the task's last log lines from CloudWatch Logs
 *       (SDK integration {@code GetLogEvents} on stream {@code migration/Runner/<task id>}) and fails
 *       with error {@code MigrationFailed} and a cause holding the exit code, the stop reason and
 *       those lines. Other errors: {@code MigrationTaskNotRun}, {@code MigrationTimedOut},
 *       {@code InvalidInput}.</li>
 *   <li>Timeout: the task state's timeout ({@link MigrationWorkflowProps#getTimeout()}); when it is
 *       reached Step Functions stops the ECS task.</li>
 * </ul>
 *
 * <p>Execution logging (level ALL) and X-Ray tracing are on. The state machine's role may run this
 * task definition only, pass exactly its task and execution roles, and read this task's log group.
 *
 * <pre>{@code
 * MigrationWorkflow workflow = MigrationWorkflow.Builder.create(this, "MigrationWorkflow")
 *         .task(task)
 *         .build();
 * }</pre>
 */
public class MigrationWorkflow extends Construct {
    /** Error name of a run whose runner exited non-zero or whose task stopped abnormally. */
    public static final String ERROR_MIGRATION_FAILED = "MigrationFailed";
    /** Error name of a task that could not be started (RunTask itself failed). */
    public static final String ERROR_TASK_NOT_RUN = "MigrationTaskNotRun";
    /** Error name of a task stopped because it reached the workflow's timeout. */
    public static final String ERROR_TIMED_OUT = "MigrationTimedOut";
    /** Error name of an execution input that is not usable. */
    public static final String ERROR_INVALID_INPUT = "InvalidInput";

    /**
     * Errors of the RunTask state that mean the task was never started and a later attempt may start
     * it: the ECS API refused the call ({@code ECS.AccessDeniedException} right after the workflow
     * role's policy changed, {@code ECS.ThrottlingException}, {@code ECS.ServerException}, and
     * {@code ECS.AmazonECSException} for the other service errors such as "try again" capacity
     * messages) or RunTask answered with a non-empty {@code failures} list ({@code AmazonECS.Unknown},
     * e.g. no Fargate capacity). A task that started and then failed is {@code States.TaskFailed}
     * and is never retried: the runner already ran.
     */
    static final List<String> RUN_TASK_RETRY_ERRORS = List.of("ECS.AccessDeniedException", "ECS.ThrottlingException",
            "ECS.ServerException", "ECS.AmazonECSException", "AmazonECS.Unknown");
    /** Log groups of Step Functions are named under this prefix (CloudWatch Logs resource-policy size). */
    public static final String VENDED_LOGS_PREFIX = "/aws/vendedlogs/states/";

    private static final Duration DEFAULT_TIMEOUT = Duration.minutes(30);
    private static final int DEFAULT_LOG_LINES = 50;
    /** Step Functions caps a Fail cause at 32768 characters; log lines are cut to leave room. */
    private static final int MAX_LOG_CHARS = 28000;

    /**
     * JSONata helpers over the stopped task's description: {@code $get} reads a field in the
     * PascalCase the .sync integration returns, or in the API's camelCase; {@code $runner} is the
     * runner's container.
     */
    private static final String TASK_FIELDS = "$get := function($o, $k) { $exists($lookup($o, $k)) ? $lookup($o, $k)"
            + " : $lookup($o, $lowercase($substring($k, 0, 1)) & $substring($k, 1)) };"
            + " $runner := function($t) { $get($t, 'Containers')[$get($, 'Name') = '" + MigrationTask.CONTAINER_NAME
            + "'] };";

    private final MigrationTask task;
    private final ICluster cluster;
    private final StateMachine stateMachine;
    private final ILogGroup logGroup;
    private final Duration timeout;
    private final EcsRunTask runTask;
    private final Alarm failureAlarm;
    private final IKey encryptionKey;

    public MigrationWorkflow(Construct scope, String id, MigrationWorkflowProps props) {
        super(scope, id);
        this.task = required(this, "task", props.getTask());
        this.timeout = props.getTimeout() == null ? DEFAULT_TIMEOUT : props.getTimeout();
        int logLines = validate(props);

        this.cluster = props.getCluster() != null ? props.getCluster() : Cluster.Builder.create(this, "Cluster")
                .vpc(task.getVpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();
        this.encryptionKey = EncryptionKeys.orCreate(this, "Key", props.getEncryptionKey(),
                "MigrateFirst migration workflow: encrypts the state machine and its execution log group");
        EncryptionKeys.allowCloudWatchLogs(encryptionKey);
        if (props.getLogGroup() != null) {
            this.logGroup = props.getLogGroup();
        } else {
            this.logGroup = LogGroup.Builder.create(this, "ExecutionLogs")
                    .logGroupName(vendedLogGroupName(this, "Executions"))
                    .retention(props.getLogRetention() == null ? RetentionDays.THREE_MONTHS : props.getLogRetention())
                    .encryptionKey(encryptionKey)
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build();
        }
        SubnetSelection subnets = props.getVpcSubnets() != null ? props.getVpcSubnets()
                : SubnetDefaults.applicationSubnets(this, task.getVpc(), "vpcSubnets");

        String container = MigrationTask.CONTAINER_NAME;
        String taskLogGroup = task.getLogGroup().getLogGroupName();

        Pass resolveCommand = Pass.jsonata(this, "ResolveCommand", PassJsonataProps.builder()
                .comment("The command of this run: the input's \"command\" (e.g. [\"undo\"]) or the task's own")
                .outputs(Map.of("command", "{% $exists($states.input.command) ? $states.input.command : "
                        + jsonArray(task.getCommand()) + " %}"))
                .build());

        Fail invalidInput = Fail.jsonata(this, "InvalidInput", FailJsonataProps.builder()
                .error(ERROR_INVALID_INPUT)
                .cause("execution input \"command\" must be a non-empty array of strings, e.g. {\"command\": [\"undo\"]}")
                .build());

        this.runTask = EcsRunTask.jsonPath(this, "RunMigrationTask", EcsRunTaskJsonPathProps.builder()
                .comment("Runs the migration task and waits for it to stop (.sync)")
                .integrationPattern(IntegrationPattern.RUN_JOB)
                .cluster(cluster)
                .taskDefinition(task.getTaskDefinition())
                .launchTarget(new EcsFargateLaunchTarget(EcsFargateLaunchTargetOptions.builder()
                        .platformVersion(FargatePlatformVersion.LATEST)
                        .build()))
                .securityGroups(List.of(task.getSecurityGroup()))
                .subnets(subnets)
                .assignPublicIp(false)
                .propagatedTagSource(PropagatedTagSource.TASK_DEFINITION)
                .containerOverrides(List.of(ContainerOverride.builder()
                        .containerDefinition(task.getContainer())
                        .command(JsonPath.listAt("$.command"))
                        .build()))
                .resultPath("$.task")
                .taskTimeout(Timeout.duration(timeout))
                .build());
        // Transient refusals before the task exists: 4 retries, waits of at most 5, 10, 20 and 40 s (full jitter).
        runTask.addRetry(RetryProps.builder()
                .errors(RUN_TASK_RETRY_ERRORS)
                .interval(Duration.seconds(5))
                .backoffRate(2)
                .maxAttempts(4)
                .maxDelay(Duration.seconds(60))
                .jitterStrategy(JitterType.FULL)
                .build());

        Succeed succeeded = Succeed.jsonata(this, "MigrationsSucceeded");

        Fail failed = Fail.jsonata(this, "MigrationFailed", FailJsonataProps.builder()
                .error(ERROR_MIGRATION_FAILED)
                .cause("{% $states.input.cause %}")
                .build());

        Fail timedOut = Fail.jsonata(this, "MigrationTimedOut", FailJsonataProps.builder()
                .error(ERROR_TIMED_OUT)
                .cause("{% 'the migration task did not finish within " + timeout.toSeconds()
                        + " s; Step Functions stopped it. Its output is in log group ' & '"
                        + taskLogGroup + "' & ', streams " + MigrationTask.LOG_STREAM_PREFIX + "/" + container
                        + "/<task id>' %}")
                .build());

        Fail notRun = Fail.jsonata(this, "MigrationTaskNotRun", FailJsonataProps.builder()
                .error(ERROR_TASK_NOT_RUN)
                .cause("{% 'the migration task could not be run (' & $states.input.failure.Error & '): '"
                        + " & $states.input.failure.Cause %}")
                .build());

        CallAwsService fetchLogs = CallAwsService.jsonata(this, "FetchLastLogLines", CallAwsServiceJsonataProps.builder()
                .comment("Reads the last log lines of the stopped task for the failure cause")
                .service("cloudwatchlogs")
                .action("getLogEvents")
                .iamAction("logs:GetLogEvents")
                .iamResources(List.of(task.getLogGroup().getLogGroupArn()))
                .parameters(Map.of(
                        "LogGroupName", taskLogGroup,
                        "LogStreamName", "{% $states.input.logStream %}",
                        "Limit", logLines,
                        "StartFromHead", false))
                .outputs(Map.of("cause", "{% $states.input.summary & '\\nLast ' & $string($count($states.result.Events))"
                        + " & ' log lines (log group ' & '" + taskLogGroup + "' & ', stream ' & $states.input.logStream"
                        + " & '):\\n' & $substring($join($states.result.Events.Message, '\\n'), -" + MAX_LOG_CHARS + ") %}"))
                .build());
        fetchLogs.addCatch(failed, CatchProps.builder()
                .errors(List.of("States.ALL"))
                .outputs(Map.of("cause", "{% $states.input.summary & '\\n(the log lines could not be read: '"
                        + " & $states.errorOutput.Error & ' ' & $states.errorOutput.Cause & ')' %}"))
                .build());
        fetchLogs.next(failed);

        Pass summarize = Pass.jsonata(this, "SummarizeStoppedTask", PassJsonataProps.builder()
                .comment("Exit code, stop code and reason of the stopped task, and its log stream")
                .outputs("{% ( " + TASK_FIELDS + " $t := $states.input.task; $c := $runner($t);"
                        + " $code := $get($c, 'ExitCode'); $arn := $get($t, 'TaskArn');"
                        + " { 'exitCode': $code, 'taskArn': $arn,"
                        + " 'logStream': '" + MigrationTask.LOG_STREAM_PREFIX + "/" + container + "/' & $split($arn, '/')[-1],"
                        + " 'summary': ($exists($code) ? 'the migration task exited with code ' & $string($code)"
                        + " : 'the migration task stopped before its container ran')"
                        + " & ' (' & $get($t, 'StopCode') & ': ' & $get($t, 'StoppedReason')"
                        + " & ($exists($get($c, 'Reason')) ? '; container: ' & $get($c, 'Reason') : '')"
                        + " & '), task ' & $arn } ) %}")
                .build());
        summarize.next(fetchLogs);

        Pass parseStopped = Pass.jsonata(this, "ParseStoppedTask", PassJsonataProps.builder()
                .comment("The .sync error cause is the stopped task's description as JSON")
                .outputs(Map.of("task", "{% $parse($states.input.failure.Cause) %}"))
                .build());
        parseStopped.next(summarize);

        Choice classify = Choice.jsonata(this, "ClassifyFailure")
                .when(Condition.jsonata("{% $states.input.failure.Error = 'States.Timeout' %}"), timedOut)
                .when(Condition.jsonata("{% $type($states.input.failure.Cause) = 'string'"
                        + " and $substring($states.input.failure.Cause, 0, 1) = '{'"
                        + " and $contains($lowercase($states.input.failure.Cause), '\"taskarn\"') %}"), parseStopped)
                .otherwise(notRun);
        runTask.addCatch(classify, CatchProps.builder()
                .errors(List.of("States.ALL"))
                .resultPath("$.failure")
                .build());

        Choice checkExitCode = Choice.jsonata(this, "CheckExitCode")
                .when(Condition.jsonata("{% ( " + TASK_FIELDS
                        + " $get($runner($states.input.task), 'ExitCode') = 0 ) %}"), succeeded)
                .otherwise(summarize);
        runTask.next(checkExitCode);

        Choice checkCommand = Choice.jsonata(this, "CheckCommand")
                .when(Condition.jsonata("{% $type($states.input.command) = 'array'"
                        + " and $count($states.input.command) > 0"
                        + " and $count($states.input.command[$type($) != 'string']) = 0 %}"), runTask)
                .otherwise(invalidInput);
        resolveCommand.next(checkCommand);

        StateMachine.Builder sm = StateMachine.Builder.create(this, "Resource")
                .comment("MigrateFirst: runs the migration task, fails with its exit code and last log lines")
                .definitionBody(DefinitionBody.fromChainable(resolveCommand))
                .stateMachineType(StateMachineType.STANDARD)
                .timeout(timeout.plus(Duration.minutes(10)))
                .tracingEnabled(true)
                // the key's encryption context names the state machine, so it needs a name known at synth
                .stateMachineName(props.getStateMachineName() != null ? props.getStateMachineName()
                        : Names.uniqueResourceName(this, UniqueResourceNameOptions.builder().maxLength(80).build()))
                .encryptionConfiguration(new CustomerManagedEncryptionConfiguration(encryptionKey))
                .logs(LogOptions.builder()
                        .destination(logGroup)
                        .level(LogLevel.ALL)
                        .includeExecutionData(true)
                        .build());
        this.stateMachine = sm.build();

        if (!Boolean.FALSE.equals(props.getEnableAlarms())) {
            MathExpression failures = MathExpression.Builder.create()
                    .expression("failed + timedOut + aborted")
                    .usingMetrics(Map.of(
                            "failed", stateMachine.metricFailed(),
                            "timedOut", stateMachine.metricTimedOut(),
                            "aborted", stateMachine.metricAborted()))
                    .period(Duration.minutes(5))
                    .label("Failed, timed out or aborted migration runs")
                    .build();
            this.failureAlarm = Alarm.Builder.create(this, "FailureAlarm")
                    .alarmDescription("A migration run failed, timed out or was aborted: see the execution's cause "
                            + "(bin/run-migrations prints it) and the runner's log group")
                    .metric(failures)
                    .threshold(1)
                    .evaluationPeriods(1)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build();
            if (props.getAlarmTopic() != null) {
                failureAlarm.addAlarmAction(new SnsAction(props.getAlarmTopic()));
            }
        } else {
            this.failureAlarm = null;
        }

        String reason = "Migration workflow role: the ECS .sync integration's ecs:StopTask/DescribeTasks act on task "
                + "ARNs known only at run time, X-Ray and log-delivery actions have no resource-level permission "
                + "(Resource *)";
        if (FeatureFlags.of(this).isEnabled(FIX_RUN_ECS_TASK_POLICY)) {
            // ecs:RunTask names exactly this task definition revision: no wildcard to suppress
            Nag.suppress(Nag.defaultPolicy(stateMachine.getRole()), "AwsSolutions-IAM5", reason, "Resource::*");
        } else {
            String taskDefinitionId = Stack.of(this).getLogicalId(
                    (CfnElement) task.getTaskDefinition().getNode().getDefaultChild());
            Nag.suppress(Nag.defaultPolicy(stateMachine.getRole()), "AwsSolutions-IAM5", reason + ", and ecs:RunTask "
                    + "names this task definition's family in any revision (<family>:*) without the feature flag "
                    + FIX_RUN_ECS_TASK_POLICY, "Resource::*",
                    Nag.regex("/^Resource::arn:.*" + taskDefinitionId + ".*:\\*$/g"));
        }
        Nag.suppressCompliance(Nag.defaultPolicy(stateMachine.getRole()), "IAMNoInlinePolicy", "Migration workflow "
                + "role policy: what the state machine's own states need (run this task definition, pass its two roles, "
                + "read its log group, use its key, X-Ray), created and deleted with the role; IAM's inline policies "
                + "are meant for such a strict one-to-one policy and identity");
    }

    /**
     * Lets {@code grantee} use the state machine's key as Step Functions requires of whoever starts or reads
     * executions of a state machine encrypted with a customer managed key: {@code kms:GenerateDataKey} and
     * {@code kms:Decrypt}, only in the encryption context of this state machine.
     */
    Grant grantKeyUse(IGrantable grantee) {
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resourceArns(List.of(encryptionKey.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:EncryptionContext:aws:states:stateMachineArn",
                        stateMachine.getStateMachineArn())))
                .build());
    }

    /** The aws-cdk-lib feature flag under which RunTask is granted on the exact task definition revision. */
    static final String FIX_RUN_ECS_TASK_POLICY = "@aws-cdk/aws-stepfunctions-tasks:fixRunEcsTaskPolicy";

    /**
     * A log group name under {@code /aws/vendedlogs/states/}, unique in the account and region (the
     * stack and construct path), so the CloudWatch Logs resource policy that Step Functions logging
     * needs does not grow with every log group (Step Functions: "Logging using CloudWatch Logs").
     */
    static String vendedLogGroupName(Construct scope, String suffix) {
        return VENDED_LOGS_PREFIX + Names.uniqueResourceName(scope, UniqueResourceNameOptions.builder()
                .maxLength(200).separator("-").build()) + "-" + suffix;
    }

    private int validate(MigrationWorkflowProps props) {
        check(props.getLogGroup() == null || props.getLogRetention() == null, this, "logRetention",
                "give logGroup or logRetention, not both");
        if (isKnown(timeout)) {
            double seconds = timeout.toSeconds().doubleValue();
            check(seconds >= 60 && seconds <= 24 * 3600, this, "timeout",
                    "must be between 1 minute and 24 hours (got " + timeout.toHumanString() + ")");
        }
        Number lines = props.getLogLines();
        // a plain number: it is written into the state machine definition as the GetLogEvents limit
        check(lines == null || !Token.isUnresolved(lines), this, "logLines", "must be a number known at synth, not a token");
        range(this, "logLines", lines, 1, 10000, " (GetLogEvents' limit)");
        return lines == null ? DEFAULT_LOG_LINES : lines.intValue();
    }

    private static String jsonArray(List<String> values) {
        return values.stream()
                .map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** Lets {@code grantee} start executions (what CI or an operator needs besides reading them). */
    public Grant grantStartExecution(IGrantable grantee) {
        grantKeyUse(grantee);
        return stateMachine.grantStartExecution(grantee);
    }

    /** Lets {@code grantee} list and describe executions (to wait for one and read its cause). */
    public Grant grantRead(IGrantable grantee) {
        grantKeyUse(grantee);
        return stateMachine.grantRead(grantee);
    }

    /** The state machine. */
    public StateMachine getStateMachine() {
        return stateMachine;
    }

    /** The state machine's ARN. */
    public String getStateMachineArn() {
        return stateMachine.getStateMachineArn();
    }

    /** The alarm on failed, timed-out or aborted executions, or null with {@code enableAlarms(false)}. */
    public Alarm getFailureAlarm() {
        return failureAlarm;
    }

    /** The KMS key of the state machine and its execution log group (given or created). */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /** The ECS cluster the task runs in. */
    public ICluster getCluster() {
        return cluster;
    }

    /** The log group of the state machine's execution log. */
    public ILogGroup getLogGroup() {
        return logGroup;
    }

    /** The migration task this workflow runs. */
    public MigrationTask getTask() {
        return task;
    }

    /** The task state's timeout. */
    public Duration getTimeout() {
        return timeout;
    }

    /** The RunTask state. */
    public EcsRunTask getRunTaskState() {
        return runTask;
    }

    /** Builder in the aws-cdk-lib shape. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final MigrationWorkflowProps.Builder props = MigrationWorkflowProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see MigrationWorkflowProps#getTask() */
        public Builder task(MigrationTask task) {
            props.task(task);
            return this;
        }

        /** @see MigrationWorkflowProps#getCluster() */
        public Builder cluster(ICluster cluster) {
            props.cluster(cluster);
            return this;
        }

        /** @see MigrationWorkflowProps#getVpcSubnets() */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            props.vpcSubnets(vpcSubnets);
            return this;
        }

        /** @see MigrationWorkflowProps#getTimeout() */
        public Builder timeout(Duration timeout) {
            props.timeout(timeout);
            return this;
        }

        /** @see MigrationWorkflowProps#getLogLines() */
        public Builder logLines(Number logLines) {
            props.logLines(logLines);
            return this;
        }

        /** @see MigrationWorkflowProps#getLogGroup() */
        public Builder logGroup(ILogGroup logGroup) {
            props.logGroup(logGroup);
            return this;
        }

        /** @see MigrationWorkflowProps#getLogRetention() */
        public Builder logRetention(RetentionDays logRetention) {
            props.logRetention(logRetention);
            return this;
        }

        /** @see MigrationWorkflowProps#getEnableAlarms() */
        public Builder enableAlarms(Boolean enableAlarms) {
            props.enableAlarms(enableAlarms);
            return this;
        }

        /** @see MigrationWorkflowProps#getStateMachineName() */
        public Builder stateMachineName(String stateMachineName) {
            props.stateMachineName(stateMachineName);
            return this;
        }

        /** @see MigrationWorkflowProps#getEncryptionKey() */
        public Builder encryptionKey(IKey encryptionKey) {
            props.encryptionKey(encryptionKey);
            return this;
        }

        /** @see MigrationWorkflowProps#getAlarmTopic() */
        public Builder alarmTopic(ITopic alarmTopic) {
            props.alarmTopic(alarmTopic);
            return this;
        }

        public MigrationWorkflow build() {
            return new MigrationWorkflow(scope, id, props.build());
        }
    }
}
