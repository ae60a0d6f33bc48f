/**
 * The migration runner: the command line the application image runs ({@code migrate}, {@code info},
 * {@code validate}, {@code plan}, and {@code undo}/{@code check} from their own issues).
 *
 * <p>Structure, for anyone adding a command: a subcommand extends {@link dev.migratefirst.runner.RunnerCommand}
 * (which brings the {@link dev.migratefirst.runner.CommonOptions} and turns failures into one line and an
 * {@link dev.migratefirst.runner.ExitCode}), is listed in {@link dev.migratefirst.runner.Main}'s
 * {@code subcommands}, and gets its connection, Flyway and {@link dev.migratefirst.runner.Reporter} from
 * the {@link dev.migratefirst.runner.RunContext}, so every guard applies. Never imports CDK.
 */
package dev.migratefirst.runner;
