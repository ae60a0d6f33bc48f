package dev.migratefirst.runner.cli;

import picocli.CommandLine.Mixin;

/**
 * Base class of the commands that connect to the target database ({@code migrate}, {@code info},
 * {@code validate}, {@code plan}, {@code undo}): adds the {@link ConnectionOptions} and the
 * {@link GuardOptions} to the options every command takes. {@code check} runs on its own throwaway
 * server and extends {@link RunnerCommand} directly, so its help lists none of them.
 */
public abstract class DatabaseCommand extends RunnerCommand {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    GuardOptions guards;

    @Override
    ConnectionOptions connectionOptions() {
        return connection;
    }

    @Override
    GuardOptions guardOptions() {
        return guards;
    }
}
