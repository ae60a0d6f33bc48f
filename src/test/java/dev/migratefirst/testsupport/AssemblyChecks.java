package dev.migratefirst.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Security checks over a synthesized cloud assembly, each returning what it found (empty = clean), so
 * a failing assertion lists the offenders and a test can prove each check catches a bad template.
 */
public final class AssemblyChecks {

    /** Minimum length of a cdk-nag suppression reason. */
    public static final int MIN_REASON_LENGTH = 60;
    /** The cdk-nag packs the example app applies, by the prefix of their rule ids and report files. */
    public static final List<String> NAG_PACKS = List.of("AwsSolutions", "NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321");
    /** One rule of one pack: {@code AwsSolutions-IAM4}, {@code NIST.800.53.R5-IAMNoInlinePolicy}, ... */
    private static final Pattern RULE_ID = Pattern.compile(
            "(AwsSolutions-[A-Z]+[0-9]+|(NIST\\.800\\.53\\.R5|HIPAA\\.Security|PCI\\.DSS\\.321)-[A-Z][A-Za-z0-9]+)");
    private static final Pattern GENERIC_REASON = Pattern.compile(
            "(?i).*\\b(todo|fixme|tbd|n/a|not needed|false positive|suppress(ed)?|ignore[d]?|by design|ok|fine|accepted)\\b.*");

    private AssemblyChecks() {
    }

    /** The templates of every stack (nested stages included), by stack name. */
    @SuppressWarnings({"unchecked", "deprecation"}) // cxapi read API: deprecated for the TS toolkit library, no Java binding
    public static Map<String, Map<String, Object>> templates(CloudAssembly assembly) {
        Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
        for (CloudFormationStackArtifact stack : assembly.getStacksRecursively()) {
            templates.put(stack.getStackName(), (Map<String, Object>) stack.getTemplate());
        }
        return templates;
    }

    /** Per stack: every error annotation and every cdk-nag warning, as "path: first line". */
    @SuppressWarnings("deprecation") // as above; Annotations.fromStack would synthesize the app again per stack
    public static Map<String, List<String>> errorsAndNagWarnings(CloudAssembly assembly) {
        Map<String, List<String>> findings = new LinkedHashMap<>();
        for (CloudFormationStackArtifact stack : assembly.getStacksRecursively()) {
            List<String> list = new ArrayList<>();
            stack.findMetadataByType("aws:cdk:error").forEach(e -> list.add(e.getPath() + ": " + firstLine(e.getData())));
            stack.findMetadataByType("aws:cdk:warning").stream()
                    .filter(e -> isNag(e.getData()))
                    .forEach(e -> list.add(e.getPath() + ": " + firstLine(e.getData())));
            findings.put(stack.getStackName(), list);
        }
        return findings;
    }

    /** Every cdk-nag suppression in the template (resource and stack metadata). */
    public static List<Map<?, ?>> nagSuppressions(Map<String, Object> template) {
        List<Map<?, ?>> out = new ArrayList<>();
        collectSuppressions(template, out);
        return out;
    }

    /**
     * Per stack and pack ({@link #NAG_PACKS}): the unsuppressed findings ("rule path") of the pack's report
     * ({@code <pack>-<stack>-NagReport.csv} in the assembly directory); a missing report counts as one finding.
     */
    public static Map<String, Map<String, List<String>>> nagNonCompliant(CloudAssembly assembly) {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        for (CloudFormationStackArtifact stack : assembly.getStacksRecursively()) {
            Map<String, List<String>> perPack = new LinkedHashMap<>();
            for (String pack : NAG_PACKS) {
                Path report = Path.of(assembly.getDirectory(), pack + "-" + stack.getStackName() + "-NagReport.csv");
                List<String> findings = new ArrayList<>();
                try {
                    for (String line : Files.readAllLines(report)) {
                        String[] cells = line.split("\",\"");
                        if (cells.length > 2 && cells[2].equals("Non-Compliant")) {
                            findings.add(cells[0].replace("\"", "") + " " + cells[1]);
                        }
                    }
                } catch (IOException e) {
                    findings.add("no report " + report.getFileName());
                }
                perPack.put(pack, findings);
            }
            out.put(stack.getStackName(), perPack);
        }
        return out;
    }

