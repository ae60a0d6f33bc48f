package dev.migratefirst.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.testsupport.ShellCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/db-tunnel against a stand-in {@code aws} command on PATH that answers describe-stacks like
 * CloudFormation would (no AWS call is made).
 */
class DbTunnelScriptTest {

    private static final Path SCRIPT = Path.of("bin", "db-tunnel").toAbsolutePath();

    @TempDir
    static Path stubDir;

    @BeforeAll
    static void writeStubAws() throws IOException {
        Path aws = stubDir.resolve("aws");
        Files.writeString(aws, String.join("\n",
                "#!/bin/bash",
                "args=\"$*\"",
                "[[ \"$args\" == *'--stack-name MigrateFirstData '* || \"$args\" == *'--stack-name Partial '* ]] || {",
                "  echo 'An error occurred (ValidationError): Stack with id X does not exist' >&2; exit 255; }",
                "case \"$args\" in",
                "  *\"OutputKey=='BastionInstanceId'\"*) echo i-0123456789abcdef0 ;;",
                "  *\"OutputKey=='DatabaseEndpoint'\"*) [[ \"$args\" == *Partial* ]] && echo None || echo db.abc.eu-west-1.rds.amazonaws.com ;;",
                "  *\"OutputKey=='DatabasePort'\"*) echo 5432 ;;",
                "  *) echo None ;;",
                "esac", ""), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void printsTheExactPortForwardingCommandFromTheStackOutputs() throws Exception {
        Result r = run(stubDir + ":/usr/bin:/bin", "--print", "--region", "eu-west-1", "--local-port", "6000");
        assertThat(r.code).isZero();
        assertThat(r.output.strip()).isEqualTo("aws --region eu-west-1 ssm start-session --target i-0123456789abcdef0 "
                + "--document-name AWS-StartPortForwardingSessionToRemoteHost "
                + "--parameters host=db.abc.eu-west-1.rds.amazonaws.com,portNumber=5432,localPortNumber=6000");
    }

    @Test
    void missingStackOrOutputExitsWith4AndSaysWhich() throws Exception {
        Result missing = run(stubDir + ":/usr/bin:/bin", "--print", "--stack", "Nope");
        assertThat(missing.code).isEqualTo(4);
        assertThat(missing.output).contains("db-tunnel: cannot read stack 'Nope'");
        Result partial = run(stubDir + ":/usr/bin:/bin", "--print", "--stack", "Partial");
        assertThat(partial.code).isEqualTo(4);
        assertThat(partial.output).contains("stack 'Partial' has no output 'DatabaseEndpoint'");
    }

    @Test
    void badArgumentsExitWith2() throws Exception {
        assertThat(run(stubDir + ":/usr/bin:/bin", "--local-port", "70000").output)
                .contains("--local-port must be a number from 1 to 65535 (got '70000')");
        assertThat(run(stubDir + ":/usr/bin:/bin", "--stack").code).isEqualTo(2);
        assertThat(run(stubDir + ":/usr/bin:/bin", "--frobnicate").output).contains("unknown argument '--frobnicate'");
        Result help = run(stubDir + ":/usr/bin:/bin", "--help");
        assertThat(help.code).isZero();
        assertThat(help.output).contains("Usage: db-tunnel", "Exit codes:");
    }

    @Test
    void missingToolsExitWith3() throws Exception {
        Path empty = Files.createDirectories(stubDir.resolve("empty"));
        Result noAws = run(empty.toString(), "--print");
        assertThat(noAws.code).isEqualTo(3);
        assertThat(noAws.output).contains("the aws CLI is not installed");
        Result noPlugin = run(stubDir.toString(), "--local-port", "6001");
        assertThat(noPlugin.code).isEqualTo(3);
        assertThat(noPlugin.output).contains("Session Manager plugin is not installed");
    }

    @Test
    void scriptIsShellcheckClean() throws Exception {
        ShellCheck.assertClean(SCRIPT);
    }

    private static Result run(String path, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/bin/bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", path);
        builder.environment().remove("MIGRATEFIRST_STACK");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private record Result(int code, String output) {
    }
}
