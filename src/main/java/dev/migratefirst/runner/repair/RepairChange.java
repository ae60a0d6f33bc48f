package dev.migratefirst.runner.repair;

/**
 * One change {@code repair} makes (or, in a dry run, would make) to the schema history.
 *
 * @param kind          what it does
 * @param installedRank the row's {@code installed_rank}
 * @param script        the row's script name
 * @param oldChecksum   the checksum in the history (for {@link Kind#REALIGN_CHECKSUM})
 * @param newChecksum   the checksum of the file now (for {@link Kind#REALIGN_CHECKSUM})
 */
public record RepairChange(Kind kind, int installedRank, String script, Integer oldChecksum, Integer newChecksum) {

    /** The changes repair knows. */
    public enum Kind {
        /** Delete a row with {@code success = false} (a migration that failed outside a transaction). */
        DELETE_FAILED_ROW,
        /** Set the checksum of a row to its file's, the file having only gained blanks at line ends. */
        REALIGN_CHECKSUM
    }

    /** The change in words, e.g. {@code delete the failed row of V3__x.sql (installed_rank 4)}. */
    public String describe() {
        return switch (kind) {
            case DELETE_FAILED_ROW -> "delete the failed row of " + script + " (installed_rank " + installedRank + ")";
            case REALIGN_CHECKSUM -> "set the checksum of " + script + " (installed_rank " + installedRank + ") from "
                    + oldChecksum + " to " + newChecksum + " (the file only gained spaces or tabs at line ends)";
        };
    }
}
