package dev.migratefirst.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
}
