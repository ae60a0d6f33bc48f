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
            App app = new App(AppProps.builder().context(ExampleApp.cdkJsonContext()).build());
            ExampleApp.addExampleStacks(app);
            ExampleApp.applyChecks(app);
            CloudAssembly assembly = app.synth();
            System.out.printf("example app: build + cdk-nag + synth in-JVM took %d ms%n",
                    (System.nanoTime() - start) / 1_000_000);
            shared = new SynthesizedExampleApp(app, assembly);
        }
        return shared;
    }

    /** The stack with construct id {@code id} (one of {@link ExampleApp}'s stack ids). */
    <T> T stack(String id, Class<T> type) {
        return type.cast(app.getNode().findChild(id));
    }
}
