package dev.monitor.core.logs;

/** A filter pattern that cannot be parsed; the message names the position and the reason. */
public final class FilterPatternException extends IllegalArgumentException {
    private final int position;

    FilterPatternException(String pattern, int position, String reason) {
        super("filter pattern '" + (pattern.length() > 80 ? pattern.substring(0, 60) + "..." : pattern) + "', position "
                + position + ": " + reason);
        this.position = position;
    }

    /** The 1-based character position of the problem. */
    public int position() {
        return position;
    }
}
