package dev.migratefirst.app;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The example app exactly as cdk.json builds it (every stack, cdk-nag applied), synthesized once per
 * JVM and context and shared by the test classes that read it. They only read: nothing may be added to the
 * app after synthesis.
 *
 * <p>An unsuppressed cdk-nag error fails synthesis (CDK's validation report), as {@code cdk synth} does. The
 * assembly is still written, so it is read back from the output directory: the tests then name each
 * finding per stack and pack instead of failing on one opaque "Validation failed".
 */
record SynthesizedExampleApp(App app, CloudAssembly assembly, String validationFailure) {
    private static final Map<Map<String, String>, SynthesizedExampleApp> SHARED = new HashMap<>();

    /** The shared synthesis of the default profile (cdk.json's context only), made on first use. */
    static SynthesizedExampleApp get() {
        return get(Map.of());
    }

    /** The shared synthesis with {@code context} on top of cdk.json's (e.g. {@code migratefirst:egress=nat}). */
    static synchronized SynthesizedExampleApp get(Map<String, String> context) {
        return SHARED.computeIfAbsent(new TreeMap<>(context), SynthesizedExampleApp::synthesize);
    }

    private static SynthesizedExampleApp synthesize(Map<String, String> extra) {
        long start = System.nanoTime();
        Map<String, Object> context = new HashMap<>(ExampleApp.cdkJsonContext());
        context.putAll(extra);
        App app = new App(AppProps.builder().context(context).build());
        ExampleApp.addExampleStacks(app);
        ExampleApp.applyChecks(app);
        CloudAssembly assembly;
        String failure = null;
        try {
            assembly = app.synth();
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("ValidationFailed")) {
                throw e;
            }
            failure = e.getMessage().lines().findFirst().orElse("");
            assembly = new CloudAssembly(app.getOutdir());
        }
        System.out.printf("example app %s: build + cdk-nag + synth in-JVM took %d ms%s%n", extra,
                (System.nanoTime() - start) / 1_000_000, failure == null ? "" : " (" + failure + ")");
        return new SynthesizedExampleApp(app, assembly, failure);
    }

    /** The stack with construct id {@code id} (one of {@link ExampleApp}'s stack ids). */
    <T> T stack(String id, Class<T> type) {
        return type.cast(app.getNode().findChild(id));
    }
}
