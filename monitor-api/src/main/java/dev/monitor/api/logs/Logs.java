package dev.monitor.api.logs;

/** The logs capability: named loggers whose events become structured log events. */
public interface Logs {

    Logger logger(String name);

    default Logger logger(Class<?> type) {
        return logger(type.getName());
    }

    /** Logs whose loggers write nothing. */
    static Logs noop() {
        return NoopLogs.INSTANCE;
    }
}
