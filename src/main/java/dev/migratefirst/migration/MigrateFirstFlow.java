package dev.migratefirst.migration;

import static dev.migratefirst.internal.Validation.check;
import static dev.migratefirst.internal.Validation.range;
import static dev.migratefirst.internal.Validation.required;

import dev.migratefirst.database.IPostgresDatabase;
import dev.migratefirst.internal.EncryptionKeys;
import dev.migratefirst.network.SubnetDefaults;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CfnTaskDefinition;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedTaskImageOptions;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The whole migrate-first deploy in one construct, in the spirit of aws-ecs-patterns: from a VPC, a database,
 * the migrations and an image it creates the {@link MigrationTask}, the {@link MigrationWorkflow} and the
 * {@link MigrationGate}, guards the services it is given, and optionally creates an ALB Fargate service of its
 * own (aws-ecs-patterns {@code ApplicationLoadBalancedFargateService}) that rolls out only after the
 * migrations succeeded. Every part has a getter; the three constructs stay public for full control.
 *
 * <pre>{@code
 * MigrateFirstFlow flow = MigrateFirstFlow.Builder.create(this, "App")
 *         .vpc(vpc)
 *         .database(database)
 *         .loadBalancedService(true)
 *         .build();
 * flow.guard(otherService);
 * }</pre>
 *
 * <p>Construct IDs: {@code Key}, {@code Cluster}, {@code MigrationTask}, {@code MigrationWorkflow}, {@code MigrationGate},
 * {@code Service}; the backfill trigger is {@code MigrationGate/Backfill}.
 */
public class MigrateFirstFlow extends Construct {
    private final ICluster cluster;
    private final MigrationTask task;
    private final MigrationWorkflow workflow;
    private final MigrationGate gate;
    private final CustomResource backfillTrigger;
    private final ApplicationLoadBalancedFargateService loadBalancedService;
    private final IKey encryptionKey;

