package dev.migratefirst.access;

import java.util.List;
import software.amazon.awscdk.services.iam.IOidcProvider;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;

/** Properties of a {@link GitHubDeployRole}. Only {@code repository} is required. */
public final class GitHubDeployRoleProps {
    private final String repository;
    private final String branch;
    private final String environment;
    private final IOidcProvider provider;
    private final String bootstrapQualifier;
    private final List<IStateMachine> migrationWorkflows;

    private GitHubDeployRoleProps(Builder b) {
        this.repository = b.repository;
        this.branch = b.branch;
        this.environment = b.environment;
        this.provider = b.provider;
        this.bootstrapQualifier = b.bootstrapQualifier;
        this.migrationWorkflows = b.migrationWorkflows == null ? null : List.copyOf(b.migrationWorkflows);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The GitHub repository whose workflows may assume the role, as {@code owner/name}. Required.
     *
     * @return the repository
     */
    public String getRepository() {
        return repository;
    }

    /**
     * The branch whose workflow runs may assume the role: the token's {@code sub} claim must be
     * {@code repo:<owner>/<name>:ref:refs/heads/<branch>}. Not together with {@code environment}.
     *
     * @return the branch
     * @default "main" (unless {@code environment} is set)
     */
    public String getBranch() {
        return branch;
    }

    /**
     * The GitHub environment whose jobs may assume the role instead of a branch: a job that names an
     * environment gets the {@code sub} claim {@code repo:<owner>/<name>:environment:<environment>} (use one
     * with protection rules). Not together with {@code branch}.
     *
     * @return the environment
     * @default none: the role trusts the branch
     */
    public String getEnvironment() {
        return environment;
    }

    /**
     * The account's IAM OIDC provider for {@code https://token.actions.githubusercontent.com}, for an
     * account that has one already (an account can hold only one per URL), e.g.
     * {@code OidcProviderNative.fromOidcProviderArn(this, "GitHub", arn)}.
     *
     * @return the provider
     * @default a new provider for token.actions.githubusercontent.com with the audience sts.amazonaws.com
     */
    public IOidcProvider getProvider() {
        return provider;
    }

    /**
     * The qualifier of the CDK bootstrap stack ({@code cdk bootstrap --qualifier}) whose roles the role may
     * assume.
     *
     * @return the qualifier
     * @default "hnb659fds" (the CDK default)
     */
    public String getBootstrapQualifier() {
        return bootstrapQualifier;
    }

    /**
     * The migration workflows (the state machine of a {@code MigrationWorkflow}) the role may start and
     * watch, for {@code bin/run-migrations} in CI.
     *
     * @return the workflows
     * @default none: the role can only deploy (the gate runs the migrations during the deploy)
     */
    public List<IStateMachine> getMigrationWorkflows() {
        return migrationWorkflows;
    }

    /** Builder of {@link GitHubDeployRoleProps}. */
    public static final class Builder {
        private String repository;
        private String branch;
        private String environment;
        private IOidcProvider provider;
        private String bootstrapQualifier;
        private List<IStateMachine> migrationWorkflows;

        /**
         * @param repository see {@link GitHubDeployRoleProps#getRepository()}
         * @return this builder
         */
        public Builder repository(String repository) {
            this.repository = repository;
            return this;
        }

        /**
         * @param branch see {@link GitHubDeployRoleProps#getBranch()}
         * @return this builder
         */
        public Builder branch(String branch) {
            this.branch = branch;
            return this;
        }

        /**
         * @param environment see {@link GitHubDeployRoleProps#getEnvironment()}
         * @return this builder
         */
        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        /**
         * @param provider see {@link GitHubDeployRoleProps#getProvider()}
         * @return this builder
         */
        public Builder provider(IOidcProvider provider) {
            this.provider = provider;
            return this;
        }

        /**
         * @param bootstrapQualifier see {@link GitHubDeployRoleProps#getBootstrapQualifier()}
         * @return this builder
         */
        public Builder bootstrapQualifier(String bootstrapQualifier) {
            this.bootstrapQualifier = bootstrapQualifier;
            return this;
        }

        /**
         * @param migrationWorkflows see {@link GitHubDeployRoleProps#getMigrationWorkflows()}
         * @return this builder
         */
        public Builder migrationWorkflows(List<IStateMachine> migrationWorkflows) {
            this.migrationWorkflows = migrationWorkflows;
            return this;
        }

        /** @return the props */
        public GitHubDeployRoleProps build() {
            return new GitHubDeployRoleProps(this);
        }
    }
}
