package dev.monitor.core.events.patterns;

/**
 * An event pattern EventBridge would refuse. The message is AWS's own, word for word:
 * {@code Event pattern is not valid. Reason: <reason>}, the reason being the one TestEventPattern and
 * PutRule answer for the same pattern (for example {@code Empty arrays are not allowed}).
 */
public final class InvalidEventPatternException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** The words AWS puts before every reason. */
    public static final String PREFIX = "Event pattern is not valid. Reason: ";

    private final String reason;

    public InvalidEventPatternException(String reason) {
        super(PREFIX + reason);
        this.reason = reason;
    }

    /** The reason alone, without {@link #PREFIX}. */
    public String reason() {
        return reason;
    }
}
