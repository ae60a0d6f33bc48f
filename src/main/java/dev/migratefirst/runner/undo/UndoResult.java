package dev.migratefirst.runner.undo;

import java.util.List;
import java.util.Objects;

/**
 * What an undo did.
 *
 * @param plan     what it set out to revert
 * @param reverted the steps that were reverted and committed, newest first (none on a dry run)
 * @param dryRun   whether it only printed the plan
 */
public record UndoResult(UndoPlan plan, List<UndoStep> reverted, boolean dryRun) {
    public UndoResult {
        Objects.requireNonNull(plan, "plan");
        reverted = List.copyOf(reverted);
    }
}
