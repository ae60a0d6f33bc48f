package dev.migratefirst.internal;

import software.constructs.IConstruct;

/**
 * An invalid prop, context value or call of a MigrateFirst construct, in the shape of aws-cdk-lib's
 * {@code ValidationError}: the message is one line, {@code <construct path>: <prop>: <what is wrong>}, and
 * the path and prop are kept as fields. It is an {@link IllegalArgumentException}, so callers that do not
 * know this type catch it as one.
 */
public class ValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String constructPath;
    private final String property;
    private final String problem;

    /**
     * @param constructPath the path of the construct that refused the value ({@code ""} for the app root)
     * @param property      the prop (or context key, or method) that holds the wrong value
     * @param problem       what is wrong and, where it helps, what to do instead
     */
    public ValidationException(String constructPath, String property, String problem) {
        super(message(constructPath, property, problem));
        this.constructPath = constructPath;
        this.property = property;
        this.problem = problem;
    }

    /** An error of {@code property} of the construct {@code scope}. */
    public ValidationException(IConstruct scope, String property, String problem) {
        this(scope.getNode().getPath(), property, problem);
    }

    /** An error of {@code property} of the construct {@code scope}, found by {@code cause}. */
    public ValidationException(IConstruct scope, String property, String problem, Throwable cause) {
        this(scope, property, problem);
        initCause(cause);
    }

    private static String message(String constructPath, String property, String problem) {
        String line = property + ": " + problem;
        return constructPath == null || constructPath.isEmpty() ? line : constructPath + ": " + line;
    }

    /** The path of the construct that refused the value ({@code ""} for the app root). */
    public String getConstructPath() {
        return constructPath;
    }

    /** The prop, context key or method whose value is wrong. */
    public String getProperty() {
        return property;
    }

    /** What is wrong, without the path and prop. */
    public String getProblem() {
        return problem;
    }
}
