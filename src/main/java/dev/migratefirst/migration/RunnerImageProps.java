package dev.migratefirst.migration;

import software.amazon.awscdk.services.ecr.assets.Platform;

/** Options of {@link RunnerImage#fromMigrationsDirectory(String, RunnerImageProps)}. */
public final class RunnerImageProps {
    private final String distributionDirectory;
    private final String baseImage;
    private final Platform platform;

    private RunnerImageProps(Builder b) {
        this.distributionDirectory = b.distributionDirectory;
        this.baseImage = b.baseImage;
        this.platform = b.platform;
    }

    /** A builder with every option at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The unpacked runner distribution: the {@code migratefirst-runner} folder of the
     * {@code dev.migratefirst:migratefirst:<version>:tar.gz:runner-dist} artifact (docs/distribution.md).
     *
     * @default the {@code MIGRATEFIRST_RUNNER_DIST} environment variable when set, else
     *          {@code target/runner-dist/migratefirst-runner} of the directory the CDK app runs in (what
     *          {@code mvn package} builds in this repository)
     */
    public String getDistributionDirectory() {
        return distributionDirectory;
    }

    /**
     * The base image: any glibc Linux (Debian, Ubuntu, Amazon Linux, distroless/base); no Java needed,
     * the distribution brings its own runtime. Passed as the {@code BASE_IMAGE} build argument.
     *
     * @default {@link RunnerImage#DEFAULT_BASE_IMAGE}
     */
    public String getBaseImage() {
        return baseImage;
    }

    /**
     * The platform the image is built for. The distribution's runtime is linux/amd64.
     *
     * @default {@link Platform#LINUX_AMD64}
     */
    public Platform getPlatform() {
        return platform;
    }

    /** Builds {@link RunnerImageProps}. */
    public static final class Builder {
        private String distributionDirectory;
        private String baseImage;
        private Platform platform;

        private Builder() {
        }

        /** @see RunnerImageProps#getDistributionDirectory() */
        public Builder distributionDirectory(String distributionDirectory) {
            this.distributionDirectory = distributionDirectory;
            return this;
        }

        /** @see RunnerImageProps#getBaseImage() */
        public Builder baseImage(String baseImage) {
            this.baseImage = baseImage;
            return this;
        }

        /** @see RunnerImageProps#getPlatform() */
        public Builder platform(Platform platform) {
            this.platform = platform;
            return this;
        }

        /** The props. */
        public RunnerImageProps build() {
            return new RunnerImageProps(this);
        }
    }
}
