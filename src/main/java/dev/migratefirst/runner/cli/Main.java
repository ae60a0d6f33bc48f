package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.Env;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Interruption;
import dev.migratefirst.runner.Messages;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The runner's entry point: {@code runner <command> [options]}. The image runs it as its
 * ENTRYPOINT; the migration task runs {@code migrate}.
 *
 * <p>{@link #run(String[], Map, PrintStream, PrintStream)} is the whole program with the process
 * environment and streams injected: tests (and the deploy gate's contract test) call it with the
 * environment ECS would give.
 */
@Command(name = "runner", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs the app's Flyway migrations safely against a PostgreSQL that serves traffic.",
        subcommands = {
            MigrateCommand.class,
            InfoCommand.class,
            ValidateCommand.class,
            PlanCommand.class,
            UndoCommand.class,
            CheckCommand.class,
            ExecCommand.class,
            RepairCommand.class,
            StatsCommand.class,
            BackfillCommand.class,
        })
public final class Main implements Callable<Integer> {
    /** How long a SIGTERM waits for the cancelled command to report and roll back before the JVM exits. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Interruption interruption;
    private InputStream in = System.in;

    @Spec
    CommandSpec spec;

    Main(Map<String, String> env, PrintStream out, PrintStream err, Interruption interruption) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.interruption = Objects.requireNonNull(interruption, "interruption");
    }

    /** Runs the runner and exits with its {@link ExitCode}. SIGTERM/SIGINT cancel the running statement. */
    public static void main(String[] args) {
        Interruption interruption = new Interruption();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (finished.getCount() == 0) {
                return; // normal exit
            }
            interruption.request();
            try {
                // let the command see the cancellation, roll back and print its last line
                finished.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.flush();
            System.err.flush();
            // the same status for SIGTERM (JVM default 143) and SIGINT (JVM default 130)
            Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
        }, "runner-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code;
        try {
            code = run(args, System.getenv(), System.out, System.err, interruption);
        } finally {
            finished.countDown();
        }
        if (interruption.isRequested()) {
            // the JVM is already shutting down (SIGTERM: status 143 = ExitCode.INTERRUPTED)
            return;
        }
        System.exit(code);
    }

    /**
     * Runs one command line with the given environment and streams.
     *
     * @return the process exit status, one of {@link ExitCode}
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, new Interruption());
    }

    /**
     * As {@link #run(String[], Map, PrintStream, PrintStream)}, with the standard input given
     * ({@code check --sql -} reads it).
     */
    public static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        Main main = new Main(env, out, err, new Interruption());
        main.in = Objects.requireNonNull(in, "in");
        return main.execute(args);
    }

    /**
     * As {@link #run(String[], Map, PrintStream, PrintStream)}, with a stop request the caller can
     * trigger ({@link Interruption#request()} does what SIGTERM does).
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
                          Interruption interruption) {
        return new Main(env, out, err, interruption).execute(args);
    }

    private int execute(String[] args) {
        Main main = this;
        CommandLine cmd = new CommandLine(main);
        cmd.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setDefaultValueProvider(main::envDefault);
        cmd.setParameterExceptionHandler(main::invalidInput);
        cmd.getCommandSpec().usageMessage().footer(exitCodeTable());
        for (CommandLine sub : cmd.getSubcommands().values()) {
            sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodeList());
        }
        cmd.setExecutionExceptionHandler((e, c, parseResult) -> {
            err.println("ERROR: internal error: " + e.getClass().getSimpleName() + ": "
                    + Messages.oneLine(e.getMessage()));
            return ExitCode.INTERNAL_ERROR.code();
        });
        return cmd.execute(args);
    }

    /** The exit codes, for the top-level help (generated from {@link ExitCode}, so it cannot drift). */
    static String[] exitCodeTable() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Exit codes:");
        for (ExitCode c : ExitCode.values()) {
            lines.add(String.format(Locale.ROOT, "  %-4d%-24s%s", c.code(), c.name(), c.description()));
        }
        lines.add("");
        lines.add("Connection: DATABASE_URL, else DB_SECRET (RDS secret JSON), else DB_HOST/DB_PORT/DB_NAME/DB_USER/"
                + "DB_PASSWORD, else PGHOST/PGPORT/PGDATABASE/PGUSER/PGPASSWORD (~/.pgpass); or --embedded. "
                + "Run 'runner <command> --help' for the options.");
        return lines.toArray(String[]::new);
    }

    /** The exit codes for every command's help, generated from {@link ExitCode} as the top-level table is. */
    static Map<String, String> exitCodeList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            list.put(String.valueOf(c.code()), c.name() + ": " + c.description());
        }
        return list;
    }

    /** With no command: print the usage and fail as a configuration error. */
    @Override
    public Integer call() {
        err.println("ERROR: no command given");
        spec.commandLine().usage(err);
        return ExitCode.CONFIGURATION_ERROR.code();
    }

    /** The default of an option annotated with {@link Env}: that variable when set. */
    private String envDefault(ArgSpec arg) {
        if (arg.userObject() instanceof Field field) {
            Env e = field.getAnnotation(Env.class);
            if (e != null) {
                String v = env.get(e.value());
                if (v != null && !v.isBlank()) {
                    return v.trim();
                }
            }
        }
        return null;
    }

    private int invalidInput(CommandLine.ParameterException ex, String[] args) {
        String message = Messages.oneLine(ex.getMessage());
        ArgSpec arg = ex.getArgSpec();
        if (arg instanceof CommandLine.Model.OptionSpec option && option.userObject() instanceof Field field
                && field.getAnnotation(Env.class) != null && envDefault(arg) != null) {
            boolean onCommandLine = Arrays.stream(args).anyMatch(a -> Arrays.stream(option.names())
                    .anyMatch(n -> a.equals(n) || a.startsWith(n + "=")));
            if (!onCommandLine) {
                message = message + " (from " + field.getAnnotation(Env.class).value() + ")";
            }
        }
        err.println("ERROR: " + message);
        err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
        return ExitCode.CONFIGURATION_ERROR.code();
    }

    /** The standard input ({@code check --sql -}). */
    InputStream in() {
        return in;
    }

    Map<String, String> env() {
        return env;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    Interruption interruption() {
        return interruption;
    }

    /** The runner's version: the jar's Implementation-Version, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"migratefirst runner " + (v == null ? "development" : v)};
        }
    }
}
