package dev.migratefirst.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.internal.ValidationException;
import dev.migratefirst.testsupport.AssemblyChecks;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.iam.OidcProviderNative;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.StateMachine;

/**
 * The deploy role of .github/workflows/ci.yml: a new GitHub OIDC provider, the trust conditions GitHub's and
 * IAM's documents give, and no permission beyond the CDK bootstrap roles and the migration workflow; one synth
 * with cdk-nag's AwsSolutions checks applied.
 */
class GitHubDeployRoleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Template template;
    private static Map<String, List<String>> nagFindings;

    @BeforeAll
    static void synth() {
        App app = new App();
        Stack stack = new Stack(app, "Ci");
        StateMachine workflow = StateMachine.Builder.create(stack, "Workflow")
                .definitionBody(DefinitionBody.fromChainable(new Pass(stack, "Migrate"))).build();
        GitHubDeployRole.Builder.create(stack, "GitHubDeploy")
                .repository("my-org/my-service")
                .migrationWorkflows(List.of(workflow))
                .build();
        Aspects.of(app).add(new AwsSolutionsChecks());
        CloudAssembly assembly = app.synth();
        template = Template.fromJSON(AssemblyChecks.templates(assembly).get("Ci"));
        nagFindings = AssemblyChecks.errorsAndNagWarnings(assembly);
    }

    @Test
    void createsGitHubsOidcProviderWithTheStsAudience() {
        template.resourceCountIs("AWS::IAM::OIDCProvider", 1);
        template.hasResourceProperties("AWS::IAM::OIDCProvider", Map.of(
                "Url", "https://token.actions.githubusercontent.com",
                "ClientIdList", List.of("sts.amazonaws.com")));
        template.resourceCountIs("AWS::Lambda::Function", 0);
    }

    @Test
    void trustsOnlyTokensOfTheRepositorysMainBranchForSts() {
        template.hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Map.of(
                "Version", "2012-10-17",
                "Statement", List.of(Map.of(
                        "Effect", "Allow",
                        "Action", "sts:AssumeRoleWithWebIdentity",
                        "Principal", Map.of("Federated", Map.of("Ref", Match.stringLikeRegexp("GitHubDeployProvider.*"))),
                        "Condition", Map.of("StringEquals", Map.of(
                                "token.actions.githubusercontent.com:aud", "sts.amazonaws.com",
                                "token.actions.githubusercontent.com:sub", "repo:my-org/my-service:ref:refs/heads/main")))))));
    }

    @Test
    void mayOnlyAssumeTheFourBootstrapRolesAndRunTheMigrationWorkflow() {
        Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy");
        assertThat(policies).hasSize(1);
        String policy = JSON.valueToTree(policies).toString();
        for (String name : List.of("deploy", "file-publishing", "image-publishing", "lookup")) {
            assertThat(policy).contains(":role/cdk-hnb659fds-" + name + "-role-\",{\"Ref\":\"AWS::AccountId\"},\"-\","
                    + "{\"Ref\":\"AWS::Region\"}");
        }
        assertThat(policy).doesNotContain("cfn-exec-role").doesNotContain("\"Resource\":\"*\"")
                .doesNotContain("iam:PassRole").doesNotContain("cloudformation:");
        var statements = JSON.valueToTree(policies).elements().next().at("/Properties/PolicyDocument/Statement");
        assertThat(statements).hasSize(3);
        assertThat(statements.get(0).get("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(statements.get(0).get("Resource")).hasSize(4);
        assertThat(statements.get(1).get("Action").asText()).isEqualTo("states:StartExecution");
        assertThat(statements.get(1).get("Resource").toString()).contains("{\"Ref\":\"Workflow");
        assertThat(statements.get(2).get("Action").asText()).isEqualTo("states:DescribeExecution");
        assertThat(statements.get(2).get("Resource").toString()).contains(":execution:").endsWith(":*\"]]}");
    }

    @Test
    void isCleanUnderCdkNagWithANarrowSuppression() {
        assertThat(nagFindings.get("Ci")).as("the stand-in workflow has its own findings; the role has none")
                .isNotEmpty().noneMatch(finding -> finding.startsWith("/Ci/GitHubDeploy"));
        List<Map<?, ?>> suppressions = AssemblyChecks.nagSuppressions(template.toJSON());
        assertThat(suppressions.stream().map(s -> String.valueOf(s.get("id"))).toList()).containsExactly("AwsSolutions-IAM5");
        assertThat(AssemblyChecks.badSuppressions(suppressions)).isEmpty();
    }

    @Test
    void anEnvironmentAndAnExistingProviderChangeTheSubjectAndCreateNoProvider() {
        App app = new App();
        Stack stack = new Stack(app, "Env");
        GitHubDeployRole role = GitHubDeployRole.Builder.create(stack, "Deploy")
                .repository("my-org/my-service")
                .environment("production")
                .bootstrapQualifier("team1")
                .provider(OidcProviderNative.fromOidcProviderArn(stack, "GitHub",
                        "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"))
                .build();
        assertThat(role.getSubject()).isEqualTo("repo:my-org/my-service:environment:production");
        assertThat(stack.resolve(role.getProvider().getOidcProviderArn()))
                .isEqualTo("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com");
        assertThat(role.getNode().tryFindChild("Provider")).isNull();
    }

    @Test
    void validationNamesThePropAndThePath() {
        App app = new App();
        Stack stack = new Stack(app, "Bad");
        assertThatThrownBy(() -> GitHubDeployRole.Builder.create(stack, "NoRepo").build())
                .isInstanceOf(ValidationException.class).hasMessage("Bad/NoRepo: repository: is required");
        assertThatThrownBy(() -> GitHubDeployRole.Builder.create(stack, "Url").repository("https://github.com/o/r").build())
                .hasMessageStartingWith("Bad/Url: repository: must be owner/name of one GitHub repository");
        assertThatThrownBy(() -> GitHubDeployRole.Builder.create(stack, "Both").repository("o/r")
                .branch("main").environment("prod").build())
                .hasMessageStartingWith("Bad/Both: branch: give a branch or an environment, not both");
        assertThatThrownBy(() -> GitHubDeployRole.Builder.create(stack, "Wild").repository("o/r").branch("*").build())
                .hasMessageStartingWith("Bad/Wild: branch: must be one branch name, without wildcards");
        assertThatThrownBy(() -> GitHubDeployRole.Builder.create(stack, "Q").repository("o/r")
                .bootstrapQualifier("much-too-long-qualifier").build())
                .hasMessageStartingWith("Bad/Q: bootstrapQualifier: must be 1 to 10");
    }
}
