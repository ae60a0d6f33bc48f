package dev.migratefirst.runner.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * INVALID indexes: what a failed {@code CREATE INDEX CONCURRENTLY} leaves behind (it cannot roll
 * back). A retry of the same migration would fail on the name, so the runner drops the ones a
 * failed attempt created (and only those: it compares with a snapshot taken before the attempt).
 */
public final class InvalidIndexes {
    private InvalidIndexes() {
    }

    /** The qualified, quoted names ({@code "schema"."index"}) of every INVALID index in the database. */
    public static Set<String> list(Connection c) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) "
                     + "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                     + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Drops an INVALID index without blocking writes ({@code DROP INDEX CONCURRENTLY IF EXISTS}). */
    public static void drop(Connection c, String qualifiedName) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + qualifiedName);
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
