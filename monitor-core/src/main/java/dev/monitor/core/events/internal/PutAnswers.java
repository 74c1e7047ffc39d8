package dev.monitor.core.events.internal;

import dev.monitor.api.events.Events;
import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.api.events.PutEventsResult;
import dev.monitor.api.events.PutEventsResultEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** PutEvents' answer: the checks of a whole put and of each entry, before the bus takes the good ones. */
final class PutAnswers {
    private PutAnswers() {
    }

    /**
     * The answer to a put of {@code entries}: each entry refused for its {@linkplain PutEventsEntry#problem()
     * problem}, else answered by {@code accept}; every entry refused when there are more than
     * {@value Events#MAX_ENTRIES}. Never throws for an entry, even a null one. (The API's no-op bus
     * answers alike, with its own copy: monitor-api depends on nothing.)
     */
    static PutEventsResult answer(List<PutEventsEntry> entries, Function<PutEventsEntry, PutEventsResultEntry> accept) {
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
            answers.add(problem != null ? problem : accept.apply(entry));
        }
        return PutEventsResult.of(answers);
    }
}
