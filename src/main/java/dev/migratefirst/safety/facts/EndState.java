package dev.migratefirst.safety.facts;

import dev.migratefirst.safety.trace.CatalogSnapshot;
import dev.migratefirst.safety.trace.CatalogSnapshot.Column;
import dev.migratefirst.safety.trace.CatalogSnapshot.Constraint;
import dev.migratefirst.safety.trace.CatalogSnapshot.Relation;
import dev.migratefirst.safety.trace.MigrationTrace;
import dev.migratefirst.safety.trace.SqlStatement;
import dev.migratefirst.safety.trace.StatementTrace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The schema the running app version meets once the migration committed, compared with the schema it
 * met before: the catalog before the migration against the catalog after its last statement, whatever
 * route the statements took (a column added nullable then set NOT NULL is a required column; a column
 * added, filled, the old one dropped and the new one renamed is a type change). The compatibility rules
 * read these facts, so no intermediate statement can hide a break. Tables and columns are matched the
 * way the app names them: by name, with the storage identity (table oid, column number) telling a
 * rename from a drop.
 *
 * @param tables      pre-existing tables that are gone or renamed at the end
 * @param columns     pre-existing columns of surviving tables that differ at the end
 * @param added       columns of pre-existing tables whose name did not exist at the start
 * @param validated   CHECK and FOREIGN KEY constraints on pre-existing tables absent at the start and
 *                    validated at the end (added validated, or added NOT VALID and validated later in the
 *                    same migration)
 * @param notNulls    pre-existing columns nullable at the start and NOT NULL at the end without a
 *                    validated CHECK (col IS NOT NULL) from before the migration proving it
 */