    public MigrateFirstFlow(Construct scope, String id, MigrateFirstFlowProps props) {
        super(scope, id);
        MigrateFirstFlowProps p = required(this, "props", props);
        IVpc vpc = required(this, "vpc", p.getVpc());
        IPostgresDatabase database = required(this, "database", p.getDatabase());
        boolean withService = Boolean.TRUE.equals(p.getLoadBalancedService());
        if (!withService) {
            String problem = "is set but loadBalancedService is not true";
            check(p.getServiceEnvironment() == null, this, "serviceEnvironment", problem);
            check(p.getServiceEntryPoint() == null, this, "serviceEntryPoint", problem);
            check(p.getServicePort() == null, this, "servicePort", problem);
            check(p.getPublicLoadBalancer() == null, this, "publicLoadBalancer", problem);
        }
        range(this, "servicePort", p.getServicePort(), 1, 65535, "");
        check(p.getGateSecurityGroup() == null || p.getGateVpcSubnets() != null, this, "gateSecurityGroup",
                "is set but gateVpcSubnets is not");

        ContainerImage image = p.getImage() != null ? p.getImage() : ApplicationImage.fromProjectDirectory(".");
        SubnetSelection subnets = p.getVpcSubnets() != null ? p.getVpcSubnets()
                : SubnetDefaults.applicationSubnets(this, vpc, "vpcSubnets");
        this.cluster = p.getCluster() != null ? p.getCluster() : Cluster.Builder.create(this, "Cluster")
                .vpc(vpc)
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();
        this.encryptionKey = EncryptionKeys.orCreate(this, "Key", p.getEncryptionKey(), "MigrateFirst flow: encrypts "
                + "the migration task's, workflow's and gate's log groups, the state machine and the gate's dead-letter queue");
        EncryptionKeys.allowCloudWatchLogs(encryptionKey);
        this.task = MigrationTask.Builder.create(this, "MigrationTask")
                .vpc(vpc)
                .database(database)
                .image(image)
                .encryptionKey(encryptionKey)
                .build();
        this.workflow = MigrationWorkflow.Builder.create(this, "MigrationWorkflow")
                .task(task)
                .cluster(cluster)
                .vpcSubnets(subnets)
                .timeout(p.getTimeout())
                .encryptionKey(encryptionKey)
                .alarmTopic(p.getAlarmTopic())
                .build();
        MigrationGate.Builder gateBuilder = MigrationGate.Builder.create(this, "MigrationGate")
                .workflow(workflow)
                .migrationsDirectory(p.getMigrationsDirectory() != null ? p.getMigrationsDirectory() : Path.of("migrations"))
                .forceRunToken(p.getForceRunToken())
                .encryptionKey(encryptionKey)
                .alarmTopic(p.getAlarmTopic());
        if (p.getGateVpcSubnets() != null) {
            gateBuilder.vpc(vpc).vpcSubnets(p.getGateVpcSubnets()).securityGroup(p.getGateSecurityGroup());
        }
        this.gate = gateBuilder.build();
        boolean runBackfills = p.getRunBackfills() != null ? p.getRunBackfills() : gate.hasBackfills();
        this.backfillTrigger = runBackfills ? gate.addBackfillTrigger("Backfill") : null;

        if (withService) {
            this.loadBalancedService = ApplicationLoadBalancedFargateService.Builder.create(this, "Service")
                    .cluster(cluster)
                    .taskSubnets(subnets)
                    .assignPublicIp(false)
                    .publicLoadBalancer(p.getPublicLoadBalancer() == null || p.getPublicLoadBalancer())
                    .desiredCount(1)
                    .cpu(MigrationTask.DEFAULT_CPU)
                    .memoryLimitMiB(MigrationTask.DEFAULT_MEMORY_MIB)
                    .minHealthyPercent(100)
                    .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                    .taskImageOptions(ApplicationLoadBalancedTaskImageOptions.builder()
                            .image(image)
                            .containerName("App")
                            .logDriver(LogDriver.awsLogs(AwsLogDriverProps.builder().streamPrefix("Service")
                                    .logGroup(LogGroup.Builder.create(this, "ServiceLogs")
                                            .retention(RetentionDays.THREE_MONTHS)
                                            .encryptionKey(encryptionKey)
                                            .build())
                                    .build()))
                            .containerPort(p.getServicePort() != null ? p.getServicePort() : ApplicationImage.SERVICE_PORT)
                            .entryPoint(p.getServiceEntryPoint())
                            .environment(serviceEnvironment(p))
                            // the app's own least-privilege role, never the master secret
                            .secrets(MigrationTask.databaseSecrets(required(this, "database.appSecret",
                                    database.getAppSecret())))
                            .build())
                    .build();
            hardenServiceContainer(loadBalancedService.getTaskDefinition());
            loadBalancedService.getService().getConnections().allowToDefaultPort(database, "MigrateFirst service");
            guard(loadBalancedService.getService());
            suppressServiceFindings(p);
        } else {
            this.loadBalancedService = null;
        }
        if (p.getGuardedServices() != null) {
            p.getGuardedServices().forEach(this::guard);
        }
    }

    /**
     * The service container gets the migration container's settings ({@link MigrationTask#hardened}): the
     * pattern's task image options have no user, read-only root or memory limit, so they are set on the
     * synthesized container definition (the pattern's only container), and {@code /tmp} is the scratch volume.
     */
    private static void hardenServiceContainer(FargateTaskDefinition serviceTask) {
        MigrationTask.mountScratchVolume(serviceTask, serviceTask.getDefaultContainer());
        CfnTaskDefinition cfn = (CfnTaskDefinition) serviceTask.getNode().getDefaultChild();
        cfn.addPropertyOverride("ContainerDefinitions.0.User", MigrationTask.CONTAINER_USER);
        cfn.addPropertyOverride("ContainerDefinitions.0.ReadonlyRootFilesystem", true);
        cfn.addPropertyOverride("ContainerDefinitions.0.Privileged", false);
        cfn.addPropertyOverride("ContainerDefinitions.0.Memory", MigrationTask.DEFAULT_MEMORY_MIB);
    }

