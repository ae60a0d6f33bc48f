package dev.migratefirst.migrations;

import java.util.ArrayList;
import java.util.List;

/**
 * The little SQL lexing a backfill needs: splitting a file into statements and replacing {@code :from}
 * and {@code :to} by JDBC parameters, both outside quoted strings, quoted identifiers, dollar quotes and
 * comments ({@code ::} casts are left alone).
 */
final class BackfillSql {
    private BackfillSql() {
    }

    /** The statements of {@code text} (without their semicolons), comment-only pieces dropped. */
    static List<String> statements(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean code = false;
        int i = 0;
        while (i < text.length()) {
            int end = skip(text, i);
            if (end > i) {
                if (!text.startsWith("--", i) && !text.startsWith("/*", i)) {
                    code = true;
                }
                current.append(text, i, end);
                i = end;
                continue;
            }
            char c = text.charAt(i);
            if (c == ';') {
                if (code) {
                    out.add(current.toString().strip());
                }
                current.setLength(0);
                code = false;
            } else {
                current.append(c);
                if (!Character.isWhitespace(c)) {
                    code = true;
                }
            }
            i++;
        }
        if (code) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /**
     * {@code statement} with each {@code :from} and {@code :to} replaced by {@code ?}; the names, in order,
     * are added to {@code parameters}. A literal {@code ?} outside quotes is refused by pgjdbc's parser only
     * when it is an operator; backfills rarely need one.
     */
    static String bind(String statement, List<String> parameters) {
        return bind(statement, parameters, name -> "?");
    }

    /** As {@link #bind(String, List)}, each parameter replaced by {@code replacement.apply(name)}. */
    static String bind(String statement, List<String> parameters,
                       java.util.function.Function<String, String> replacement) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < statement.length()) {
            int end = skip(statement, i);
            if (end > i) {
                out.append(statement, i, end);
                i = end;
                continue;
            }
            char c = statement.charAt(i);
            if (c == ':' && i + 1 < statement.length() && statement.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
                continue;
            }
            if (c == ':') {
                for (String name : List.of("from", "to")) {
                    int after = i + 1 + name.length();
                    if (statement.regionMatches(true, i + 1, name, 0, name.length())
                            && (after >= statement.length() || !isIdentifierPart(statement.charAt(after)))) {
                        parameters.add(name);
                        out.append(replacement.apply(name));
                        i = after;
                        c = 0;
                        break;
                    }
                }
                if (c == 0) {
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** The end of a quoted string, quoted identifier, dollar quote or comment starting at {@code i}; {@code i} if none. */
    private static int skip(String s, int i) {
        char c = s.charAt(i);
        if (c == '\'' || c == '"') {
            int j = i + 1;
            while (j < s.length()) {
                if (s.charAt(j) == c) {
                    if (j + 1 < s.length() && s.charAt(j + 1) == c) {
                        j += 2;
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return s.length();
        }
        if (s.startsWith("--", i)) {
            int nl = s.indexOf('\n', i);
            return nl < 0 ? s.length() : nl;
        }
        if (s.startsWith("/*", i)) {
            int depth = 0;
            int j = i;
            while (j < s.length()) {
                if (s.startsWith("/*", j)) {
                    depth++;
                    j += 2;
                } else if (s.startsWith("*/", j)) {
                    depth--;
                    j += 2;
                    if (depth == 0) {
                        return j;
                    }
                } else {
                    j++;
                }
            }
            return s.length();
        }
        if (c == '$' && (i == 0 || !isIdentifierPart(s.charAt(i - 1)))) {
            int close = s.indexOf('$', i + 1);
            if (close > 0) {
                String tag = s.substring(i, close + 1);
                if (tag.length() == 2 || tag.substring(1, tag.length() - 1).chars().allMatch(
                        ch -> Character.isLetterOrDigit(ch) || ch == '_')
                        && !Character.isDigit(tag.charAt(1))) {
                    int end = s.indexOf(tag, close + 1);
                    return end < 0 ? s.length() : end + tag.length();
                }
            }
        }
        return i;
    }
}
