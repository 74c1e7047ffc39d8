package dev.monitor.otel;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Runs an observable instrument's callback once per collection pass, before the first of its series
 * is read. Monitor reads each series once per pass, in no set order, and no reader knows the period;
 * so a pass begins when a reader comes back that already read since the last run (or at the very
 * first reading). A callback that throws leaves the series with the values it last reported.
 */
final class OncePerPass {

    private final Runnable callback;
    private final Set<Object> readSinceRun = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean ran;

    OncePerPass(Runnable callback) {
        this.callback = callback;
    }

    /** Called by {@code reader} (a series, or the instrument itself) as Monitor reads it. */
    synchronized void read(Object reader) {
        if (!ran || readSinceRun.contains(reader)) {
            ran = true;
            readSinceRun.clear();
            try {
                callback.run();
            } catch (RuntimeException failed) {
                // the instrumented library's callback failed: its series keep their last values
            }
        }
        readSinceRun.add(reader);
    }
}
