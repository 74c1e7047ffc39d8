package dev.monitor.xray;

import java.io.IOException;

/** Where finished segment documents go; called on the tracer's emitter thread, never on the application's. */
public interface Emitter extends AutoCloseable {

    /** Sends one segment (or stand-alone subsegment) document. */
    void send(String document) throws IOException;

    /**
     * Pushes out what {@link #send} buffered (to the OS for a file); called on the emitter thread
     * whenever the queue is empty and at least once a second, and for {@link XRayTracer#flush}.
     */
    default void flush() throws IOException {
    }

    @Override
    default void close() throws IOException {
    }
}
