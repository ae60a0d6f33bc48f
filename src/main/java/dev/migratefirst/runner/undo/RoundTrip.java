package dev.migratefirst.runner.undo;

import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.migrations.MigrationKind;
import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.migrations.MigrationsFolder;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Messages;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import dev.migratefirst.runner.undo.schema.SchemaDifference;
import dev.migratefirst.runner.undo.schema.SchemaObject;
import dev.migratefirst.runner.undo.schema.SchemaSnapshot;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The round trip that proves every undo script on a scratch database, before it is ever needed in
 * production. First, every {@code V} file must have a {@code U} file or an irreversible marker with
 * a reason (and not both), and every {@code U} file a {@code V}. Then, for each versioned migration
 * in order: snapshot the catalog, apply it with Flyway, revert it with {@link UndoEngine}, check the
 * catalog equals the snapshot, apply it again (Flyway must see it pending and apply it) and check
 * the catalog equals the one after the first apply. An irreversible migration is applied and not
 * undone. The first failing version stops the round trip with {@link ExitCode#ROUND_TRIP_FAILED},
 * naming every difference.
 */
public final class RoundTrip {
    private final MigrationsFolder folder;
    private final Configuration flyway;
    private final Progress out;

    /**
     * @param folder the migrations folder; the Flyway configuration's locations must read the same
     * @param flyway the Flyway configuration {@code migrate} uses, with the scratch database as data
     *               source (it must be empty: the round trip starts from nothing)
     * @param out    receives one human line per step
     */
    public RoundTrip(MigrationsFolder folder, Configuration flyway, Progress out) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.flyway = Objects.requireNonNull(flyway, "flyway");
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Every {@code V} without a {@code U} and without an irreversible marker, with both, with a
     * marker lacking a reason, and every {@code U} without a {@code V}: one line each, naming the
     * file. Empty when the folder is complete.
     */
    public static List<String> coverageProblems(MigrationsFolder folder) {
        List<String> problems = new ArrayList<>();
        for (MigrationFile v : folder.versioned()) {
            MigrationVersion version = v.version().orElseThrow();
            Optional<MigrationFile> undo = folder.undoOf(version);
            Optional<IrreversibleMarker> marker;
            try {
                marker = IrreversibleMarker.of(v);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                continue;
            }
            if (marker.isPresent() && undo.isPresent()) {
                problems.add(v.fileName() + " is marked irreversible but " + undo.get().fileName()
                        + " exists; remove the marker or the undo script");
            } else if (marker.isEmpty() && undo.isEmpty()) {
                problems.add(v.fileName() + " has no undo script (U" + version + "__*.sql) and no '-- "
                        + IrreversibleMarker.TAG + " <reason>' marker");
            }
        }
        for (MigrationFile u : folder.files()) {
            if (u.kind() == MigrationKind.UNDO && folder.versioned().stream()
                    .noneMatch(v -> v.version().equals(u.version()))) {
                problems.add(u.fileName() + " has no versioned migration V" + u.version().orElseThrow() + "__*.sql");
            }
        }
        return problems;
    }

    /**
     * Runs the round trip.
     *
     * @return the versions proven (undone and re-applied) and the irreversible ones applied
     * @throws UndoException {@link ExitCode#ROUND_TRIP_FAILED} naming the file or the differences;
     *                       {@link ExitCode#MIGRATION_FAILED} when a {@code V} or {@code U} script fails
     */
    public RoundTripResult run() throws SQLException {
        List<String> problems = coverageProblems(folder);
        if (!problems.isEmpty()) {
            throw new UndoException(ExitCode.ROUND_TRIP_FAILED, String.join("; ", problems));
        }
        String[] schemas = flyway.getSchemas();
        UndoSettings undo = UndoSettings.latest(folder).withHistory(
                schemas.length == 0 ? Optional.empty() : Optional.of(schemas[0]), Optional.of(flyway.getTable()));
        List<MigrationVersion> proven = new ArrayList<>();
        List<MigrationVersion> irreversible = new ArrayList<>();
        try (Connection c = flyway.getDataSource().getConnection()) {
            c.setAutoCommit(true);
            SchemaHistoryTable history = SchemaHistoryTable.resolve(c, undo.historySchema(), undo.historyTable());
            Set<String> exclude = Set.of(history.qualified());
            boolean empty = SchemaSnapshot.take(c, exclude).objects().values().stream()
                    .allMatch(o -> o.kind() == SchemaObject.Kind.SCHEMA);
            if (!empty || history.exists(c)) {
                throw new UndoException(ExitCode.CONFIGURATION_ERROR,
                        "the round trip needs an empty database; this one already has tables or a schema history");
            }
            SchemaSnapshot current = SchemaSnapshot.take(c, exclude);
            for (MigrationFile v : folder.versioned()) {
                MigrationVersion version = v.version().orElseThrow();
                String name = "V" + version;
                SchemaSnapshot before = current;
                migrate(version, v);
                SchemaSnapshot applied = SchemaSnapshot.take(c, exclude);
                Optional<IrreversibleMarker> marker = IrreversibleMarker.of(v);
                if (marker.isPresent()) {
                    out.report("round_trip_irreversible", "Round trip " + name + ": applied; not undone, marked"
                            + " irreversible: " + marker.get().reason(), Map.of("version", version.toString(),
                            "reason", marker.get().reason()));
                    irreversible.add(version);
                    current = applied;
                    continue;
                }
                new UndoEngine(undo.withVersion(version.toString()), Progress.NONE).run(c);
                fail(SchemaSnapshot.take(c, exclude).differencesFrom(before), "after undo of " + name,
                        "before " + name, v);
                // Flyway agrees with the undo when it applies the version again (it read it as pending)
                MigrateResult again = migrate(version, v);
                if (again.migrations == null || again.migrations.stream().noneMatch(m -> m.version != null
                        && MigrationVersion.parse(m.version).equals(version))) {
                    throw new UndoException(ExitCode.ROUND_TRIP_FAILED, "after undo of " + name
                            + ", Flyway did not apply " + name + " again (it did not see it as pending)");
                }
                current = SchemaSnapshot.take(c, exclude);
                fail(current.differencesFrom(applied), "after re-applying " + name, "after first applying " + name, v);
                out.report("round_trip_version", "Round trip " + name + " (" + v.description() + "): applied,"
                        + " undone to the same schema, re-applied", Map.of("version", version.toString(),
                        "script", v.fileName()));
                proven.add(version);
            }
        }
        out.report("round_trip_done", "Round trip passed: " + proven.size() + " undo script"
                + (proven.size() == 1 ? "" : "s") + " proven, " + irreversible.size() + " irreversible migration"
                + (irreversible.size() == 1 ? "" : "s") + " applied", Map.of("proven", proven.size(),
                "irreversible", irreversible.size()));
        return new RoundTripResult(proven, irreversible);
    }

    private MigrateResult migrate(MigrationVersion version, MigrationFile file) {
        try {
            return Flyway.configure().configuration(flyway).target(version.toString()).load().migrate();
        } catch (FlywayException e) {
            throw new UndoException(ExitCode.MIGRATION_FAILED, "round trip: applying " + file.fileName()
                    + " failed: " + Messages.oneLine(e.getMessage()), e);
        }
    }

    private static void fail(List<SchemaDifference> differences, String stage, String reference, MigrationFile v) {
        if (!differences.isEmpty()) {
            throw new UndoException(ExitCode.ROUND_TRIP_FAILED, v.fileName() + ": " + String.join("; ",
                    differences.stream().map(d -> d.describe(stage, reference)).toList()));
        }
    }


}
