/**
 * The runner's command line: {@link dev.migratefirst.runner.cli.Main} (the image's entry point), one
 * picocli command per subcommand, and the option mixins by concern ({@code OutputOptions} and
 * {@code LocationOptions} on every command; {@code ConnectionOptions} and {@code GuardOptions} only on
 * the commands that connect to a database, through {@code DatabaseCommand}).
 *
 * <p>To add a command: extend {@code RunnerCommand} (or {@code DatabaseCommand}), list it in
 * {@code Main}'s {@code subcommands}, take connections, Flyway and the reporter from the
 * {@code RunContext} (so every guard applies), and put the work in an engine of its own package. The
 * exit codes in every command's help are generated from {@link dev.migratefirst.runner.ExitCode}.
 */
package dev.migratefirst.runner.cli;
