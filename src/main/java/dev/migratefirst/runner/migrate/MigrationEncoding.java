package dev.migratefirst.runner.migrate;

import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.migrations.MigrationsFolder;
import dev.migratefirst.runner.RunnerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;

/**
 * Refuses a migration file that is not valid in the encoding Flyway reads it with, before anything
 * connects: a configuration error naming the file and the byte offset of the first bad byte (Flyway
 * itself fails later, as a failed migration, with advice about its own settings).
 */
public final class MigrationEncoding {
    private MigrationEncoding() {
    }

    /**
     * Checks every file of {@code folder}.
     *
     * @throws RunnerException (configuration error) {@code V2__x.sql is not valid UTF-8: byte 0xE9 at offset 41}
     */
    public static void requireValid(MigrationsFolder folder, Charset charset) {
        for (MigrationFile file : folder.files()) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file.path());
            } catch (IOException e) {
                throw RunnerException.configuration("cannot read migration " + file.path() + ": " + e.getMessage());
            }
            int offset = firstInvalid(bytes, charset);
            if (offset >= 0) {
                throw RunnerException.configuration("migration " + file.path() + " is not valid " + charset.name()
                        + ": byte 0x" + String.format("%02X", bytes[offset] & 0xFF) + " at offset " + offset
                        + " (save the file as " + charset.name() + ")");
            }
        }
    }

    /** The offset of the first byte that does not decode, or -1. */
    static int firstInvalid(byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.max(16, bytes.length));
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            return in.position();
        }
        r = decoder.flush(out);
        return r.isError() ? in.position() : -1;
    }
}
