package dev.migratefirst.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.testsupport.ShellCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/run-migrations against a stand-in {@code aws} on PATH: it answers describe-stacks with a state
 * machine ARN, records start-execution's arguments, and reports the execution statuses listed in
 * {@code FAKE_STATUSES} one call at a time, then the error and cause of {@code FAKE_CAUSE}.
 */
class RunMigrationsScriptTest {
    private static final Path SCRIPT = Path.of("bin", "run-migrations").toAbsolutePath();
    private static final String SM = "arn:aws:states:eu-west-1:111122223333:stateMachine:Migrations";
    private static final String EXEC = "arn:aws:states:eu-west-1:111122223333:execution:Migrations:run-1";

    @TempDir
    static Path bin;

    @BeforeAll
    static void standInAws() throws IOException {
        Path aws = bin.resolve("aws");
        Files.writeString(aws, """
                #!/usr/bin/env bash
                # stand-in aws CLI: logs its arguments, answers from FAKE_* variables
                printf '%s\\n' "$*" >> "$FAKE_LOG"
                case "$*" in
                  *"cloudformation describe-stacks"*)
                    [[ -n "${FAKE_NO_STACK:-}" ]] && { echo "Stack does not exist" >&2; exit 254; }
                    echo "${FAKE_SM_ARN:-None}" ;;
                  *"stepfunctions start-execution"*)
                    [[ -n "${FAKE_START_FAILS:-}" ]] && { echo "AccessDeniedException" >&2; exit 254; }
                    echo "EXEC_ARN" ;;
                  *"describe-execution"*"--query status"*)
                    n=$(grep -c 'query status' "$FAKE_LOG")
                    IFS=, read -ra s <<< "$FAKE_STATUSES"
                    i=$(( n - 1 < ${#s[@]} - 1 ? n - 1 : ${#s[@]} - 1 ))
                    echo "${s[$i]}" ;;
                  *"describe-execution"*"--query error"*) echo "MigrationFailed" ;;
                  *"describe-execution"*"--query cause"*) printf '%s\\n' "$FAKE_CAUSE" ;;
                  *) echo "unexpected: $*" >&2; exit 99 ;;
                esac
                """.replace("EXEC_ARN", EXEC), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Run(int exit, String output, List<String> awsCalls) {
    }

    private static Run run(Map<String, String> env, String... args) throws Exception {
        Path log = Files.createTempFile(bin, "aws", ".log");
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("FAKE_LOG", log.toString());
        pb.environment().put("FAKE_SM_ARN", SM);
        pb.environment().put("FAKE_STATUSES", "RUNNING,SUCCEEDED");
        pb.environment().remove("MIGRATEFIRST_SERVICE_STACK");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, Files.readAllLines(log));
    }

    @Test
    void helpExitsZeroAndListsExitCodes() throws Exception {
        Run r = run(Map.of(), "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.output()).contains("Usage: run-migrations").contains("Exit codes").contains("-- undo");
        assertThat(r.awsCalls()).isEmpty();
    }

    @Test
    void badUsageExitsTwoWithOneLine() throws Exception {
        for (String[] args : List.of(new String[] {"--bogus"}, new String[] {"--timeout", "soon"},
                new String[] {"--stack"}, new String[] {"--"})) {
            Run r = run(Map.of(), args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.output().strip().lines()).hasSize(1).allMatch(l -> l.startsWith("run-migrations: "));
            assertThat(r.awsCalls()).isEmpty();
        }
    }

    @Test
    void successReadsTheStackOutputStartsWaitsAndExitsZero() throws Exception {
        Run r = run(Map.of(), "--stack", "MyApp", "--poll-interval", "1");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("started " + EXEC).contains("migrations succeeded");
        assertThat(r.awsCalls().get(0)).contains("cloudformation describe-stacks --stack-name MyApp")
                .contains("MigrationStateMachineArn");
        assertThat(r.awsCalls().get(1)).contains("start-execution --state-machine-arn " + SM)
                .contains("--input {\"trigger\":\"run-migrations\"}");
        assertThat(r.awsCalls()).filteredOn(c -> c.contains("--query status")).hasSize(2);
    }

    @Test
    void failurePrintsTheCauseAndExitsOne() throws Exception {
        String cause = "the migration task exited with code 1 (EssentialContainerExited)\n"
                + "ERROR: column \"profile_picture\" of relation \"users\" already exists";
        Run r = run(Map.of("FAKE_STATUSES", "FAILED", "FAKE_CAUSE", cause), "-a", SM);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("migrations FAILED: MigrationFailed").contains("exited with code 1")
                .contains("profile_picture").contains("execution: " + EXEC);
        assertThat(r.awsCalls()).noneMatch(c -> c.contains("describe-stacks"));
    }

    @Test
    void commandAfterDoubleDashBecomesTheExecutionInput() throws Exception {
        Run r = run(Map.of(), "-a", SM, "--no-wait", "--", "undo", "--to", "say \"1\"");
        assertThat(r.exit()).isZero();
        assertThat(r.awsCalls().get(0))
                .contains("--input {\"trigger\":\"run-migrations\",\"command\":[\"undo\",\"--to\",\"say \\\"1\\\"\"]}");
        assertThat(r.awsCalls()).hasSize(1);
    }

    @Test
    void missingStackOrFailedStartExitsFour() throws Exception {
        assertThat(run(Map.of("FAKE_NO_STACK", "1")).exit()).isEqualTo(4);
        assertThat(run(Map.of("FAKE_SM_ARN", "None")).output()).contains("has no output MigrationStateMachineArn");
        assertThat(run(Map.of("FAKE_START_FAILS", "1"), "-a", SM).exit()).isEqualTo(4);
    }

    @Test
    void givingUpWaitingExitsFiveAndSaysHowToStop() throws Exception {
        Run r = run(Map.of("FAKE_STATUSES", "RUNNING"), "-a", SM, "--timeout", "1", "--poll-interval", "1");
        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.output()).contains("still running").contains("stop-execution --execution-arn " + EXEC);
    }

    @Test
    void shellcheckClean() throws Exception {
        ShellCheck.assertClean(SCRIPT);
    }
}