    /** Where the database is (plain, not secret), then the team's own variables. */
    private Map<String, String> serviceEnvironment(MigrateFirstFlowProps p) {
        Map<String, String> env = new LinkedHashMap<>(MigrationTask.databaseEnvironment(p.getDatabase()));
        if (p.getServiceEnvironment() != null) {
            env.putAll(p.getServiceEnvironment());
        }
        return env;
    }

    /** The findings of the ALB service that are the pattern's choice, each on the one resource it concerns. */
    private void suppressServiceFindings(MigrateFirstFlowProps p) {
        Nag.suppress(loadBalancedService.getLoadBalancer(), "AwsSolutions-ELB2", "Access logs need an S3 bucket "
                + "with its own policy and lifecycle that the team owns; enable them on getLoadBalancer() with "
                + "logAccessLogs(bucket)");
        if (p.getPublicLoadBalancer() == null || p.getPublicLoadBalancer()) {
            Nag.suppress(loadBalancedService.getLoadBalancer().getConnections().getSecurityGroups().get(0),
                    "AwsSolutions-EC23", "The internet-facing load balancer is the service's public entry point: its "
                    + "listener port is open to the internet by design (publicLoadBalancer(false) makes it internal)");
        }
        Nag.suppress(loadBalancedService.getTaskDefinition(), "AwsSolutions-ECS2", "Service task definition: the "
                + "plain environment holds where the database is (DB_HOST, DB_PORT, DB_NAME) and the serviceEnvironment "
                + "prop; the credentials reach the container as ECS secrets from the app secret");
        Nag.suppress(Nag.defaultPolicy(loadBalancedService.getTaskDefinition().obtainExecutionRole()), "AwsSolutions-IAM5",
                "Service execution role: ecr:GetAuthorizationToken, needed to pull an ECR image, has no "
                + "resource-level permission (Resource *)", "Resource::*");
    }

    /**
     * Makes {@code services} (or any constructs) roll out only after the migrations succeeded.
     *
     * @return this flow, for chaining
     */
    public MigrateFirstFlow guard(IConstruct... services) {
        if (backfillTrigger != null) {
            String own = Stack.of(this).getNode().getPath();
            for (IConstruct service : services) {
                // the trigger waits for the service; across stacks that would be a dependency cycle
                check(Stack.of(service).getNode().getPath().equals(own), this, "runBackfills", "the backfill trigger "
                        + "must wait for " + service.getNode().getPath() + ", which is in another stack; guard it from "
                        + "this stack, or set runBackfills(false) and start the backfill with bin/run-migrations "
                        + "--no-wait -- backfill");
            }
        }
        gate.guard(services);
        if (backfillTrigger != null) {
            for (IConstruct service : services) {
                backfillTrigger.getNode().addDependency(service);
            }
        }
        return this;
    }

    /** The ECS cluster: created, or the one given. */
    public ICluster getCluster() {
        return cluster;
    }

    /** The KMS key of the flow's log groups, state machine and dead-letter queue: given, or created with rotation. */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /** The migration task. */
    public MigrationTask getMigrationTask() {
        return task;
    }

    /** The migration workflow (Step Functions). */
    public MigrationWorkflow getWorkflow() {
        return workflow;
    }

    /**
     * The backfill trigger ({@code Custom::MigrationBackfill}, depends on every guarded service), or null when
     * backfills are not run by the flow ({@link MigrateFirstFlowProps#getRunBackfills()}).
     */
    public CustomResource getBackfillTrigger() {
        return backfillTrigger;
    }

    /** The deploy gate. */
    public MigrationGate getGate() {
        return gate;
    }

    /** The ALB Fargate service, or null unless {@code loadBalancedService(true)}. */
    public ApplicationLoadBalancedFargateService getLoadBalancedService() {
        return loadBalancedService;
    }

