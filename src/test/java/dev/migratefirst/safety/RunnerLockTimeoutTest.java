package dev.migratefirst.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code missing-lock-timeout} knows who runs the migration: under the runner, whose migrate sets
 * lock_timeout on its connection, it fires only where the migration itself turns lock_timeout off;
 * for plain Flyway or a tool under {@code exec} (no runner lock_timeout assumed) it fires as before.
 */
class RunnerLockTimeoutTest extends OnScratchPostgres {
    private static final String ADD_COLUMN = "ALTER TABLE accounts ADD COLUMN nickname text;";

    private static List<Finding> missingLockTimeout(String sql, Optional<String> runner) {
        CheckReport r = Scratch.check(server, Rule.EXAMPLE_SCHEMA, List.of(sql), runner);
        return Scratch.of(r.results().get(r.results().size() - 1), Rule.MISSING_LOCK_TIMEOUT);
    }

    @Test
    void theRunnersLockTimeoutCoversAStatementTheMigrationLeavesAlone() {
        assertThat(missingLockTimeout(ADD_COLUMN, Optional.of("2000ms"))).isEmpty();
    }

    @Test
    void aMigrationThatTurnsLockTimeoutOffIsFlaggedEvenUnderTheRunner() {
        List<Finding> f = missingLockTimeout("SET lock_timeout = 0;\n" + ADD_COLUMN, Optional.of("2000ms"));
        assertThat(f).hasSize(1);
        assertThat(f.get(0).observed()).contains("lock_timeout = 0");
    }

    @Test
    void plainFlywayAndExecToolsGetTheWarning() {
        List<Finding> f = missingLockTimeout(ADD_COLUMN, Optional.empty());
        assertThat(f).hasSize(1);
        assertThat(f.get(0).observed()).contains("ACCESS EXCLUSIVE on accounts");
    }
}
