package dev.monitor.core.alarms.internal;

/** A metric math expression that cannot be parsed or evaluated; the message names the position. */
public final class MathException extends IllegalArgumentException {
    private final int position;

    MathException(String expression, int position, String message) {
        super("expression '" + expression + "', position " + position + ": " + message);
        this.position = position;
    }

    /** The 1-based character position the problem was found at. */
    public int position() {
        return position;
    }
}
