package dev.monitor.api.logs;

/** Log levels, least to most severe; a logger at a level writes events at it and above. */
public enum Level {
    TRACE, DEBUG, INFO, WARN, ERROR;

    /** Whether an event at {@code event} passes a logger set to this level. */
    public boolean allows(Level event) {
        return event.ordinal() >= ordinal();
    }
}
