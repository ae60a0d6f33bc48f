package dev.migratefirst.app;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The example app of cdk.json. Run by {@code npx cdk synth} (the CLI sets CDK_OUTDIR) or directly
 * by {@code mvn -q compile exec:java}, which writes to {@code cdk.out} as the CLI would. Every stack is
 * checked by cdk-nag's AwsSolutions pack at synth, so an unsuppressed finding fails {@code cdk synth}.
 *
 * <p>Tests build the same stacks in-JVM with {@link #addExampleStacks(App)}; add a new example stack there
 * and the cdk-nag and secret tests cover it.
 */
public final class ExampleApp {

    /** Stack name of the long-lived data stack (network, database, bastion). */
    public static final String DATA_STACK = "MigrateFirstData";

    private ExampleApp() {
    }

    public static void main(String[] args) {
        App app = newApp();
        addExampleStacks(app);
        applyChecks(app);
        app.synth();
    }

    /** An App that writes to cdk.out when not started by the CDK CLI. */
    public static App newApp() {
        String outdir = System.getenv("CDK_OUTDIR");
        return new App(AppProps.builder().outdir(outdir == null || outdir.isBlank() ? "cdk.out" : outdir).build());
    }

    /** Adds every example stack to {@code app}. Later stacks take what they need from the data stack. */
    public static void addExampleStacks(App app) {
        addDataStack(app);
    }

    /** Adds the long-lived data stack ({@value #DATA_STACK}). */
    public static DataStack addDataStack(App app) {
        return new DataStack(app, DATA_STACK, DataStackProps.builder()
                .stackProps(StackProps.builder()
                        .description("MigrateFirst example: network, PostgreSQL and SSM bastion (long-lived)")
                        .build())
                .build());
    }

    /** Applies the cdk-nag AwsSolutions checks to every stack of {@code app}. */
    public static void applyChecks(App app) {
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    }
}
