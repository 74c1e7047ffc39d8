package dev.monitor.core.alarms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monitor.testing.ManualClock;
import dev.monitor.core.alarms.AlarmHistoryItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One alarm's history, as DescribeAlarmHistory returns it. */
class AlarmHistoryTest {
    private final ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");

    @Test
    void keepsTheNewestItemsUpToItsLimitNewestFirstOnTheAlarmsClock() {
        AlarmHistory history = new AlarmHistory("HighLatency", clock, 3);
        for (int i = 1; i <= 5; i++) {
            history.add("StateUpdate", "change " + i, i == 5 ? "{}" : null);
            clock.advance(Duration.ofSeconds(10));
        }
        List<AlarmHistoryItem> items = history.newestFirst();
        assertEquals(List.of("change 5", "change 4", "change 3"), items.stream().map(AlarmHistoryItem::summary).toList());
        assertEquals(new AlarmHistoryItem("HighLatency", Instant.parse("2026-01-01T00:00:40Z"), "StateUpdate", "change 5", "{}"),
                items.get(0));
    }

    @Test
    void aCopyIsReturnedSoThatLaterItemsDoNotChangeIt() {
        AlarmHistory history = new AlarmHistory("A", clock, 100);
        history.add("ConfigurationUpdate", "Alarm \"A\" created", null);
        List<AlarmHistoryItem> before = history.newestFirst();
        history.add("Action", "Successfully executed action page", null);
        assertEquals(1, before.size());
        assertEquals(2, history.newestFirst().size());
    }
}
