package dev.monitor.console.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.console.ApiRequest;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The period of the rules' graphs and the versions of a schema, for any range and any count. */
class RulePeriodProperties {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Property
    void aPeriodIsWholeMinutesAndGivesAtMostSixtyValuesUnlessADay(@ForAll @LongRange(min = 1, max = 3_650L * 86_400) long seconds) {
        int period = EventsPage.period(new ApiRequest.TimeRange(T0, T0.plusSeconds(seconds)));
        assertTrue(period >= 60 && period % 60 == 0 && period <= 86_400, "period " + period);
        long values = (seconds + period - 1) / period;
        assertTrue(values <= EventsPage.POINTS || period == 86_400, seconds + " s in " + values + " values of " + period + " s");
        if (period > 60 && period < 86_400) {
            assertTrue((seconds + period - 61) / (period - 60) > EventsPage.POINTS, "a minute less would give more than 60 values");
        }
    }

    @Property
    void theVersionsKeptAreTheLastOnesInOrder(@ForAll @LongRange(min = 1, max = 10_000) long latest,
                                              @ForAll @LongRange(min = 1, max = 200) long kept) {
        List<String> versions = EventsPage.versions(Long.toString(latest), kept);
        assertEquals(Math.min(latest, kept), versions.size());
        assertEquals(Long.toString(latest), versions.get(versions.size() - 1));
        for (int i = 1; i < versions.size(); i++) {
            assertEquals(Long.parseLong(versions.get(i - 1)) + 1, Long.parseLong(versions.get(i)));
        }
    }
}
