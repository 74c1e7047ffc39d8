package dev.monitor.api.events;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The answer to a put, as PutEvents' response: one entry per entry put, in order.
 *
 * @param failedEntryCount how many entries were refused
 * @param entries          one answer per entry
 */
public record PutEventsResult(int failedEntryCount, List<PutEventsResultEntry> entries) {
    public PutEventsResult {
        entries = List.copyOf(entries);
    }

    /** A result of {@code answers}, counting the refused ones. */
    public static PutEventsResult of(List<PutEventsResultEntry> answers) {
        int failed = 0;
        for (PutEventsResultEntry answer : answers) {
            if (!answer.isAccepted()) {
                failed++;
            }
        }
        return new PutEventsResult(failed, answers);
    }

    /**
     * The answer to a put of {@code entries}: each entry refused for its {@linkplain PutEventsEntry#problem()
     * problem}, else answered by {@code accept}; every entry refused when there are none or more than
     * {@value Events#MAX_ENTRIES}. Never throws for an entry, even a null one.
     */
    public static PutEventsResult answer(List<PutEventsEntry> entries, Function<PutEventsEntry, PutEventsResultEntry> accept) {
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
            return of(answers);
        }
        for (PutEventsEntry entry : entries) {
            PutEventsResultEntry problem = entry == null
                    ? PutEventsResultEntry.failed(PutEventsEntry.INVALID_ARGUMENT, "Parameter Entry is not valid. Reason: the entry is null.")
                    : entry.problem().orElse(null);
            answers.add(problem != null ? problem : accept.apply(entry));
        }
        return of(answers);
    }
}
