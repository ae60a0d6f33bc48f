package dev.migratefirst.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.internal.ValidationException;
import dev.migratefirst.migration.MigrationGate;
import dev.migratefirst.network.Egress;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.PCIDSS321Checks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The example app of cdk.json. Run by {@code npx cdk synth} through {@code bin/cdk-app} (the CLI sets
 * CDK_OUTDIR) or directly by {@code mvn -q -Dmaven.test.skip=true package exec:exec}, which writes to
 * {@code cdk.out} as the CLI would. Every stack is checked by cdk-nag's AwsSolutions pack at synth, so an
 * unsuppressed finding fails {@code cdk synth}. An invalid prop, context value or cdk.json ends it with one
 * line on stderr ({@code ExampleApp: <construct path>: <prop>: <what is wrong>}) and exit code
 * {@value #EXIT_INVALID_CONFIGURATION}.
 *
 * <p>Tests build the same stacks in-JVM with {@link #addExampleStacks(App)}; add a new example stack there
 * and the cdk-nag and secret tests cover it.
 */
public final class ExampleApp {

    /** Stack name of the long-lived data stack (network, database, bastion). */
    public static final String DATA_STACK = "MigrateFirstData";
    /** Stack name of the migrate-first deploy: migration task, workflow, gate and the service behind it. */
    public static final String SERVICE_STACK = "MigrateFirstService";
    /** Context key choosing the example network's egress: {@code none} (default) or {@code nat}. */
    public static final String EGRESS_CONTEXT = "migratefirst:egress";
    /**
     * Context key choosing the example's profile: {@code production} (default: Multi-AZ database, endpoints in
     * every AZ, bastion) or {@code nonprod} (single-AZ database, endpoints in one AZ, no bastion).
     */
    public static final String PROFILE_CONTEXT = "migratefirst:profile";
    /** Context key overriding whether the data stack has the SSM bastion: {@code true} or {@code false}. */
    public static final String BASTION_CONTEXT = "migratefirst:bastion";

    private ExampleApp() {
    }

    /** Exit code when a prop, context value or cdk.json is invalid (one line on stderr, no stack trace). */
    public static final int EXIT_INVALID_CONFIGURATION = 2;

    public static void main(String[] args) {
        App app;
        try {
            app = newApp();
            addExampleStacks(app);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("ExampleApp: " + e.getMessage());
            System.exit(EXIT_INVALID_CONFIGURATION);
            return;
        }
        applyChecks(app);
        app.synth();
    }

    /**
     * An App that behaves the same whether the CDK CLI started it or not: without the CLI it writes to
     * {@code cdk.out} and reads the feature flags of {@code cdk.json} itself (the CLI passes them in).
     */
    public static App newApp() {
        String outdir = System.getenv("CDK_OUTDIR");
        AppProps.Builder props = AppProps.builder().outdir(outdir == null || outdir.isBlank() ? "cdk.out" : outdir);
        if (System.getenv("CDK_CONTEXT_JSON") == null) {
            props.context(cdkJsonContext());
        }
        return new App(props.build());
    }

    /**
     * The {@code context} of {@code cdk.json} in the working directory (feature flags), so in-JVM synthesis
     * (tests, {@code mvn exec:exec}) produces the templates {@code cdk synth} does.
     *
     * @throws IllegalStateException when cdk.json is missing or not valid JSON
     */
    public static Map<String, Object> cdkJsonContext() {
        Path cdkJson = Path.of("cdk.json");
        try {
            JsonNode context = new ObjectMapper().readTree(cdkJson.toFile()).path("context");
            return new ObjectMapper().convertValue(context, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the feature flags from " + cdkJson.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Adds every example stack to {@code app}. Later stacks take what they need from the data stack. */
    public static void addExampleStacks(App app) {
        DataStack data = addDataStack(app);
        addServiceStack(app, data);
    }

    /**
     * Adds the migrate-first deploy ({@value #SERVICE_STACK}): migration task, workflow, deploy gate and
     * the example service, which rolls out only after the gate saw the migrations succeed.
     */
    public static MigrationServiceStack addServiceStack(App app, DataStack data) {
        // Production runs the gate's functions in the application tier; the non-production profile keeps them
        // outside the VPC and so saves three interface endpoints (docs/platform.md, cost at rest).
        boolean gateInVpc = !nonProduction(app.getNode().tryGetContext(PROFILE_CONTEXT));
        if (gateInVpc && data.getNetwork().getEgress() == Egress.NONE) {
            // Without a NAT the gate's functions reach Step Functions, Lambda and CloudFormation through these
            // endpoints (in the data stack, beside the VPC's others; docs/deploy-flow.md).
            data.getNetwork().addInterfaceEndpoints(MigrationGate.INTERFACE_ENDPOINTS);
        }
        return new MigrationServiceStack(app, SERVICE_STACK, MigrationServiceStackProps.builder()
                .stackProps(StackProps.builder()
                        .description("MigrateFirst example: migration task, workflow, deploy gate and the service behind it")
                        .build())
                .vpc(data.getNetwork().getVpc())
                .vpcSubnets(data.getNetwork().getApplicationSubnets())
                .database(data.getDatabase())
                .alarmTopic(data.getAlarmTopic())
                .gateInVpc(gateInVpc)
                .build());
    }

    /**
     * Adds the long-lived data stack ({@value #DATA_STACK}). Its egress comes from the context key
     * {@value #EGRESS_CONTEXT} ({@code none}, the default, or {@code nat}): {@code cdk synth -c migratefirst:egress=nat}.
     */
    public static DataStack addDataStack(App app) {
        boolean nonProduction = nonProduction(app.getNode().tryGetContext(PROFILE_CONTEXT));
        Object bastion = app.getNode().tryGetContext(BASTION_CONTEXT);
        return new DataStack(app, DATA_STACK, DataStackProps.builder()
                .stackProps(StackProps.builder()
                        .description("MigrateFirst example: network, PostgreSQL and SSM bastion (long-lived)")
                        .build())
                .egress(egress(app.getNode().tryGetContext(EGRESS_CONTEXT)))
                .multiAz(!nonProduction)
                .singleAzEndpoints(nonProduction)
                .bastion(bastion == null ? !nonProduction : bool(BASTION_CONTEXT, bastion))
                .build());
    }

    static boolean nonProduction(Object contextValue) {
        String value = contextValue == null ? "production" : String.valueOf(contextValue).trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "production":
                return false;
            case "nonprod":
                return true;
            default:
                throw new ValidationException("", "context " + PROFILE_CONTEXT, "must be 'production' or 'nonprod' (got '"
                        + contextValue + "')");
        }
    }

    private static boolean bool(String key, Object contextValue) {
        String value = String.valueOf(contextValue).trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new ValidationException("", "context " + key, "must be 'true' or 'false' (got '" + contextValue + "')");
        }
        return Boolean.parseBoolean(value);
    }

    static Egress egress(Object contextValue) {
        String value = contextValue == null ? "none" : String.valueOf(contextValue).trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "none":
                return Egress.NONE;
            case "nat":
                return Egress.NAT_GATEWAY;
            default:
                throw new ValidationException("", "context " + EGRESS_CONTEXT, "must be 'none' or 'nat' (got '"
                        + contextValue + "')");
        }
    }

    /**
     * Applies the cdk-nag packs to every stack of {@code app}: AwsSolutions, NIST 800-53 rev 5, HIPAA Security
     * and PCI DSS 3.2.1 (verbose). An unsuppressed finding of any of them fails synth; each pack writes its
     * {@code <pack>-<stack>-NagReport.csv} into the assembly directory.
     */
    public static void applyChecks(App app) {
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        Aspects.of(app).add(new NIST80053R5Checks(NagPackProps.builder().verbose(true).build()));
        Aspects.of(app).add(new HIPAASecurityChecks(NagPackProps.builder().verbose(true).build()));
        Aspects.of(app).add(new PCIDSS321Checks(NagPackProps.builder().verbose(true).build()));
    }
}
