package dev.migratefirst.runner.repair;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.zip.CRC32;

/**
 * The checksum Flyway stores for a SQL migration, computed the way Flyway computes it: a CRC32 over
 * the UTF-8 bytes of each line without its line break, a byte-order mark dropped. So line endings
 * (LF, CRLF) and blank lines never change it; every other character does.
 * {@code RepairEngineTest} pins this against the checksum Flyway itself writes.
 */
public final class FlywayChecksum {
    private FlywayChecksum() {
    }

    /** Flyway's checksum of a script's text. */
    public static int of(String text) {
        return crc(text, false);
    }

    /** Flyway's checksum of a script's text with spaces and tabs at every line end removed. */
    public static int withoutTrailingBlanks(String text) {
        return crc(text, true);
    }

    private static int crc(String text, boolean stripTrailing) {
        CRC32 crc = new CRC32();
        try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
            String line = reader.readLine();
            boolean first = true;
            while (line != null) {
                if (first && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                first = false;
                if (stripTrailing) {
                    line = line.replaceAll("[ \\t]+$", "");
                }
                crc.update(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                line = reader.readLine();
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return (int) crc.getValue();
    }
}
