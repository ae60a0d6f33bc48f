package dev.migratefirst.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretLiteralsTest {

    @Test
    void flagsLiteralPasswordsSecretStringsEnvironmentAndUrls() {
        Map<String, Object> template = Map.of("Resources", Map.of(
                "Db", Map.of("Properties", Map.of("MasterUserPassword", "hunter2hunter2")),
                "Secret", Map.of("Properties", Map.of("SecretString", "{\"password\":\"x\"}")),
                "Task", Map.of("Properties", Map.of("ContainerDefinitions", List.of(Map.of("Environment", List.of(
                        Map.of("Name", "DB_PASSWORD", "Value", "x"),
                        Map.of("Name", "URL", "Value", "postgresql://app:s3cret@db:5432/app"))))))));
        assertThat(SecretLiterals.find(template)).containsExactlyInAnyOrder(
                "Resources.Db.Properties.MasterUserPassword",
                "Resources.Secret.Properties.SecretString",
                "Resources.Task.Properties.ContainerDefinitions[0].Environment[0].Value (environment DB_PASSWORD)",
                "Resources.Task.Properties.ContainerDefinitions[0].Environment[1].Value (URL with credentials)");
    }

    @Test
    void acceptsDynamicReferencesAndGeneratedSecrets() {
        Map<String, Object> template = Map.of("Resources", Map.of(
                "Db", Map.of("Properties", Map.of("MasterUserPassword", Map.of("Fn::Join", List.of("",
                        List.of("{{resolve:secretsmanager:", Map.of("Ref", "S"), ":SecretString:password::}}"))))),
                "Secret", Map.of("Properties", Map.of("GenerateSecretString", Map.of(
                        "SecretStringTemplate", "{\"username\":\"dbadmin\"}", "GenerateStringKey", "password",
                        "PasswordLength", 30))),
                "Task", Map.of("Properties", Map.of("Secrets", List.of(
                        Map.of("Name", "DB_SECRET", "ValueFrom", "arn:aws:secretsmanager:x"))))));
        assertThat(SecretLiterals.find(template)).isEmpty();
    }
}
