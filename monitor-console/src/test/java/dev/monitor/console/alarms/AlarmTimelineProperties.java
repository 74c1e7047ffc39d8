package dev.monitor.console.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.console.ApiRequest;
import dev.monitor.core.alarms.AlarmHistoryItem;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.AlarmStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The timeline of an alarm's states over a range, from its history, against the state each
 * instant had by brute force: the alarm starts in INSUFFICIENT_DATA when created and each
 * StateUpdate moves it on.
 */
class AlarmTimelineProperties {
    private static final Instant CREATED = Instant.parse("2026-11-22T10:00:00Z");
    private static final AlarmState[] STATES = AlarmState.values();

    @Property(tries = 300)
    void theSegmentsCoverTheRangeFromCreationEachInTheStateOfItsInstants(
            @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 600) Integer> gaps,
            @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 2) Integer> steps,
            @ForAll @IntRange(min = -300, max = 6000) int startOffset,
            @ForAll @IntRange(min = 1, max = 6000) int length) throws IOException {
        List<Instant> times = new ArrayList<>();
        List<AlarmState> states = new ArrayList<>(); // the state from each time on
        List<AlarmHistoryItem> history = new ArrayList<>();
        history.add(new AlarmHistoryItem("A", CREATED, "ConfigurationUpdate", "Alarm \"A\" created", null));
        Instant at = CREATED;
        AlarmState state = AlarmState.INSUFFICIENT_DATA;
        for (int i = 0; i < Math.min(gaps.size(), steps.size()); i++) {
            at = at.plusSeconds(gaps.get(i));
            AlarmState next = STATES[(state.ordinal() + steps.get(i)) % STATES.length];
            history.add(new AlarmHistoryItem("A", at, "StateUpdate", "Alarm updated from " + state + " to " + next,
                    "{\"version\":\"1.0\",\"oldState\":{\"stateValue\":\"" + state + "\",\"stateReason\":\"r\"},"
                            + "\"newState\":{\"stateValue\":\"" + next + "\",\"stateReason\":\"r\"}}"));
            times.add(at);
            states.add(next);
            state = next;
        }
        List<AlarmHistoryItem> newestFirst = new ArrayList<>(history);
        java.util.Collections.reverse(newestFirst);
        AlarmStatus status = new AlarmStatus("A", state, "r", null, at, true, null);
        ApiRequest.TimeRange range = new ApiRequest.TimeRange(CREATED.plusSeconds(startOffset), CREATED.plusSeconds(startOffset + length));

        List<AlarmsPage.Segment> segments = AlarmsPage.timeline(newestFirst, status, range);

        Instant from = range.start().isBefore(CREATED) ? CREATED : range.start();
        if (!from.isBefore(range.end())) {
            assertEquals(List.of(), segments, "the alarm did not exist in the range");
            return;
        }
        assertEquals(from, segments.get(0).start());
        assertEquals(range.end(), segments.get(segments.size() - 1).end());
        for (int i = 0; i < segments.size(); i++) {
            AlarmsPage.Segment segment = segments.get(i);
            assertTrue(segment.start().isBefore(segment.end()), segment.toString());
            if (i > 0) {
                assertEquals(segments.get(i - 1).end(), segment.start(), "no gap, no overlap");
                assertTrue(!segments.get(i - 1).state().equals(segment.state()), "a new segment is a change: " + segments);
            }
            assertEquals(stateAt(segment.start(), times, states).name(), segment.state(), segments.toString());
            assertEquals(stateAt(segment.end().minusMillis(1), times, states).name(), segment.state(), segments.toString());
        }
    }

    private static AlarmState stateAt(Instant t, List<Instant> times, List<AlarmState> states) {
        AlarmState state = AlarmState.INSUFFICIENT_DATA;
        for (int i = 0; i < times.size() && !times.get(i).isAfter(t); i++) {
            state = states.get(i);
        }
        return state;
    }
}