public record EndState(List<TableEnd> tables, List<ColumnEnd> columns, List<AddedColumn> added,
                       List<ValidatedConstraint> validated, List<NotNullEnd> notNulls) {

    /**
     * A pre-existing table at the end of the migration.
     *
     * @param start     the table before the migration
     * @param end       the same table (same oid) at the end, or null when it was dropped
     * @param takenBy   the other relation that bears the start name at the end (a new table, a view), or null
     * @param by        the last statement that changed it
     */
    public record TableEnd(Relation start, Relation end, Relation takenBy, SqlStatement by) {
    }

    /**
     * A pre-existing column that differs at the end.
     *
     * @param start  the column before the migration
     * @param same   the same column (same table oid and number) at the end, or null when dropped
     * @param named  the column of the start name on the table at the end, or null when there is none
     * @param where   {@code table.column} with the start names
     * @param retyped true when the column of the start name at the end has a type PostgreSQL does not
     *                convert the start type to byte for byte (varchar to text is not retyped)
     * @param by      the last statement that changed it or its name
     */
    public record ColumnEnd(Column start, Column same, Column named, String where, boolean retyped,
                            SqlStatement by) {
    }

    /** A column whose name is new on a pre-existing table, as it is at the end, and who last changed it. */
    public record AddedColumn(Column column, String where, SqlStatement by) {
    }

    /** A constraint validated inside the migration on a pre-existing table, and the statement that validated it. */
    public record ValidatedConstraint(Constraint constraint, String table, SqlStatement by) {
    }

    /** A pre-existing column made NOT NULL by the migration without a proof from before it. */
    public record NotNullEnd(Column start, String where, SqlStatement by) {
    }

    /** Compares the catalog before the migration with the catalog after its last successful statement. */
    static EndState of(MigrationTrace trace) {
        CatalogSnapshot start = trace.before();
        List<StatementTrace> ran = trace.statements().stream().filter(s -> !s.failed()).toList();
        if (ran.isEmpty()) {
            return new EndState(List.of(), List.of(), List.of(), List.of(), List.of());
        }
        CatalogSnapshot end = ran.get(ran.size() - 1).after();
        List<TableEnd> tables = new ArrayList<>();
        List<ColumnEnd> columns = new ArrayList<>();
        List<AddedColumn> added = new ArrayList<>();
        List<ValidatedConstraint> validated = new ArrayList<>();
        List<NotNullEnd> notNulls = new ArrayList<>();
        for (Relation t : start.relations().values().stream().filter(Relation::isTable)
                .sorted(Comparator.comparing(Relation::qualified)).toList()) {
            Relation same = end.relations().get(t.oid());
            if (same == null || !same.qualified().equals(t.qualified())) {
                tables.add(new TableEnd(t, same, byName(end, t.schema(), t.name()),
                        lastChange(ran, s -> s.relations().get(t.oid()))));
                continue;
            }
            for (Column c : columnsOf(start, t.oid())) {
                Column sameCol = end.columns().get(t.oid() + ":" + c.num());
                Column named = columnNamed(end, t.oid(), c.name());
                if (!c.equals(sameCol) || !c.equals(named)) {
                    boolean retyped = named != null && named.typeOid() != c.typeOid()
                            && !trace.binaryCasts().contains(c.typeOid() + ":" + named.typeOid());
                    columns.add(new ColumnEnd(c, sameCol, named, t.qualified() + "." + c.name(), retyped,
                            lastChange(ran, s -> List.of(Objects.toString(s.columns().get(t.oid() + ":" + c.num())),
                                    Objects.toString(columnNamed(s, t.oid(), c.name()))))));
                }
                if (!c.notNull() && named != null && named.notNull() && !provenNotNull(start, c)
                        && !notValidNotNull(end, named)) {
                    notNulls.add(new NotNullEnd(c, t.qualified() + "." + c.name(),
                            lastChange(ran, s -> Objects.toString(columnNamed(s, t.oid(), c.name())))));
                }
            }
            for (Column c : columnsOf(end, t.oid())) {
                if (columnNamed(start, t.oid(), c.name()) == null) {
                    added.add(new AddedColumn(c, t.qualified() + "." + c.name(),
                            lastChange(ran, s -> Objects.toString(columnNamed(s, t.oid(), c.name())))));
                }
            }
        }
        for (Constraint k : end.constraints().values().stream().sorted(Comparator.comparing(Constraint::name))
                .toList()) {
            Constraint before = start.constraints().get(k.oid());
            if (start.has(k.table()) && "cf".indexOf(k.type()) >= 0 && k.validated() && before == null) {
                validated.add(new ValidatedConstraint(k, end.nameOf(k.table()),
                        lastChange(ran, s -> {
                            Constraint x = s.constraints().get(k.oid());
                            return x != null && x.validated();
                        })));
            }
        }
        return new EndState(List.copyOf(tables), List.copyOf(columns), List.copyOf(added), List.copyOf(validated),
                List.copyOf(notNulls));
    }

    private static List<Column> columnsOf(CatalogSnapshot snap, long table) {
        return snap.columns().values().stream().filter(c -> c.table() == table)
                .sorted(Comparator.comparingInt(Column::num)).toList();
    }

    private static Column columnNamed(CatalogSnapshot snap, long table, String name) {
        return snap.columns().values().stream().filter(c -> c.table() == table && c.name().equals(name))
                .findFirst().orElse(null);
    }

    private static Relation byName(CatalogSnapshot snap, String schema, String name) {
        return snap.relations().values().stream()
                .filter(r -> r.schema().equals(schema) && r.name().equals(name) && !r.isIndex())
                .findFirst().orElse(null);
    }

    /** True when a validated CHECK (col IS NOT NULL) proves the column is never null. */
    static boolean provenNotNull(CatalogSnapshot snap, Column col) {
        for (Constraint c : snap.constraints().values()) {
            if (c.table() == col.table() && c.type() == 'c' && c.validated()) {
                String def = c.definition().replace(" ", "").replace("\"", "");
                if (def.equals("CHECK((" + col.name().replace("\"", "") + "ISNOTNULL))")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** PostgreSQL 18: the column's NOT NULL constraint is NOT VALID, so nothing was scanned. */
    private static boolean notValidNotNull(CatalogSnapshot snap, Column col) {
        return snap.constraints().values().stream().anyMatch(c -> c.type() == 'n' && c.table() == col.table()
                && c.columns().equals(List.of(col.num())) && !c.validated());
    }

    /** The last statement after which {@code view} of the catalog differs from before it. */
    private static SqlStatement lastChange(List<StatementTrace> ran, Function<CatalogSnapshot, Object> view) {
        SqlStatement last = ran.get(ran.size() - 1).statement();
        for (StatementTrace s : ran) {
            if (!Objects.equals(view.apply(s.before()), view.apply(s.after()))) {
                last = s.statement();
            }
        }
        return last;
    }
}
