package dev.monitor.api.events;

import java.util.List;

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
}