    /** Builder in the aws-cdk-lib shape: {@code MigrateFirstFlow.Builder.create(scope, id).vpc(vpc)...build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final MigrateFirstFlowProps.Builder props = MigrateFirstFlowProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see MigrateFirstFlowProps#getRunBackfills() */
        public Builder runBackfills(Boolean runBackfills) {
            props.runBackfills(runBackfills);
            return this;
        }

        /** @see MigrateFirstFlowProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            props.vpc(vpc);
            return this;
        }

        /** @see MigrateFirstFlowProps#getDatabase() */
        public Builder database(IPostgresDatabase database) {
            props.database(database);
            return this;
        }

        /** @see MigrateFirstFlowProps#getImage() */
        public Builder image(ContainerImage image) {
            props.image(image);
            return this;
        }

        /** @see MigrateFirstFlowProps#getMigrationsDirectory() */
        public Builder migrationsDirectory(Path migrationsDirectory) {
            props.migrationsDirectory(migrationsDirectory);
            return this;
        }

        /** @see MigrateFirstFlowProps#getCluster() */
        public Builder cluster(ICluster cluster) {
            props.cluster(cluster);
            return this;
        }

        /** @see MigrateFirstFlowProps#getVpcSubnets() */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            props.vpcSubnets(vpcSubnets);
            return this;
        }

        /** @see MigrateFirstFlowProps#getGuardedServices() */
        public Builder guardedServices(List<? extends IConstruct> guardedServices) {
            props.guardedServices(guardedServices);
            return this;
        }

        /** @see MigrateFirstFlowProps#getLoadBalancedService() */
        public Builder loadBalancedService(Boolean loadBalancedService) {
            props.loadBalancedService(loadBalancedService);
            return this;
        }

        /** @see MigrateFirstFlowProps#getServiceEnvironment() */
        public Builder serviceEnvironment(Map<String, String> serviceEnvironment) {
            props.serviceEnvironment(serviceEnvironment);
            return this;
        }

        /** @see MigrateFirstFlowProps#getServiceEntryPoint() */
        public Builder serviceEntryPoint(List<String> serviceEntryPoint) {
            props.serviceEntryPoint(serviceEntryPoint);
            return this;
        }

        /** @see MigrateFirstFlowProps#getServicePort() */
        public Builder servicePort(Number servicePort) {
            props.servicePort(servicePort);
            return this;
        }

        /** @see MigrateFirstFlowProps#getPublicLoadBalancer() */
        public Builder publicLoadBalancer(Boolean publicLoadBalancer) {
            props.publicLoadBalancer(publicLoadBalancer);
            return this;
        }

        /** @see MigrateFirstFlowProps#getTimeout() */
        public Builder timeout(Duration timeout) {
            props.timeout(timeout);
            return this;
        }

        /** @see MigrateFirstFlowProps#getForceRunToken() */
        public Builder forceRunToken(String forceRunToken) {
            props.forceRunToken(forceRunToken);
            return this;
        }

        /** @see MigrateFirstFlowProps#getEncryptionKey() */
        public Builder encryptionKey(IKey encryptionKey) {
            props.encryptionKey(encryptionKey);
            return this;
        }

        /** @see MigrateFirstFlowProps#getAlarmTopic() */
        public Builder alarmTopic(ITopic alarmTopic) {
            props.alarmTopic(alarmTopic);
            return this;
        }

        /** @see MigrateFirstFlowProps#getGateVpcSubnets() */
        public Builder gateVpcSubnets(SubnetSelection gateVpcSubnets) {
            props.gateVpcSubnets(gateVpcSubnets);
            return this;
        }

        /** @see MigrateFirstFlowProps#getGateSecurityGroup() */
        public Builder gateSecurityGroup(ISecurityGroup gateSecurityGroup) {
            props.gateSecurityGroup(gateSecurityGroup);
            return this;
        }

        public MigrateFirstFlow build() {
            return new MigrateFirstFlow(scope, id, props.build());
        }
    }
}
