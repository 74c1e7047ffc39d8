package dev.monitor.api.context;

/** Ends a {@link Context#makeCurrent()}: restores the context that was current before. Idempotent. */
public interface Scope extends AutoCloseable {
    @Override
    void close();
}
