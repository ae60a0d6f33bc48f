package dev.migratefirst.runner.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The password file's lines as libpq reads them: first match wins, bare {@code *} wildcards, {@code \:} and {@code \\}. */
class PgPassTest {
    @Test
    void passwordFileLinesMatchAsLibpqReadsThem() {
        List<String> lines = List.of("# host:port:db:user:pw", "bad line",
                "db\\:x:*:*:u:escaped-host", "h:5432:d:u:first\\:colon\\\\back", "h:*:*:u:second", "*:*:*:*:any",
                "\\*:*:*:*:literal-star");
        assertThat(PgPass.match(lines, "h", 5432, "d", "u")).contains("first:colon\\back");
        assertThat(PgPass.match(lines, "h", 6543, "d", "u")).contains("second");
        assertThat(PgPass.match(lines, "db:x", 5432, "d", "u")).contains("escaped-host");
        assertThat(PgPass.match(lines, "other", 5432, "d", "v")).contains("any");
        assertThat(PgPass.match(List.of("\\*:*:*:*:literal-star"), "h", 1, "d", "u")).isEmpty();
    }

}
