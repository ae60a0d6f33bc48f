package dev.migratefirst.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TOML subset of Flyway configuration files, read into Flyway's flat keys. */
class TomlReaderTest {

    @Test
    void tablesArraysInlineTablesAndComments() {
        Map<String, String> m = TomlReader.read("""
                # project
                [flyway]
                schemas = ["app", "audit",]   # trailing comma allowed
                outOfOrder = true
                placeholders = { owner = "ops", "tag" = 'a#b' }

                [environments.default]
                url = "jdbc:postgresql://db/app"
                """);

        assertThat(m).containsEntry("flyway.schemas", "app,audit")
                .containsEntry("flyway.outOfOrder", "true")
                .containsEntry("flyway.placeholders.owner", "ops")
                .containsEntry("flyway.placeholders.tag", "a#b")
                .containsEntry("environments.default.url", "jdbc:postgresql://db/app");
    }

    @Test
    void whatItDoesNotReadIsRefusedWithTheLine() {
        assertThatThrownBy(() -> TomlReader.read("[flyway]\nplaceholders = \"\"\"\nx\"\"\"\n"))
                .hasMessageStartingWith("line 2: multi-line strings are not read");
        assertThatThrownBy(() -> TomlReader.read("[flyway]\ntable = flyway_history\n"))
                .hasMessageStartingWith("line 2: not a TOML string, number or boolean");
    }
}
