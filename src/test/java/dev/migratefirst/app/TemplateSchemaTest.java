package dev.migratefirst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every resource of every synthesized example template against CloudFormation's own resource schemas
 * (npm {@code @aws-cdk/aws-service-spec}, pinned in package.json): unknown resource types, unknown
 * properties, wrong types, missing required properties and values outside an enum fail. The check is
 * {@code src/test/node-schema/validate-templates.mjs}; a broken template proves it can fail.
 */
class TemplateSchemaTest {
    private static final Path VALIDATOR = Paths.get("src/test/node-schema/validate-templates.mjs");

    private static Result validate(List<String> templates) throws IOException, InterruptedException {
        assertThat(Paths.get("node_modules/@aws-cdk/aws-service-spec/db.json.gz"))
                .as("run `npm ci` first: @aws-cdk/aws-service-spec is pinned in package.json").exists();
        List<String> command = new ArrayList<>(List.of("node", VALIDATOR.toString()));
        command.addAll(templates);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("validator finished").isTrue();
        return new Result(p.exitValue(), out);
    }

    private record Result(int code, String out) {
    }

    @Test
    void everyResourceOfEveryExampleTemplateMatchesItsCloudFormationSchema() throws Exception {
        List<String> templates;
        try (Stream<Path> files = Files.list(Paths.get(SynthesizedExampleApp.get().assembly().getDirectory()))) {
            templates = files.map(Path::toString).filter(f -> f.endsWith(".template.json")).sorted().toList();
        }
        assertThat(templates).as("the example app's stacks").hasSizeGreaterThanOrEqualTo(2);
        Result r = validate(templates);
        System.out.println(r.out().strip());
        assertThat(r.out()).containsPattern("checked [1-9]\\d* resources in " + templates.size() + " templates: 0 problems");
        assertThat(r.code()).as(r.out()).isZero();
    }

    @Test
    void unknownPropertyWrongTypeMissingRequiredAndBadEnumFail(@TempDir Path dir) throws Exception {
        File bad = dir.resolve("bad.template.json").toFile();
        Files.writeString(bad.toPath(), """
                {"Resources": {
                  "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {
                      "RetentionInDays": 42, "LogGroupNam": "typo", "Tags": [{"Key": "a", "Value": "b"}]}},
                  "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": "soon",
                      "QueueName": {"Fn::Join": ["", ["a", {"Ref": "AWS::StackName"}]]}}},
                  "Ingress": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {"FromPort": 5432}},
                  "Nope": {"Type": "AWS::Nope::Thing", "Properties": {}},
                  "Gate": {"Type": "Custom::MigrationGate", "Properties": {"Anything": 1}}
                }}
                """);
        Result r = validate(List.of(bad.toString()));
        System.out.println(r.out().strip());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains("Logs (AWS::Logs::LogGroup) /RetentionInDays: 42 is not one of")
                .contains("Logs (AWS::Logs::LogGroup) /LogGroupNam: unknown property")
                .contains("Queue (AWS::SQS::Queue) /DelaySeconds: expected integer")
                .contains("Ingress (AWS::EC2::SecurityGroupIngress): missing required property IpProtocol")
                .contains("Nope (AWS::Nope::Thing): unknown resource type")
                .doesNotContain("QueueName").doesNotContain("Gate (")
                .contains("5 problems");
    }
}
