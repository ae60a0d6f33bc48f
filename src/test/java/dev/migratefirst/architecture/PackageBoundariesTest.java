package dev.migratefirst.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import rules between the packages: the image gets no CDK, the constructs get no runner, and the
 * constructs' shared helpers ({@code internal}) import no other MigrateFirst package.
 */
class PackageBoundariesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.migratefirst");
    }

    @Test
    void runnerSafetyAndMigrationsNeverTouchCdk() {
        noClasses().that().resideInAnyPackage("dev.migratefirst.runner..", "dev.migratefirst.safety..",
                        "dev.migratefirst.migrations..", "dev.migratefirst.demoapp..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon.awscdk..", "software.constructs..", "io.github.cdklabs..",
                        "software.amazon.jsii..", "dev.migratefirst.internal..")
                .because("the application image carries no CDK jars")
                .check(classes);
    }

    @Test
    void cdkPackagesNeverTouchTheRunnerOrSafety() {
        noClasses().that().resideInAnyPackage("dev.migratefirst.network..", "dev.migratefirst.database..",
                        "dev.migratefirst.access..", "dev.migratefirst.migration..", "dev.migratefirst.app..",
                        "dev.migratefirst.internal..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.migratefirst.runner..", "dev.migratefirst.safety..", "dev.migratefirst.demoapp..",
                        "org.flywaydb..", "io.zonky..", "org.postgresql..", "picocli..")
                .because("a stack that depends on the library must not need the runner's optional dependencies")
                .check(classes);
    }

    @Test
    void constructHelpersImportNoOtherMigrateFirstPackage() {
        noClasses().that().resideInAPackage("dev.migratefirst.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.migratefirst.network..",
                        "dev.migratefirst.database..", "dev.migratefirst.access..", "dev.migratefirst.migration..",
                        "dev.migratefirst.app..", "dev.migratefirst.migrations..")
                .because("every construct package uses them, so they must not close a cycle")
                .check(classes);
    }

    @Test
    void migrationsIsJdkOnly() {
        noClasses().that().resideInAPackage("dev.migratefirst.migrations..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.migratefirst.migrations..", "java..")
                .because("the migrations folder reader is shared by both sides")
                .check(classes);
    }

    @Test
    void safetyDoesNotDependOnTheRunner() {
        noClasses().that().resideInAPackage("dev.migratefirst.safety..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.migratefirst.runner..", "org.flywaydb..")
                .because("the safety analysis uses JDBC and the migrations reader only")
                .check(classes);
    }

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("dev.migratefirst.(*)..").should().beFreeOfCycles()
                .because("each top-level package is a room with its own door: none may need one that needs it")
                .check(classes);
    }

    @Test
    void runnerSubPackagesAreFreeOfCycles() {
        slices().matching("dev.migratefirst.runner.(*)..").should().beFreeOfCycles()
                .because("the runner is layered by concern: cli over migrate and undo over history and connect")
                .check(classes);
    }

    @Test
    void runnerRootDependsOnNoSubPackage() {
        rootDependsOnNoSubPackage("dev.migratefirst.runner").check(classes);
    }

    @Test
    void theRootRuleCatchesARootToSubPackageCycle() {
        // the slice rule cannot see it (runner.(*).. does not match the root's own classes); this one must
        JavaClasses cycle = new ClassFileImporter().importPackages("dev.migratefirst.architecture.cyclefixture");
        assertThat(slices().matching("dev.migratefirst.architecture.cyclefixture.(*)..").should().beFreeOfCycles()
                .allowEmptyShould(true).evaluate(cycle).hasViolation())
                .as("the slice rule alone misses a root <-> sub-package cycle").isFalse();
        assertThat(rootDependsOnNoSubPackage("dev.migratefirst.architecture.cyclefixture").evaluate(cycle)
                .hasViolation()).isTrue();
    }

    /**
     * The classes of the root package {@code root} need none of its sub-packages: with the slice rule over
     * {@code root.(*)..}, which does not match the root's own classes, no cycle can pass through the root.
     */
    private static ArchRule rootDependsOnNoSubPackage(String root) {
        return noClasses().that().resideInAPackage(root)
                .should().dependOnClassesThat().resideInAPackage(root + ".*..")
                .because("the root holds the types every package below it shares, so it may need none of them");
    }

    @Test
    void runnerLayersPointDownward() {
        noClasses().that().resideInAnyPackage("dev.migratefirst.runner.connect..", "dev.migratefirst.runner.history..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.migratefirst.runner.cli..",
                        "dev.migratefirst.runner.migrate..", "dev.migratefirst.runner.undo..",
                        "dev.migratefirst.runner.exec..")
                .because("connection and schema history are the runner's foundations")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.migratefirst.runner.migrate..", "dev.migratefirst.runner.undo..",
                        "dev.migratefirst.runner.exec..")
                .should().dependOnClassesThat().resideInAPackage("dev.migratefirst.runner.cli..")
                .because("the engines take settings and know nothing of picocli or the command line")
                .check(classes);
    }
}
