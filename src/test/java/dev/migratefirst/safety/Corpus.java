package dev.migratefirst.safety;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The safety corpus of src/test/resources/safety-corpus: each case file starts with
 * {@code -- expect: unsafe|warn|safe [rule-id ...]} and holds one or more migrations separated by
 * {@code -- migration} lines, applied after {@code _base.sql}.
 */
final class Corpus {
    static final Path DIR = Path.of("src", "test", "resources", "safety-corpus");
    private static final String BASE = read(DIR.resolve("_base.sql"));

    enum Verdict { UNSAFE, WARN, SAFE }

    record Case(String name, Verdict expected, Set<String> rules, List<String> migrations) {
    }

    /** What check said about a case. */
    record Outcome(Case c, boolean unsafe, Set<String> errors, Set<String> warnings) {
        /** The case's expectation holds: verdict and every expected rule. */
        boolean asExpected() {
            Set<String> found = new TreeSet<>(errors);
            found.addAll(warnings);
            boolean rulesFound = found.containsAll(c.rules());
            return switch (c.expected()) {
                case UNSAFE -> unsafe && rulesFound;
                case WARN -> !unsafe && rulesFound;
                case SAFE -> !unsafe;
            };
        }
    }

    private Corpus() {
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> cases() {
        try (Stream<Path> files = Files.list(DIR)) {
            List<Case> out = new ArrayList<>();
            for (Path p : files.filter(f -> !f.getFileName().toString().startsWith("_")).sorted().toList()) {
                String text = Files.readString(p, StandardCharsets.UTF_8);
                String header = text.lines().findFirst().orElse("");
                if (!header.startsWith("-- expect: ")) {
                    throw new IllegalStateException(p + " lacks an '-- expect:' header");
                }
                String[] words = header.substring("-- expect: ".length()).trim().split("\\s+");
                Verdict v = Verdict.valueOf(words[0].toUpperCase(java.util.Locale.ROOT));
                Set<String> rules = new TreeSet<>(Arrays.asList(words).subList(1, words.length));
                String body = text.substring(text.indexOf('\n') + 1);
                List<String> migrations = Arrays.asList(body.split("(?m)^-- migration\\s*$"));
                String name = p.getFileName().toString().replace(".sql", "");
                out.add(new Case(name, v, rules, migrations));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Outcome run(ScratchServer server, Case c) {
        CheckReport r;
        try {
            r = Scratch.check(server, BASE, c.migrations());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(c.name(), e);
        }
        Set<String> errors = new TreeSet<>();
        Set<String> warnings = new TreeSet<>();
        r.findings().stream().filter(f -> !f.isSuppressed()).forEach(f ->
                (f.severity() == Severity.ERROR ? errors : warnings).add(f.rule().id()));
        return new Outcome(c, r.unsafe(), errors, warnings);
    }
}
