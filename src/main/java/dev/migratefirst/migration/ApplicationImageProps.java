package dev.migratefirst.migration;

import software.amazon.awscdk.services.ecr.assets.Platform;

/** Options of {@link ApplicationImage#fromProjectDirectory(String, ApplicationImageProps)}. */
public final class ApplicationImageProps {
    private final String baseImage;
    private final Platform platform;

    private ApplicationImageProps(Builder b) {
        this.baseImage = b.baseImage;
        this.platform = b.platform;
    }

    /** A builder with every option at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The base image, passed as the Dockerfile's {@code BASE_IMAGE} build argument (a mirror in your own
     * registry, a hardened or pinned-digest image). The image brings its own Java runtime, so the base needs
     * no Java: glibc (linux/amd64), libstdc++, zlib and {@code /bin/sh} (docs/image.md).
     *
     * @default {@code null}: the Dockerfile's default, {@code debian:bookworm-slim}
     */
    public String getBaseImage() {
        return baseImage;
    }

    /**
     * The platform the image is built for; the task definitions that run it must use the same CPU
     * architecture. The embedded PostgreSQL of {@code --embedded} and {@code check} ships for linux/amd64.
     *
     * @default {@link Platform#LINUX_AMD64}
     */
    public Platform getPlatform() {
        return platform;
    }

    /** Builds {@link ApplicationImageProps}. */
    public static final class Builder {
        private String baseImage;
        private Platform platform;

        private Builder() {
        }

        /** @see ApplicationImageProps#getBaseImage() */
        public Builder baseImage(String baseImage) {
            this.baseImage = baseImage;
            return this;
        }

        /** @see ApplicationImageProps#getPlatform() */
        public Builder platform(Platform platform) {
            this.platform = platform;
            return this;
        }

        /** The props. */
        public ApplicationImageProps build() {
            return new ApplicationImageProps(this);
        }
    }
}
