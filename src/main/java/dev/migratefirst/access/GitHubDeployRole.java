package dev.migratefirst.access;

import static dev.migratefirst.internal.Validation.check;
import static dev.migratefirst.internal.Validation.isKnown;
import static dev.migratefirst.internal.Validation.required;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IOidcProvider;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.OidcProviderNative;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.WebIdentityPrincipal;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * The IAM role a GitHub Actions workflow assumes through OpenID Connect to run {@code cdk deploy}: no
 * stored access keys. Its trust policy accepts only tokens of GitHub's OIDC provider whose audience is
 * {@code sts.amazonaws.com} and whose subject is one repository's branch (or environment); its only
 * permissions are {@code sts:AssumeRole} on the four CDK bootstrap roles the CDK CLI uses (deploy,
 * file publishing, image publishing, lookup) and, for the given migration workflows,
 * {@code states:StartExecution} and {@code states:DescribeExecution} (what {@code bin/run-migrations}
 * calls). CloudFormation does the deploy with the bootstrap stack's execution role, never with this one.
 *
 * <pre>{@code
 * GitHubDeployRole deployRole = GitHubDeployRole.Builder.create(this, "GitHubDeploy")
 *         .repository("my-org/my-service")
 *         .migrationWorkflows(List.of(workflow.getStateMachine()))
 *         .build();
 * }</pre>
 *
 * <p>The workflow side is {@code .github/workflows/ci.yml}; docs/ci.md cites the GitHub and AWS documents
 * each condition follows.
 */
public class GitHubDeployRole extends Construct implements IGrantable {

    /** The issuer of GitHub Actions' OIDC tokens. */
    public static final String GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com";
    /** The audience aws-actions/configure-aws-credentials requests, and the only one the role accepts. */
    public static final String AUDIENCE = "sts.amazonaws.com";
    /** The qualifier {@code cdk bootstrap} uses unless told otherwise. */
    public static final String DEFAULT_BOOTSTRAP_QUALIFIER = "hnb659fds";
    /** The bootstrap roles the CDK CLI assumes, by the middle of their names. */
    public static final List<String> BOOTSTRAP_ROLES = List.of("deploy", "file-publishing", "image-publishing", "lookup");

    private static final String CLAIM_PREFIX = "token.actions.githubusercontent.com:";
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+");
    private static final Pattern REF_OR_ENVIRONMENT = Pattern.compile("[^\\s:*?]+");
    private static final Pattern QUALIFIER = Pattern.compile("[A-Za-z0-9_-]{1,10}");

    private final IOidcProvider provider;
    private final Role role;
    private final String subject;

    /**
     * @param scope the parent
     * @param id the construct id
     * @param props the props; {@code repository} is required
     */
    public GitHubDeployRole(Construct scope, String id, GitHubDeployRoleProps props) {
        super(scope, id);
        validate(props);
        String repository = props.getRepository();
        this.subject = props.getEnvironment() != null
                ? "repo:" + repository + ":environment:" + props.getEnvironment()
                : "repo:" + repository + ":ref:refs/heads/" + (props.getBranch() != null ? props.getBranch() : "main");
        String qualifier = props.getBootstrapQualifier() != null ? props.getBootstrapQualifier()
                : DEFAULT_BOOTSTRAP_QUALIFIER;

        this.provider = props.getProvider() != null ? props.getProvider()
                : OidcProviderNative.Builder.create(this, "Provider")
                        .url(GITHUB_OIDC_URL)
                        .clientIds(List.of(AUDIENCE))
                        .build();

        this.role = Role.Builder.create(this, "Resource")
                .assumedBy(new WebIdentityPrincipal(provider.getOidcProviderArn(), Map.of(
                        "StringEquals", Map.of(
                                CLAIM_PREFIX + "aud", AUDIENCE,
                                CLAIM_PREFIX + "sub", subject))))
                .description("GitHub Actions " + subject + ": cdk deploy through the CDK bootstrap roles")
                .build();

        List<String> bootstrapRoles = new ArrayList<>();
        for (String name : BOOTSTRAP_ROLES) {
            bootstrapRoles.add("arn:" + Aws.PARTITION + ":iam::" + Aws.ACCOUNT_ID + ":role/cdk-" + qualifier + "-"
                    + name + "-role-" + Aws.ACCOUNT_ID + "-" + Aws.REGION);
        }
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("AssumeCdkBootstrapRoles")
                .actions(List.of("sts:AssumeRole"))
                .resources(bootstrapRoles)
                .build());

