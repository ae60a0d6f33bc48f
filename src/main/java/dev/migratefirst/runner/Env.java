package dev.migratefirst.runner;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the environment variable that gives a picocli option its value when the option is not on
 * the command line (command line &gt; environment variable &gt; the option's default). The variable
 * is read from the environment passed to the runner's {@code Main.run}, so tests and the gate's contract test can
 * inject the environment ECS would give. Put it on any {@code @Option} field of a command or mixin.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Env {
    /** The environment variable's name, e.g. {@code LOCK_TIMEOUT}. */
    String value();
}
