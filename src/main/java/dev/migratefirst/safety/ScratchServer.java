package dev.migratefirst.safety;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A throwaway PostgreSQL server that {@code check} may create and drop databases on and run
 * migrations against as a superuser. The runner supplies an embedded one; tests supply the same.
 */
public interface ScratchServer {

    /** A new connection to {@code database} as a superuser. */
    Connection connect(String database) throws SQLException;

    /** The server's version as {@code SHOW server_version} prints it, e.g. {@code 17.7}. */
    String version() throws SQLException;
}
