package dev.migratefirst.network;

/** How the application tier of a {@link MigrateFirstVpc} reaches AWS services and the internet. */
public enum Egress {
    /**
     * NAT gateways in the public tier; the application tier is {@code PRIVATE_WITH_EGRESS}. Tasks reach
     * the internet and AWS APIs through NAT (plus the free S3 gateway endpoint).
     */
    NAT_GATEWAY,
    /**
     * No route to the internet from inside the VPC: no public tier and no internet gateway (unless
     * {@code publicSubnets(true)} asks for one). The application tier is {@code PRIVATE_ISOLATED} and reaches
     * AWS through interface endpoints (by default ECR api and dkr, CloudWatch Logs, Secrets Manager: what
     * Fargate and the rotation Lambda need; more with {@code MigrateFirstVpc#addInterfaceEndpoint}, e.g. SSM
     * for the bastion) and the S3 gateway endpoint.
     */
    NONE
}
