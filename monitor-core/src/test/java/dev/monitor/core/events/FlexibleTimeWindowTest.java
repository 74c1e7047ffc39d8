package dev.monitor.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * EventBridge Scheduler's flexible time window: "if you configure a 15 minute flexible time window for a schedule that
 * runs every hour, it invokes the target within 15 minutes after the scheduled time"
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-flexible-time-windows.html), and
 * MaximumWindowInMinutes is 1 to 1440 (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_FlexibleTimeWindow.html).
 */
class FlexibleTimeWindowTest {
    private static final Instant SCHEDULED = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void offFiresAtTheScheduledTime() {
        assertEquals(SCHEDULED, FlexibleTimeWindow.off().fireTime(SCHEDULED, new SplittableRandom(1)));
        assertEquals(Duration.ZERO, new FlexibleTimeWindow(FlexibleTimeWindow.Mode.OFF, null).maximumWindow());
    }

    @Test
    void flexibleFiresUniformlyWithinTheWindowAfterTheScheduledTime() {
        FlexibleTimeWindow window = FlexibleTimeWindow.flexible(Duration.ofMinutes(15));
        SplittableRandom random = new SplittableRandom(42);
        int[] buckets = new int[15];
        int draws = 15_000;
        for (int i = 0; i < draws; i++) {
            Instant fire = window.fireTime(SCHEDULED, random);
            assertTrue(!fire.isBefore(SCHEDULED) && fire.isBefore(SCHEDULED.plus(Duration.ofMinutes(15))), fire.toString());
            buckets[(int) Duration.between(SCHEDULED, fire).toMinutes()]++;
        }
        // Chi-square with 14 degrees of freedom: 36.1 is its 0.999 quantile; a fixed seed keeps it repeatable.
        double chiSquare = 0;
        for (int count : buckets) {
            chiSquare += Math.pow(count - draws / 15.0, 2) / (draws / 15.0);
        }
        assertTrue(chiSquare < 36.1, "minute buckets far from uniform: chi-square " + chiSquare);
    }

    @Test
    void theWindowIsWholeMinutesFromOneTo1440() {
        assertEquals(Duration.ofMinutes(1440), FlexibleTimeWindow.flexible(Duration.ofMinutes(1440)).maximumWindow());
        assertEquals(Duration.ofMinutes(1), FlexibleTimeWindow.flexible(Duration.ofMinutes(1)).maximumWindow());
        for (Duration wrong : new Duration[] {Duration.ZERO, Duration.ofMinutes(1441), Duration.ofSeconds(90), Duration.ofMinutes(-5)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlexibleTimeWindow.flexible(wrong));
            assertTrue(e.getMessage().contains("MaximumWindowInMinutes must be whole minutes from 1 to 1440, was " + wrong), e.getMessage());
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new FlexibleTimeWindow(FlexibleTimeWindow.Mode.FLEXIBLE, null));
        assertTrue(missing.getMessage().contains("MaximumWindowInMinutes is required when Mode is FLEXIBLE"), missing.getMessage());
        IllegalArgumentException offWithWindow = assertThrows(IllegalArgumentException.class,
                () -> new FlexibleTimeWindow(FlexibleTimeWindow.Mode.OFF, Duration.ofMinutes(5)));
        assertTrue(offWithWindow.getMessage().contains("must not be set when Mode is OFF"), offWithWindow.getMessage());
        assertThrows(NullPointerException.class, () -> new FlexibleTimeWindow(null, Duration.ofMinutes(5)));
    }
}
