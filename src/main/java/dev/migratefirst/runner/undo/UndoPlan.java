package dev.migratefirst.runner.undo;

import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an undo reverts, newest first, and what will then be the latest applied version.
 *
 * @param history        the schema history table
 * @param steps          the versions to revert, newest first; never empty
 * @param latestAfterwards the latest applied version once every step is done; empty when none is left
 */
public record UndoPlan(SchemaHistoryTable history, List<UndoStep> steps, Optional<MigrationVersion> latestAfterwards) {
    public UndoPlan {
        Objects.requireNonNull(history, "history");
        steps = List.copyOf(steps);
        Objects.requireNonNull(latestAfterwards, "latestAfterwards");
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("an undo plan reverts at least one version");
        }
    }

    /** One line: {@code will revert V3 (add index), V2 (add profile picture); V1 will be the latest applied}. */
    public String summary() {
        StringBuilder sb = new StringBuilder("will revert ");
        for (int i = 0; i < steps.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(steps.get(i).label());
        }
        sb.append(" in ").append(history.qualified()).append("; ")
                .append(latestAfterwards.map(v -> "V" + v + " will be the latest applied")
                        .orElse("no versioned migration will be left applied"));
        return sb.toString();
    }
}
