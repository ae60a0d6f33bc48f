package dev.migratefirst.migration;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.constructs.IConstruct;

/**
 * cdk-nag suppressions of the findings these constructs cannot avoid, each on the one resource it
 * concerns (never its children), for the exact finding ({@code appliesTo}) where the rule has one, and
 * with a reason that says why that resource needs it.
 */
final class Nag {
    private Nag() {
    }

    /** Suppresses {@code rule} on the CloudFormation resource of {@code construct} only. */
    static void suppress(IConstruct construct, String rule, String reason, Object... appliesTo) {
        NagPackSuppression.Builder s = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            List<Object> findings = new ArrayList<>(List.of(appliesTo));
            s.appliesTo(findings);
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(s.build()), false);
    }

    /**
     * The rule prefixes of the compliance packs the example app applies besides AwsSolutions, with the
     * pack's name as a reason's suffix (each pack's suppression then carries its own reason).
     */
    static final Map<String, String> COMPLIANCE_PACKS = Map.of(
            "NIST.800.53.R5-", "NIST 800-53 rev 5",
            "HIPAA.Security-", "HIPAA Security",
            "PCI.DSS.321-", "PCI DSS 3.2.1");

    /**
     * Suppresses {@code rule} (a rule name shared by the NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1
     * packs, e.g. {@code IAMNoInlinePolicy}) on the resource of {@code construct} in each pack that has it;
     * {@code packs} limits it to some packs (their prefixes), none means all three.
     */
    static void suppressCompliance(IConstruct construct, String rule, String reason, String... packs) {
        List<String> prefixes = packs.length == 0 ? List.copyOf(new TreeSet<>(COMPLIANCE_PACKS.keySet())) : List.of(packs);
        for (String prefix : prefixes) {
            suppress(construct, prefix + rule, reason + " [" + COMPLIANCE_PACKS.get(prefix) + "]");
        }
    }

    /** A finding matched by a regular expression (for ARNs built from tokens). */
    static RegexAppliesTo regex(String regex) {
        return RegexAppliesTo.builder().regex(regex).build();
    }

    /** The default IAM policy of a role: where its grants land. */
    static IConstruct defaultPolicy(IConstruct role) {
        return role.getNode().findChild("DefaultPolicy");
    }
}
