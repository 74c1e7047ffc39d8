package dev.monitor.api.logs;

/** Loggers that are never enabled and builders that drop everything. */
final class NoopLogs implements Logs, Logger, LogEventBuilder {
    static final NoopLogs INSTANCE = new NoopLogs();

    private NoopLogs() {
    }

    @Override
    public Logger logger(String name) {
        return this;
    }

    @Override
    public String name() {
        return "noop";
    }

    @Override
    public boolean isEnabled(Level level) {
        return false;
    }

    @Override
    public LogEventBuilder at(Level level) {
        return this;
    }

    @Override
    public LogEventBuilder field(String key, Object value) {
        return this;
    }

    @Override
    public LogEventBuilder field(String key, long value) {
        return this;
    }

    @Override
    public LogEventBuilder field(String key, double value) {
        return this;
    }

    @Override
    public LogEventBuilder field(String key, boolean value) {
        return this;
    }

    @Override
    public LogEventBuilder cause(Throwable throwable) {
        return this;
    }

    @Override
    public void message(String message) {
    }

    @Override
    public void message(String pattern, Object... arguments) {
    }
}
