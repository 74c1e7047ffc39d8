package dev.monitor.core.alarms.internal;

import dev.monitor.core.alarms.AlarmHistoryItem;
import dev.monitor.core.alarms.AlarmService;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * One alarm's history: the newest {@link AlarmService#HISTORY_LIMIT} items, stamped on the alarm's
 * clock. A replaced alarm keeps its history object, so an action of the old definition that
 * finishes late is still recorded. Thread-safe: action threads add to it outside the engine's lock.
 */
final class AlarmHistory {
    private final String alarm;
    private final Clock clock;
    private final int limit;
    private final Deque<AlarmHistoryItem> items = new ArrayDeque<>();

    AlarmHistory(String alarm, Clock clock, int limit) {
        this.alarm = alarm;
        this.clock = clock;
        this.limit = limit;
    }

    /** Adds an item of {@code type} ({@code StateUpdate}, {@code Action}, {@code ConfigurationUpdate}); the oldest goes at the limit. */
    synchronized void add(String type, String summary, String data) {
        if (items.size() == limit) {
            items.removeFirst();
        }
        items.addLast(new AlarmHistoryItem(alarm, clock.instant(), type, summary, data));
    }

    synchronized List<AlarmHistoryItem> newestFirst() {
        List<AlarmHistoryItem> list = new ArrayList<>(items);
        Collections.reverse(list);
        return list;
    }
}