        List<IStateMachine> workflows = props.getMigrationWorkflows() != null ? props.getMigrationWorkflows() : List.of();
        for (IStateMachine workflow : workflows) {
            workflow.grantStartExecution(role);
            workflow.grantExecution(role, "states:DescribeExecution");
        }
        if (!workflows.isEmpty()) {
            // on the role's DefaultPolicy only: the one statement with a wildcard is DescribeExecution's
            NagSuppressions.addResourceSuppressions(role.getNode().findChild("DefaultPolicy"),
                    List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM5")
                    .reason("states:DescribeExecution names executions, whose ARNs exist only once bin/run-migrations "
                            + "starts one: the grant covers the executions of the given migration workflows only.")
                    .build()));
        }
    }

    private void validate(GitHubDeployRoleProps props) {
        String repository = required(this, "repository", props == null ? null : props.getRepository());
        check(!isKnown(repository) || REPOSITORY.matcher(repository).matches(), this, "repository",
                "must be owner/name of one GitHub repository (got '" + repository + "')");
        check(props.getBranch() == null || props.getEnvironment() == null, this, "branch",
                "give a branch or an environment, not both (a job with an environment gets the environment's subject)");
        check(props.getBranch() == null || REF_OR_ENVIRONMENT.matcher(props.getBranch()).matches(), this, "branch",
                "must be one branch name, without wildcards (got '" + props.getBranch() + "')");
        check(props.getEnvironment() == null || REF_OR_ENVIRONMENT.matcher(props.getEnvironment()).matches(), this,
                "environment", "must be one environment name, without wildcards (got '" + props.getEnvironment() + "')");
        String qualifier = props.getBootstrapQualifier();
        check(qualifier == null || QUALIFIER.matcher(qualifier).matches(), this, "bootstrapQualifier",
                "must be 1 to 10 letters, digits, '_' or '-' like cdk bootstrap's (got '" + qualifier + "')");
    }

    /** @return the role the workflow assumes ({@code role-to-assume} of aws-actions/configure-aws-credentials) */
    public IRole getRole() {
        return role;
    }

    /** @return the role's ARN, for the workflow's {@code role-to-assume} (a stack output or a repository variable) */
    public String getRoleArn() {
        return role.getRoleArn();
    }

    /** @return the OIDC provider the role trusts: the one created, or the one given */
    public IOidcProvider getProvider() {
        return provider;
    }

    /** @return the {@code sub} claim the trust policy requires, e.g. {@code repo:org/repo:ref:refs/heads/main} */
    public String getSubject() {
        return subject;
    }

    @Override
    public IPrincipal getGrantPrincipal() {
        return role;
    }

    /** Builder in the aws-cdk-lib shape: {@code GitHubDeployRole.Builder.create(scope, id).repository(r).build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final GitHubDeployRoleProps.Builder props = GitHubDeployRoleProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        /**
         * @param scope the parent
         * @param id the construct id
         * @return a new builder
         */
        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /**
         * @param repository see {@link GitHubDeployRoleProps#getRepository()}
         * @return this builder
         */
        public Builder repository(String repository) {
            props.repository(repository);
            return this;
        }

        /**
         * @param branch see {@link GitHubDeployRoleProps#getBranch()}
         * @return this builder
         */
        public Builder branch(String branch) {
            props.branch(branch);
            return this;
        }

        /**
         * @param environment see {@link GitHubDeployRoleProps#getEnvironment()}
         * @return this builder
         */
        public Builder environment(String environment) {
            props.environment(environment);
            return this;
        }

        /**
         * @param provider see {@link GitHubDeployRoleProps#getProvider()}
         * @return this builder
         */
        public Builder provider(IOidcProvider provider) {
            props.provider(provider);
            return this;
        }

        /**
         * @param bootstrapQualifier see {@link GitHubDeployRoleProps#getBootstrapQualifier()}
         * @return this builder
         */
        public Builder bootstrapQualifier(String bootstrapQualifier) {
            props.bootstrapQualifier(bootstrapQualifier);
            return this;
        }

        /**
         * @param migrationWorkflows see {@link GitHubDeployRoleProps#getMigrationWorkflows()}
         * @return this builder
         */
        public Builder migrationWorkflows(List<IStateMachine> migrationWorkflows) {
            props.migrationWorkflows(migrationWorkflows);
            return this;
        }

        /** @return the construct */
        public GitHubDeployRole build() {
            return new GitHubDeployRole(scope, id, props.build());
        }
    }
}
