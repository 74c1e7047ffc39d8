package dev.monitor.api.events;

import java.util.Arrays;
import java.util.List;

/**
 * Puts the application's events on a monitor's event buses, as EventBridge's {@code PutEvents}
 * does: each entry is answered on its own, with an {@code EventId} or an {@code ErrorCode} and
 * {@code ErrorMessage} ({@link PutEventsEntry#problem()}), so one bad entry never fails the others.
 *
 * <p>A put checks each entry, gives it an id and hands it to a bounded queue; rules, targets and
 * exporters run on the monitor's threads. It never blocks and never throws for an entry: an entry
 * that finds the queue full is answered with {@code ThrottlingException} and counted in
 * {@code Monitor/Dropped} ({@code Signal=events}).
 *
 * <p>Implementations are thread-safe.
 */
public interface Events {
    /** How many entries one call takes, as PutEvents: from 1 to 10. */
    int MAX_ENTRIES = 10;

    /**
     * Puts up to {@value #MAX_ENTRIES} entries; answers one result entry per entry, in order.
     * A call with none, or with more than {@value #MAX_ENTRIES}, is answered with every entry
     * failed ({@code InvalidArgument}) rather than thrown at the caller.
     */
    PutEventsResult putEvents(List<PutEventsEntry> entries);

    /** {@link #putEvents(List)} of the given entries. */
    default PutEventsResult putEvents(PutEventsEntry... entries) {
        return putEvents(entries == null ? List.of() : Arrays.asList(entries));
    }

    /** Events that check each entry and answer as a bus would, then keep nothing. */
    static Events noop() {
        return NoopEvents.INSTANCE;
    }
}
