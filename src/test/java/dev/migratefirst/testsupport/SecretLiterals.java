package dev.migratefirst.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds secret values written literally into a synthesized CloudFormation template. Reports JSON paths
 * only, never the values, so a failing test cannot leak what it found.
 */
public final class SecretLiterals {
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secretstring|secretaccesskey).*");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|secret_?key|database_url).*");
    private static final Pattern URL_WITH_CREDENTIALS = Pattern.compile("[a-z][a-z0-9+.-]*://[^/\\s:@]+:[^@\\s/]+@");

    private SecretLiterals() {
    }

    /** JSON paths (e.g. {@code Resources.Db.Properties.MasterUserPassword}) where a literal secret sits. */
    public static List<String> find(Map<String, Object> template) {
        List<String> found = new ArrayList<>();
        walk(template, "", found);
        return found;
    }

    private static void walk(Object node, String path, List<String> found) {
        if (node instanceof Map<?, ?> map) {
            Object name = map.get("Name");
            Object value = map.get("Value");
            if (name instanceof String n && SECRET_NAME.matcher(n).matches() && value instanceof String) {
                found.add(path + ".Value (environment " + n + ")");
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String child = path.isEmpty() ? key : path + "." + key;
                if (e.getValue() instanceof String && isSecretKey(key)) {
                    found.add(child);
                }
                walk(e.getValue(), child, found);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", found);
            }
        } else if (node instanceof String s) {
            if (!s.contains("{{resolve:") && URL_WITH_CREDENTIALS.matcher(s).find()) {
                found.add(path + " (URL with credentials)");
            }
        }
    }

    private static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).matches() && !key.equals("SecretStringTemplate")
                && !key.equals("GenerateSecretString") && !key.endsWith("Arn") && !key.endsWith("Length");
    }
}
