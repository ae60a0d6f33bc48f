package dev.migratefirst.migration;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.List;
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

    /** A finding matched by a regular expression (for ARNs built from tokens). */
    static RegexAppliesTo regex(String regex) {
        return RegexAppliesTo.builder().regex(regex).build();
    }

    /** The default IAM policy of a role: where its grants land. */
    static IConstruct defaultPolicy(IConstruct role) {
        return role.getNode().findChild("DefaultPolicy");
    }
}
