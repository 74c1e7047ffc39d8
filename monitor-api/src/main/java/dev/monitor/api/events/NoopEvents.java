package dev.monitor.api.events;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Checks entries like a bus, gives the good ones an id, and keeps nothing. */
final class NoopEvents implements Events {
    static final NoopEvents INSTANCE = new NoopEvents();

    private NoopEvents() {
    }

    /**
     * Each entry refused for its {@linkplain PutEventsEntry#problem() problem} or given an id; every entry
     * refused when there are more than {@value Events#MAX_ENTRIES}. Never throws for an entry, even a null one.
     */
    @Override
    public PutEventsResult putEvents(List<PutEventsEntry> entries) {
        if (entries == null || entries.isEmpty()) {
            return new PutEventsResult(0, List.of());
        }
        List<PutEventsResultEntry> answers = new ArrayList<>(entries.size());
        if (entries.size() > Events.MAX_ENTRIES) {
            PutEventsResultEntry tooMany = PutEventsResultEntry.failed(PutEventsEntry.INVALID_ARGUMENT,
                    "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than "
                            + "or equal to " + Events.MAX_ENTRIES + " (" + entries.size() + " entries were given)");
            for (int i = 0; i < entries.size(); i++) {
                answers.add(tooMany);
            }
            return PutEventsResult.of(answers);
        }
        for (PutEventsEntry entry : entries) {
            PutEventsResultEntry problem = entry == null
                    ? PutEventsResultEntry.failed(PutEventsEntry.INVALID_ARGUMENT, "Parameter Entry is not valid. Reason: the entry is null.")
                    : entry.problem().orElse(null);
            answers.add(problem != null ? problem : PutEventsResultEntry.accepted(nextId()));
        }
        return PutEventsResult.of(answers);
    }

    /** A version-4 UUID from {@link ThreadLocalRandom}: {@link UUID#randomUUID()}'s shared SecureRandom contends. */
    private static String nextId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong() & ~0xF000L | 0x4000L, random.nextLong() & ~(0xC000L << 48) | (0x8000L << 48)).toString();
    }
}