    /**
     * Suppressions that do not name exactly one rule of one of the {@link #NAG_PACKS}, whose reason is short or
     * generic, or whose reason was copied onto a suppression of another check.
     */
    public static List<String> badSuppressions(List<Map<?, ?>> suppressions) {
        List<String> bad = new ArrayList<>();
        Map<String, String> ruleOfReason = new LinkedHashMap<>();
        for (Map<?, ?> s : suppressions) {
            String id = String.valueOf(s.get("id"));
            String reason = String.valueOf(s.get("reason"));
            if (!RULE_ID.matcher(id).matches()) {
                bad.add(id + ": not one rule id of " + String.join(", ", NAG_PACKS));
            }
            if (reason.length() < MIN_REASON_LENGTH) {
                bad.add(id + ": reason shorter than " + MIN_REASON_LENGTH + " characters");
            }
            if (GENERIC_REASON.matcher(reason).matches()) {
                bad.add(id + ": generic reason");
            }
            // The same reason may serve the same check on several resources and in several packs (NIST, HIPAA
            // and PCI share rules such as VPCNoUnrestrictedRouteToIGW), never two different checks.
            String rule = id.substring(id.indexOf('-') + 1);
            String earlier = ruleOfReason.putIfAbsent(reason, rule);
            if (earlier != null && !earlier.equals(rule)) {
                bad.add(id + ": reason copied from another suppression");
            }
        }
        return bad;
    }

    /** Ingress rules (inline or stand-alone) that open port 22, all protocols, or the internet. */
    public static List<String> riskyIngress(Map<String, Object> template) {
        List<String> risky = new ArrayList<>();
        for (Map.Entry<String, Map<?, ?>> rule : ingressRules(template).entrySet()) {
            Map<?, ?> r = rule.getValue();
            String protocol = String.valueOf(r.get("IpProtocol"));
            if ("-1".equals(protocol)) {
                risky.add(rule.getKey() + ": all protocols");
                continue;
            }
            if (r.get("FromPort") instanceof Number from && r.get("ToPort") instanceof Number to
                    && from.intValue() <= 22 && 22 <= to.intValue()) {
                risky.add(rule.getKey() + ": port 22");
            } else if (!(r.get("FromPort") instanceof Number) || !(r.get("ToPort") instanceof Number)) {
                risky.add(rule.getKey() + ": port not a literal number");
            }
            if ("0.0.0.0/0".equals(r.get("CidrIp")) || "::/0".equals(r.get("CidrIpv6"))) {
                risky.add(rule.getKey() + ": from the internet");
            }
        }
        return risky;
    }

    /** Stand-alone {@code AWS::EC2::SecurityGroupIngress} properties, by logical id. */
    public static Map<String, Map<?, ?>> ingressResources(Map<String, Object> template) {
        Map<String, Map<?, ?>> rules = new LinkedHashMap<>();
        resources(template).forEach((id, r) -> {
            if ("AWS::EC2::SecurityGroupIngress".equals(r.get("Type"))) {
                rules.put(id, (Map<?, ?>) r.get("Properties"));
            }
        });
        return rules;
    }

    private static Map<String, Map<?, ?>> ingressRules(Map<String, Object> template) {
        Map<String, Map<?, ?>> rules = new LinkedHashMap<>(ingressResources(template));
        resources(template).forEach((id, r) -> {
            if ("AWS::EC2::SecurityGroup".equals(r.get("Type")) && r.get("Properties") instanceof Map<?, ?> p
                    && p.get("SecurityGroupIngress") instanceof List<?> inline) {
                for (int i = 0; i < inline.size(); i++) {
                    rules.put(id + ".SecurityGroupIngress[" + i + "]", (Map<?, ?>) inline.get(i));
                }
            }
        });
        return rules;
    }

    /** The Resources section. */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<?, ?>> resources(Map<String, Object> template) {
        Object resources = template.get("Resources");
        return resources == null ? Map.of() : (Map<String, Map<?, ?>>) resources;
    }

    private static void collectSuppressions(Object node, List<Map<?, ?>> out) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("cdk_nag") instanceof Map<?, ?> nag && nag.get("rules_to_suppress") instanceof List<?> rules) {
                rules.forEach(r -> out.add((Map<?, ?>) r));
            }
            map.values().forEach(v -> collectSuppressions(v, out));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectSuppressions(v, out));
        }
    }

    private static boolean isNag(Object data) {
        String text = String.valueOf(data);
        return NAG_PACKS.stream().anyMatch(pack -> text.contains(pack + "-")) || text.contains("CdkNagValidationFailure");
    }

    private static String firstLine(Object data) {
        String text = String.valueOf(data);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
