/**
 * The migration runner: the command line the application image runs ({@code migrate}, {@code info},
 * {@code validate}, {@code plan}, {@code undo}, {@code check}, {@code exec}, {@code backfill}). This root package holds only the types
 * every part of the runner shares and depends on none of its sub-packages: {@link dev.migratefirst.runner.ExitCode}
 * (the exit-code contract), {@link dev.migratefirst.runner.RunnerException} (a failure as one line and an
 * exit code), {@link dev.migratefirst.runner.Messages} (the one-line message helper),
 * {@link dev.migratefirst.runner.Reporter} and its human/JSON forms, {@link dev.migratefirst.runner.Redactor},
 * {@link dev.migratefirst.runner.Guards}, {@link dev.migratefirst.runner.Backoff},
 * {@link dev.migratefirst.runner.Interruption} and the {@link dev.migratefirst.runner.Env} annotation.
 *
 * <p>The sub-packages, each depending only on the ones below it (PackageBoundariesTest enforces it):
 * <ul>
 *   <li>{@code cli}: picocli commands, option mixins and the per-run wiring ({@code RunContext});</li>
 *   <li>{@code migrate} and {@code undo}: the engines (settings in, engine, result out);</li>
 *   <li>{@code backfill}: batched, resumable backfills ({@code D<n>__} files) and what {@code migrate} does
 *       about unfinished ones;</li>
 *   <li>{@code roles}: the app's own least-privilege role, prepared by {@code migrate} before it applies anything;</li>
 *   <li>{@code exec}: another migration tool run under the runner's guards ({@code exec -- <command...>});</li>
 *   <li>{@code history}: Flyway's schema history table and the runner's advisory locks;</li>
 *   <li>{@code connect}: connection settings, the guarded data source, scratch PostgreSQL servers.</li>
 * </ul>
 * Never imports CDK.
 */
package dev.migratefirst.runner;
