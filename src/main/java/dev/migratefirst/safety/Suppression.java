package dev.migratefirst.safety;

import dev.migratefirst.safety.trace.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code -- migratefirst:allow <rule-id> <reason>} comment. Right above a statement it silences
 * that rule on that statement; {@code -- migratefirst:allow-file <rule-id> <reason>} anywhere
 * silences it for the whole file.
 *
 * @param ruleId    the id as written
 * @param reason    the reason ("" when missing)
 * @param wholeFile true for {@code allow-file}
 * @param statement the statement it sits above (-1 for whole-file or a trailing comment)
 * @param line      1-based line of the comment
 */
public record Suppression(String ruleId, String reason, boolean wholeFile, int statement, int line) {
    private static final Pattern COMMENT =
            Pattern.compile("--\\s*migratefirst:(allow-file|allow)\\b[ \\t]*([^\\s]*)[ \\t]*([^\\n]*)");

    /** The rule, or null when the id names none. */
    public Rule rule() {
        return Rule.byId(ruleId);
    }

    /** Why the comment cannot silence anything (no known rule id, no reason), or null when it is valid. */
    public String problem() {
        if (rule() == null) {
            return "'" + ruleId + "' is not a rule id (see the rule table)";
        }
        return reason.isEmpty() ? "suppression of " + ruleId + " gives no reason" : null;
    }

    /** Whether it silences {@code f}. */
    public boolean covers(Finding f) {
        return f.rule().id().equals(ruleId) && (wholeFile || f.statement() == statement);
    }

    /** Every suppression comment of a script. */
    public static List<Suppression> parse(String script, List<SqlStatement> statements) {
        String s = script.replace("\r\n", "\n");
        List<Suppression> out = new ArrayList<>();
        Matcher m = COMMENT.matcher(s);
        while (m.find()) {
            int line = 1;
            for (int k = 0; k < m.start(); k++) {
                if (s.charAt(k) == '\n') {
                    line++;
                }
            }
            boolean file = m.group(1).equals("allow-file");
            int target = -1;
            if (!file) {
                for (SqlStatement st : statements) {
                    if (st.line() > line) {
                        target = st.index();
                        break;
                    }
                }
            }
            out.add(new Suppression(m.group(2), m.group(3).trim(), file, target, line));
        }
        return List.copyOf(out);
    }
}
