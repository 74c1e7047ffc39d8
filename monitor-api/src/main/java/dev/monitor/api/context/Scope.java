package dev.monitor.api.context;

/**
 * Ends a {@link Context#makeCurrent()}: restores the context that was current before, on the
 * thread that made it current (a close on another thread does nothing). Idempotent.
 */
public interface Scope extends AutoCloseable {
    @Override
    void close();
}
