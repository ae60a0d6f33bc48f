package dev.migratefirst.database;

import static dev.migratefirst.internal.Validation.check;

import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * What a created and an imported MigrateFirst database share: the grant helpers, built from the real
 * resources (the secret, the instance's resource id), never {@code *}.
 */
public abstract class PostgresDatabaseBase extends Construct implements IPostgresDatabase {

    protected PostgresDatabaseBase(Construct scope, String id) {
        super(scope, id);
    }

    @Override
    public String getEndpointAddress() {
        return getDatabaseInstance().getDbInstanceEndpointAddress();
    }

    @Override
    public String getEndpointPort() {
        return getDatabaseInstance().getDbInstanceEndpointPort();
    }

    @Override
    public String getInstanceIdentifier() {
        return getDatabaseInstance().getInstanceIdentifier();
    }

    /** Whether IAM database authentication is enabled on the instance. */
    public abstract boolean isIamAuthenticationEnabled();

    /**
     * The instance's resource id ({@code db-...}) used in {@code rds-db:connect} ARNs, or null when unknown
     * (imported without it).
     */
    public abstract String getInstanceResourceId();

    @Override
    public Grant grantSecretRead(IGrantable grantee) {
        return getSecret().grantRead(grantee);
    }

    @Override
    public Grant grantConnect(IGrantable grantee, String dbUser) {
        check(isIamAuthenticationEnabled(), this, "grantConnect",
                "needs IAM authentication; set iamAuthentication(true)");
        check(dbUser != null && (Token.isUnresolved(dbUser) || !dbUser.isBlank()), this, "grantConnect",
                "needs a non-blank dbUser");
        String resourceId = getInstanceResourceId();
        check(resourceId != null, this, "grantConnect",
                "needs the instance resource id; import with instanceResourceId(...)");
        String arn = Stack.of(this).formatArn(ArnComponents.builder()
                .service("rds-db")
                .resource("dbuser")
                .resourceName(resourceId + "/" + dbUser)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of("rds-db:connect"))
                .resourceArns(List.of(arn))
                .build());
    }
}
