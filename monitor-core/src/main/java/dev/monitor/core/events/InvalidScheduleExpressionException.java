package dev.monitor.core.events;

/**
 * A schedule expression EventBridge would refuse. AWS answers every one with the same
 * {@code ValidationException: Parameter ScheduleExpression is not valid.}; this message starts alike and goes on to
 * name the part that is wrong and the rule it breaks, such as
 * {@code Parameter ScheduleExpression is not valid: cron field day-of-week: 'NOT' is not a day of the week
 * (1-7 or SUN-SAT)}.
 *
 * <p>It is an {@link IllegalArgumentException}, so callers that catch that keep working. Immutable; made only when an
 * expression is parsed and refused.
 */
public final class InvalidScheduleExpressionException extends IllegalArgumentException {
    /** How AWS starts its answer to every invalid schedule expression. */
    static final String PREFIX = "Parameter ScheduleExpression is not valid";

    private final String expression;
    private final String field;
    private final String reason;

    InvalidScheduleExpressionException(String expression, String field, String reason) {
        super(PREFIX + ": " + field + ": " + reason);
        this.expression = expression;
        this.field = field;
        this.reason = reason;
    }

    /** The expression as it was given (null when none was). */
    public String expression() {
        return expression;
    }

    /**
     * The part that is wrong: {@code expression}, {@code rate value}, {@code rate unit}, {@code at}, {@code cron},
     * {@code cron field minutes} (or {@code hours}, {@code day-of-month}, {@code month}, {@code day-of-week},
     * {@code year}) or {@code cron fields day-of-month and day-of-week}.
     */
    public String field() {
        return field;
    }

    /** The rule the part breaks, such as "'61' is out of range 0-59". */
    public String reason() {
        return reason;
    }
}
