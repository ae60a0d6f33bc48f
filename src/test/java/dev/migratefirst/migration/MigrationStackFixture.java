package dev.migratefirst.migration;

import java.nio.file.Path;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;

/** Builds task + workflow + gate in a stack, the way a consumer would. */
final class MigrationStackFixture {
    final IVpc vpc;
    final TestDatabase database;
    final MigrationTask task;
    final MigrationWorkflow workflow;
    final MigrationGate gate;

    MigrationStackFixture(Stack stack, Path migrations, String forceRunToken) {
        this.vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        this.database = new TestDatabase(stack, "Database", vpc);
        this.task = MigrationTask.Builder.create(stack, "MigrationTask")
                .vpc(vpc)
                .database(database)
                .image(ContainerImage.fromRegistry("public.ecr.aws/example/app:1.0"))
                .build();
        this.workflow = MigrationWorkflow.Builder.create(stack, "MigrationWorkflow").task(task).build();
        this.gate = MigrationGate.Builder.create(stack, "MigrationGate")
                .workflow(workflow)
                .migrationsDirectory(migrations)
                .forceRunToken(forceRunToken)
                .build();
    }
}
