package dev.monitor.core.events;

/**
 * Sees every event a bus accepts, after its rules were matched: the hook for capabilities built on
 * the stream of events, such as schema discovery. Called on the bus's dispatch thread: it must be
 * quick and must not block; what it throws is counted in {@code Monitor/InternalErrors} and the
 * event goes on.
 */
@FunctionalInterface
public interface EventObserver {

    /** {@code eventJson} (the envelope) was accepted by {@code eventBusName}. */
    void accepted(String eventBusName, String eventJson);
}
