package dev.migratefirst.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.sqs.Queue;

/** Each check against a deliberately bad stack (must find) and a clean one (must not); one synth. */
class AssemblyChecksTest {

    private static Map<String, Map<String, Object>> templates;
    private static Map<String, List<String>> findings;

    @BeforeAll
    static void synth() {
        App app = new App();
        Stack bad = new Stack(app, "Bad");
        Vpc vpc = Vpc.Builder.create(bad, "Vpc").maxAzs(2).natGateways(0).restrictDefaultSecurityGroup(false).build();
        SecurityGroup open = SecurityGroup.Builder.create(bad, "Open").vpc(vpc).build();
        open.addIngressRule(Peer.anyIpv4(), Port.tcp(22), "ssh from anywhere");
        open.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.allTraffic(), "everything from the corp network");
        Queue queue = Queue.Builder.create(bad, "Queue").build();
        NagSuppressions.addResourceSuppressions(queue, List.of(
                NagPackSuppression.builder().id("AwsSolutions-SQS3").reason("not needed").build(),
                NagPackSuppression.builder().id("AwsSolutions-SQS4").reason("not needed").build()));

        Stack clean = new Stack(app, "Clean");
        Vpc cleanVpc = Vpc.Builder.create(clean, "Vpc").maxAzs(2).natGateways(0).subnetConfiguration(List.of())
                .restrictDefaultSecurityGroup(false).build();
        SecurityGroup.Builder.create(clean, "Closed").vpc(cleanVpc).description("no inbound").build();

        Aspects.of(app).add(new AwsSolutionsChecks());
        CloudAssembly assembly = app.synth();
        templates = AssemblyChecks.templates(assembly);
        findings = AssemblyChecks.errorsAndNagWarnings(assembly);
    }

    @Test
    void nagFindingsAreReportedForTheBadStackOnly() {
        assertThat(String.join("\n", findings.get("Bad"))).contains("AwsSolutions-EC23", "AwsSolutions-VPC7");
        assertThat(findings.get("Clean")).filteredOn(f -> !f.contains("AwsSolutions-VPC7")).isEmpty();
    }

    @Test
    void riskyIngressFindsPort22AllTrafficAndTheInternet() {
        assertThat(AssemblyChecks.riskyIngress(templates.get("Bad")))
                .anySatisfy(r -> assertThat(r).endsWith(": port 22"))
                .anySatisfy(r -> assertThat(r).endsWith(": from the internet"))
                .anySatisfy(r -> assertThat(r).endsWith(": all protocols"));
        assertThat(AssemblyChecks.riskyIngress(templates.get("Clean"))).isEmpty();
    }

    @Test
    void badSuppressionsFindShortGenericAndCopiedReasons() {
        List<String> bad = AssemblyChecks.badSuppressions(AssemblyChecks.nagSuppressions(templates.get("Bad")));
        assertThat(bad).contains(
                "AwsSolutions-SQS3: reason shorter than 60 characters",
                "AwsSolutions-SQS3: generic reason",
                "AwsSolutions-SQS4: reason copied from another suppression");
        assertThat(AssemblyChecks.badSuppressions(List.of(Map.of("id", "AwsSolutions-RDS11", "reason",
                "Port 5432 stays so psql and JDBC keep their defaults; only granted security groups reach it."))))
                .isEmpty();
        assertThat(AssemblyChecks.badSuppressions(List.of(Map.of("id", "AwsSolutions-*", "reason",
                "A wildcard rule id would hide every finding of the pack, whatever the resource is doing."))))
                .containsExactly("AwsSolutions-*: not one rule id of AwsSolutions, NIST.800.53.R5, HIPAA.Security, PCI.DSS.321");
    }

    @Test
    void badSuppressionsCoverTheNistHipaaAndPciPacksToo() {
        String reason = "The bastion is in the VPC: its subnet is in NetworkInterfaces, which this rule does not read.";
        assertThat(AssemblyChecks.badSuppressions(List.of(
                Map.of("id", "NIST.800.53.R5-EC2InstancesInVPC", "reason", reason),
                Map.of("id", "HIPAA.Security-EC2InstancesInVPC", "reason", reason),
                Map.of("id", "PCI.DSS.321-EC2InstancesInVPC", "reason", reason)))).isEmpty();
        assertThat(AssemblyChecks.badSuppressions(List.of(
                Map.of("id", "NIST.800.53.R5-*", "reason", reason),
                Map.of("id", "HIPAA.Security-LambdaDLQ", "reason", "ignored"),
                Map.of("id", "PCI.DSS.321-LambdaInsideVPC", "reason", reason))))
                .containsExactly(
                        "NIST.800.53.R5-*: not one rule id of AwsSolutions, NIST.800.53.R5, HIPAA.Security, PCI.DSS.321",
                        "HIPAA.Security-LambdaDLQ: reason shorter than 60 characters",
                        "HIPAA.Security-LambdaDLQ: generic reason",
                        "PCI.DSS.321-LambdaInsideVPC: reason copied from another suppression");
    }
}
