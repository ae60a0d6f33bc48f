package dev.migratefirst.app;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * The example app of cdk.json. Run by {@code npx cdk synth} (the CLI sets CDK_OUTDIR) or directly
 * by {@code mvn -q compile exec:java}, which writes to {@code cdk.out} as the CLI would.
 */
public final class ExampleApp {
    private ExampleApp() {
    }

    public static void main(String[] args) {
        App app = newApp();
        app.synth();
    }

    /** An App that writes to cdk.out when not started by the CDK CLI. */
    static App newApp() {
        String outdir = System.getenv("CDK_OUTDIR");
        return new App(AppProps.builder().outdir(outdir == null || outdir.isBlank() ? "cdk.out" : outdir).build());
    }
}
