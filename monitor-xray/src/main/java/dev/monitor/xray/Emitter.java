package dev.monitor.xray;

import java.io.IOException;

/** Where finished segment documents go; called on the tracer's emitter thread, never on the application's. */
public interface Emitter extends AutoCloseable {

    /** Sends one segment (or stand-alone subsegment) document. */
    void send(String document) throws IOException;

    /** Pushes out what {@link #send} buffered; {@link XRayTracer#flush} calls it once the queue is empty. */
    default void flush() throws IOException {
    }

    @Override
    default void close() throws IOException {
    }
}
