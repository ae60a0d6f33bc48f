package dev.migratefirst.safety;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.size.CostModel;
import dev.migratefirst.safety.size.LockEstimate;
import dev.migratefirst.safety.size.LockEstimator;
import dev.migratefirst.safety.size.ProductionStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Size-aware verdicts ({@code check --stats}): a finding whose harm is a lock held while work runs
 * ({@link #LOCK_DURATION}) gets the estimate of how long that lock would be held at production size,
 * and its severity from it. With {@code maxLock}: above it an error, at or below it an info. Without:
 * under {@link #TINY} an info (a tiny table), else the rule's severity. A finding without an estimate
 * (no statistics for its table) keeps the rule's severity. The other rules judge compatibility or
 * lock queueing, which no table size changes, and are left as they are.
 *
 * @param stats   the production statistics
 * @param costs   the costs measured on the scratch server
 * @param maxLock the longest lock production accepts, if given
 */
public record Sizing(ProductionStats stats, CostModel costs, Optional<Duration> maxLock) {
    /** Without {@code --max-lock}, an estimate under this is a tiny table's: the finding drops to info. */
    public static final Duration TINY = Duration.ofMillis(100);

    /** The rules whose harm grows with the table: a lock held while PostgreSQL scans, copies, sorts or writes. */
    public static final Set<Rule> LOCK_DURATION = EnumSet.of(Rule.TABLE_REWRITE, Rule.INDEX_WITHOUT_CONCURRENTLY,
            Rule.CONSTRAINT_WITHOUT_NOT_VALID, Rule.LOCK_HELD_ACROSS_STATEMENTS, Rule.DATA_BACKFILL);

    public Sizing {
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(costs, "costs");
        Objects.requireNonNull(maxLock, "maxLock");
    }

    /** {@code findings} of one migration, each lock-duration finding with its estimate and sized severity. */
    List<Finding> apply(MigrationFacts facts, List<Finding> findings) {
        LockEstimator estimator = new LockEstimator(stats, costs);
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            if (!LOCK_DURATION.contains(f.rule()) || f.statement() < 0) {
                out.add(f);
                continue;
            }
            LockEstimate e = estimator.held(facts, f.statement());
            out.add(f.sized(severity(f.rule(), e), e));
        }
        return List.copyOf(out);
    }

    /** The severity a finding of {@code rule} earns with estimate {@code e}. */
    Severity severity(Rule rule, LockEstimate e) {
        if (!e.known()) {
            return rule.severity();
        }
        if (maxLock.isPresent()) {
            return e.millis() > maxLock.get().toMillis() ? Severity.ERROR : Severity.INFO;
        }
        return e.millis() < TINY.toMillis() ? Severity.INFO : rule.severity();
    }

    /** The verdict rule in a line, for the report's header. */
    public String describe() {
        return "production statistics of " + (stats.database().isEmpty() ? "?" : stats.database()) + " (PostgreSQL "
                + stats.serverVersion() + ", " + stats.tables().size() + " table(s)); "
                + maxLock.map(d -> "a lock estimated over " + LockEstimate.readable(d.toMillis()) + " is an error, "
                + "shorter is info").orElse("a lock estimated under " + LockEstimate.readable(TINY.toMillis())
                + " is info") + "; costs measured here: " + costs.describe();
    }
}
