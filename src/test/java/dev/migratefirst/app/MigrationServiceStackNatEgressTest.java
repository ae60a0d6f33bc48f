package dev.migratefirst.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.testsupport.AssemblyChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The service stack of the example app with {@code -c migratefirst:egress=nat} (the shared synthesis is
 * {@code none}): the four cdk-nag packs leave nothing unsuppressed there either, and the gate's functions still
 * run in the application tier. Shares the NAT synthesis with {@code ExampleProfilesTest}.
 */
class MigrationServiceStackNatEgressTest {
    private static CloudAssembly assembly;
    private static MigrationServiceStack stack;

    @BeforeAll
    static void synth() {
        SynthesizedExampleApp nat = SynthesizedExampleApp.get(Map.of(ExampleApp.EGRESS_CONTEXT, "nat"));
        assembly = nat.assembly();
        stack = nat.stack(ExampleApp.SERVICE_STACK, MigrationServiceStack.class);
    }

    @Test
    void noUnsuppressedFindingOfAnyOfTheFourPacksInTheServiceStack() throws IOException {
        assertThat(AssemblyChecks.errorsAndNagWarnings(assembly).get(ExampleApp.SERVICE_STACK)).isEmpty();
        for (String pack : AssemblyChecks.NAG_PACKS) {
            List<String> rows = Files.readAllLines(Path.of(assembly.getDirectory(),
                    pack + "-" + ExampleApp.SERVICE_STACK + "-NagReport.csv"));
            assertThat(rows).as(pack).hasSizeGreaterThan(10).noneMatch(r -> r.contains("\"Non-Compliant\""));
        }
    }

    @Test
    void gateFunctionsRunInTheApplicationTierBehindTheNat() {
        String template = AssemblyChecks.templates(assembly).get(ExampleApp.SERVICE_STACK).toString();
        assertThat(stack.getGate().getSecurityGroup()).isNotNull();
        assertThat(template).contains("ApplicationSubnet1").doesNotContain("PublicSubnet");
    }
}
