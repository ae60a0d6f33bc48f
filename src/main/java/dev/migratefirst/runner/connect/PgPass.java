package dev.migratefirst.runner.connect;

import dev.migratefirst.runner.RunnerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The libpq password file ({@code ~/.pgpass}, or the file {@code PGPASSFILE} names), read as libpq
 * reads it (PostgreSQL documentation, "34.16. The Password File",
 * https://www.postgresql.org/docs/current/libpq-pgpass.html):
 * <ul>
 *   <li>each line is {@code hostname:port:database:username:password}; the first line whose first
 *       four fields match is used;</li>
 *   <li>each of the first four fields may be {@code *}, which matches anything;</li>
 *   <li>{@code \:} and {@code \\} stand for a literal colon and backslash, in any field;</li>
 *   <li>lines starting with {@code #} are comments;</li>
 *   <li>a file with any group or world access is not used (libpq ignores it with a warning; the runner
 *       refuses it with a configuration error, so the JDBC driver's own look-up cannot use it
 *       behind its back either).</li>
 * </ul>
 * The file is read only when no password was given otherwise.
 */
public final class PgPass {
    private PgPass() {
    }

    /**
     * The file libpq would read: {@code PGPASSFILE}, else {@code $HOME/.pgpass}; empty when neither is
     * known.
     */
    public static Optional<Path> location(Map<String, String> env) {
        String file = env.get("PGPASSFILE");
        if (file != null && !file.isBlank()) {
            return Optional.of(Path.of(file.trim()));
        }
        String home = env.get("HOME");
        if (home != null && !home.isBlank()) {
            return Optional.of(Path.of(home.trim(), ".pgpass"));
        }
        return Optional.empty();
    }

    /**
     * The password of the first matching line of the password file, if the file exists.
     *
     * @throws RunnerException (configuration error) when the file has group or world access, naming the file
     */
    public static Optional<String> lookup(Map<String, String> env, String host, int port, String database,
                                          String user) {
        Optional<Path> file = location(env);
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            return Optional.empty();
        }
        Path path = file.get();
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            for (PosixFilePermission p : perms) {
                if (!p.name().startsWith("OWNER")) {
                    throw RunnerException.configuration("password file " + path + " has group or world access: "
                            + "chmod 0600 it (libpq ignores such a file)");
                }
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: libpq does not check there either
        } catch (IOException e) {
            throw RunnerException.configuration("password file " + path + " cannot be read: " + e.getMessage());
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw RunnerException.configuration("password file " + path + " cannot be read: "
                    + e.getClass().getSimpleName());
        }
        return match(lines, host, port, database, user);
    }

    /** The password of the first line of {@code lines} matching host, port, database and user. */
    static Optional<String> match(List<String> lines, String host, int port, String database, String user) {
        String[] wanted = {host, Integer.toString(port), database, user};
        for (String line : lines) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> raw = split(line);
            if (raw.size() < 5) {
                continue; // libpq skips a line with fewer fields
            }
            boolean matches = true;
            for (int i = 0; i < 4 && matches; i++) {
                // only a bare * is the wildcard; an escaped \* is a literal star
                matches = raw.get(i).equals("*") || unescape(raw.get(i)).equals(wanted[i]);
            }
            if (matches) {
                return Optional.of(unescape(raw.get(4)));
            }
        }
        return Optional.empty();
    }

    /** Splits a line at the colons that no backslash escapes; the fields keep their escapes. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                current.append(c).append(line.charAt(++i));
            } else if (c == ':') {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }

    /** A field with {@code \:} and {@code \\} (any backslash-escaped character) unescaped. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                c = field.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }
}
