package dev.migratefirst.app;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The example app exactly as cdk.json builds it (every stack, cdk-nag applied), synthesized once per
 * JVM and shared by the test classes that read it. They only read: nothing may be added to the app
 * after synthesis.
 */
record SynthesizedExampleApp(App app, CloudAssembly assembly) {
    private static SynthesizedExampleApp shared;

    /** The shared synthesis, made on first use. */
    static synchronized SynthesizedExampleApp get() {
        if (shared == null) {
            long start = System.nanoTime();
            App app = new App(AppProps.builder().context(reportingContext()).build());
            ExampleApp.addExampleStacks(app);
            ExampleApp.applyChecks(app);
            CloudAssembly assembly = app.synth();
            System.out.printf("example app: build + cdk-nag + synth in-JVM took %d ms%n",
                    (System.nanoTime() - start) / 1_000_000);
            shared = new SynthesizedExampleApp(app, assembly);
        }
        return shared;
    }

    /**
     * cdk.json's context, except that error annotations (unsuppressed cdk-nag findings) stay in the assembly's
     * metadata instead of failing synth, so the tests list them per stack ({@code cdk synth} still fails on them).
     */
    static java.util.Map<String, Object> reportingContext() {
        java.util.Map<String, Object> context = new java.util.HashMap<>(ExampleApp.cdkJsonContext());
        context.put("@aws-cdk/core:annotationsInValidationReport", false);
        return context;
    }

    /** The stack with construct id {@code id} (one of {@link ExampleApp}'s stack ids). */
    <T> T stack(String id, Class<T> type) {
        return type.cast(app.getNode().findChild(id));
    }
}
