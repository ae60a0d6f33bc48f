package dev.migratefirst.internal;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The customer-managed KMS key of a construct: the team's key when given, else one key the construct
 * creates with yearly rotation on. Its key policy is CDK's default (the account may use it through IAM,
 * which is how RDS, Secrets Manager and EBS use a key on behalf of the caller) plus what a service
 * principal needs, added here; on an imported key those additions are a no-op and the team's key policy
 * must allow the same (docs/platform.md, "Encryption").
 */
public final class EncryptionKeys {

    /** The key actions CloudWatch Logs needs on a key that encrypts a log group (AWS: "Encrypt log data in CloudWatch Logs using AWS KMS"). */
    public static final List<String> LOGS_ACTIONS = List.of(
            "kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*");

    private EncryptionKeys() {
    }

    /**
     * {@code given}, or a new key {@code id} under {@code scope} with rotation on.
     *
     * @param description what the created key encrypts (shown in the KMS console)
     */
    public static IKey orCreate(Construct scope, String id, IKey given, String description) {
        if (given != null) {
            return given;
        }
        return Key.Builder.create(scope, id)
                .description(description)
                .enableKeyRotation(true)
                .build();
    }

    /**
     * Lets any principal of this account use {@code key} through Secrets Manager in this region only
     * ({@code kms:ViaService} and {@code kms:CallerAccount}), as the key policy of the AWS managed key
     * {@code aws/secretsmanager} does: who may read a secret stays decided by Secrets Manager permissions
     * ({@code secret.grantRead}), and a reader in another stack needs no statement naming it in this key's
     * policy (which would make the key's stack depend on the reader's). Idempotent per key.
     */
    public static void allowSecretsManager(IKey key) {
        if (key instanceof Key created) {
            if (created.getNode().tryFindChild("AllowSecretsManagerMarker") != null) {
                return;
            }
            new Construct(created, "AllowSecretsManagerMarker");
        }
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("SecretsManagerOfThisAccount")
                .principals(List.of(new software.amazon.awscdk.services.iam.AnyPrincipal()))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of(
                        "kms:ViaService", "secretsmanager." + Aws.REGION + ".amazonaws.com",
                        "kms:CallerAccount", Aws.ACCOUNT_ID)))
                .build(), true);
    }

    /**
     * Lets CloudWatch Logs in this stack's region use {@code key} for the log groups of this account only: the
     * {@code logs.<region>.amazonaws.com} principal, with the {@code kms:EncryptionContext:aws:logs:arn}
     * condition AWS documents, so no other account's or region's log group can use it. Idempotent per key.
     */
    public static void allowCloudWatchLogs(IKey key) {
        if (key instanceof Key created) {
            if (created.getNode().tryFindChild("AllowLogsMarker") != null) {
                return;
            }
            new Construct(created, "AllowLogsMarker");
        }
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchLogsOfThisAccount")
                .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com")))
                .actions(LOGS_ACTIONS)
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:*")))
                .build(), true);
    }
}
