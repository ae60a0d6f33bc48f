package dev.migratefirst.network;

/** How the application tier of a {@link MigrateFirstVpc} reaches AWS services and the internet. */
public enum Egress {
    /**
     * NAT gateways in the public tier; the application tier is {@code PRIVATE_WITH_EGRESS}. Tasks reach
     * the internet and AWS APIs through NAT (plus the free S3 gateway endpoint).
     */
    NAT_GATEWAY,
    /**
     * No route to the internet from inside the VPC. The application tier is {@code PRIVATE_ISOLATED} and
     * reaches AWS through interface endpoints (ECR api and dkr, CloudWatch Logs, Secrets Manager, SSM,
     * SSM messages, EC2 messages) and the S3 gateway endpoint, which is what Fargate, the rotation Lambda
     * and the SSM bastion need.
     */
    NONE
}
