package dev.migratefirst.migrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stable SHA-256 fingerprint of a migrations folder: each migration file's path relative to the
 * folder (with {@code /} separators) and its bytes, in path order. Line endings are normalized to
 * {@code \n} so a checkout on Windows gives the same fingerprint. Files that are not migrations
 * (a README, an editor backup) do not count. The deploy gate re-runs migrations exactly when this
 * changes (or the image or the runner settings do).
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    /** The hex SHA-256 fingerprint of a folder's migration files. */
    public static String of(MigrationsFolder folder) {
        MessageDigest sha = sha256();
        Map<String, MigrationFile> byPath = new TreeMap<>();
        for (MigrationFile f : folder.files()) {
            byPath.put(folder.root().relativize(f.path()).toString().replace('\\', '/'), f);
        }
        for (Map.Entry<String, MigrationFile> e : byPath.entrySet()) {
            byte[] content;
            try {
                content = Files.readString(e.getValue().path(), StandardCharsets.UTF_8)
                        .replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read migration " + e.getValue().path(), ex);
            }
            update(sha, e.getKey().getBytes(StandardCharsets.UTF_8));
            update(sha, content);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Combines named parts (a folder fingerprint, an image hash, settings) into one fingerprint;
     * the order of the map's entries does not matter.
     */
    public static String combine(Map<String, String> parts) {
        MessageDigest sha = sha256();
        for (Map.Entry<String, String> e : new TreeMap<>(parts).entrySet()) {
            update(sha, e.getKey().getBytes(StandardCharsets.UTF_8));
            update(sha, e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Length-prefixed, so ("ab","c") and ("a","bc") differ. */
    private static void update(MessageDigest sha, byte[] bytes) {
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
