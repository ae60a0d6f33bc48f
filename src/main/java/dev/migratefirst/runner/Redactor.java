package dev.migratefirst.runner;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Replaces every known secret (the database password, in plain and URL-encoded form) by
 * {@code ***} in text that is about to be printed: progress lines, error messages, JDBC and Flyway
 * exception messages. Every line the runner prints goes through one.
 */
public final class Redactor {
    /** What a secret is replaced with. */
    public static final String MASK = "***";

    private final List<String> secrets = new CopyOnWriteArrayList<>();

    /** Registers a secret (ignored when null or shorter than 3 characters, which would mask noise). */
    public void addSecret(String secret) {
        if (secret == null || secret.length() < 3) {
            return;
        }
        List<String> forms = new ArrayList<>();
        forms.add(secret);
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        for (String f : forms) {
            if (!secrets.contains(f)) {
                secrets.add(f);
            }
        }
        // longest first, so a secret that contains another is masked whole
        secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
    }

    /** The text with every registered secret masked; null stays null. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String r = text;
        for (String s : secrets) {
            r = r.replace(s, MASK);
        }
        return r;
    }
}
