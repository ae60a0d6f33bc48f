package dev.migratefirst.safety.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a PostgreSQL script into statements the way psql and Flyway do: on semicolons outside
 * string literals ({@code '...'}, {@code E'...'}), quoted identifiers, dollar-quoted bodies
 * ({@code $tag$ ... $tag$}) and comments ({@code --}, nested {@code /* *}{@code /}). Nothing else
 * about the SQL is interpreted: the database decides what each statement does.
 */
public final class SqlScript {
    private SqlScript() {
    }

    /** The statements of {@code script}, in order; blank or comment-only pieces are dropped. */
    public static List<SqlStatement> split(String script) {
        List<SqlStatement> out = new ArrayList<>();
        String s = script.replace("\r\n", "\n");
        int n = s.length();
        int pieceStart = 0;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                int end = s.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                i = skipBlockComment(s, i);
            } else if (c == '\'') {
                boolean escapes = i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(s.charAt(i - 2)));
                i = skipQuoted(s, i, '\'', escapes);
            } else if (c == '"') {
                i = skipQuoted(s, i, '"', false);
            } else if (c == '$' && (i == 0 || !isIdentChar(s.charAt(i - 1)))) {
                i = skipDollar(s, i);
            } else if (c == ';') {
                add(out, s, pieceStart, i);
                pieceStart = i + 1;
                i++;
            } else {
                i++;
            }
        }
        add(out, s, pieceStart, n);
        return List.copyOf(out);
    }

    private static void add(List<SqlStatement> out, String s, int from, int to) {
        String piece = s.substring(from, to);
        int body = firstCode(piece);
        if (body < 0) {
            return;
        }
        String leading = piece.substring(0, body);
        String sql = piece.substring(body).strip();
        int line = 1;
        for (int k = 0; k < from + body; k++) {
            if (s.charAt(k) == '\n') {
                line++;
            }
        }
        out.add(new SqlStatement(out.size(), line, sql, leading));
    }

    /** Index of the first character of {@code piece} that is neither blank nor comment; -1 if none. */
    private static int firstCode(String piece) {
        int i = 0;
        int n = piece.length();
        while (i < n) {
            char c = piece.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && piece.charAt(i + 1) == '-') {
                int end = piece.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && piece.charAt(i + 1) == '*') {
                i = skipBlockComment(piece, i);
            } else {
                return i;
            }
        }
        return -1;
    }

    private static int skipBlockComment(String s, int i) {
        int depth = 0;
        int n = s.length();
        while (i < n) {
            if (s.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    private static int skipQuoted(String s, int i, char quote, boolean backslashEscapes) {
        int n = s.length();
        i++;
        while (i < n) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && s.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    private static int skipDollar(String s, int i) {
        int n = s.length();
        int j = i + 1;
        while (j < n && isIdentChar(s.charAt(j)) && s.charAt(j) != '$') {
            j++;
        }
        if (j >= n || s.charAt(j) != '$') {
            return i + 1; // a positional parameter like $1, not a dollar quote
        }
        if (j > i + 1 && Character.isDigit(s.charAt(i + 1))) {
            return i + 1;
        }
        String tag = s.substring(i, j + 1);
        int end = s.indexOf(tag, j + 1);
        return end < 0 ? n : end + tag.length();
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
