package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.Env;
import dev.migratefirst.runner.LogFormat;
import picocli.CommandLine.Option;

/** How a command prints (a picocli mixin every command takes). */
public class OutputOptions {
    @Env("LOG_FORMAT")
    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "human",
            description = "Output: human (a line per step) or json (JSON lines). Env: LOG_FORMAT. Default: ${DEFAULT-VALUE}.")
    LogFormat logFormat;

    /** The output format. */
    public LogFormat logFormat() {
        return logFormat == null ? LogFormat.human : logFormat;
    }
}
