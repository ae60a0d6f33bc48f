package dev.migratefirst.safety;

import dev.migratefirst.runner.connect.ScratchPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of test classes that share one embedded PostgreSQL 17 (each check makes its own database). */
abstract class OnScratchPostgres {
    static ScratchPostgres server;

    @BeforeAll
    static void startServer() {
        server = Scratch.start(17);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }
}
