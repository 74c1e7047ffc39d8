package dev.monitor.core.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The CPU budget's steps: over budget samples half as often, over twice pauses, a pause ends slower, calm speeds up. */
class SelfLimitTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void overTheBudgetSamplesHalfAsOftenAndCalmSpeedsUpAgain() {
        SelfLimit limit = new SelfLimit(0.01, Duration.ofMillis(20), 3);
        assertEquals(SelfLimit.Action.NONE, limit.check(SECOND / 200, SECOND, SECOND), "0.5% is within 1%");
        assertEquals(SelfLimit.Action.SLOW_DOWN, limit.check(SECOND * 15 / 1000, SECOND, SECOND), "1.5% is over 1%, under 2%");
        assertEquals(Duration.ofMillis(40), limit.period());
        assertEquals(0.015, limit.lastShare(), 1e-12);
        assertEquals(SelfLimit.Action.NONE, limit.check(SECOND / 200, SECOND, SECOND), "0.5% is not calm enough to speed up");
        assertEquals(SelfLimit.Action.SPEED_UP, limit.check(SECOND / 1000, SECOND, SECOND));
        assertEquals(Duration.ofMillis(20), limit.period());
        assertEquals(SelfLimit.Action.NONE, limit.check(0, SECOND, SECOND), "never faster than configured");
    }

    @Test
    void overTwiceTheBudgetPausesForSomeChecksThenResumesSlower() {
        SelfLimit limit = new SelfLimit(0.01, Duration.ofMillis(20), 3);
        assertEquals(SelfLimit.Action.PAUSE, limit.check(SECOND * 3 / 100, SECOND, SECOND));
        assertTrue(limit.paused());
        assertEquals(SelfLimit.Action.NONE, limit.check(SECOND, SECOND, SECOND), "what it measures while paused does not count");
        assertEquals(SelfLimit.Action.NONE, limit.check(0, SECOND, SECOND));
        assertEquals(SelfLimit.Action.RESUME, limit.check(0, SECOND, SECOND));
        assertFalse(limit.paused());
        assertEquals(Duration.ofMillis(40), limit.period());
    }

    @Test
    void overTheBudgetAtTheLongestPeriodPausesAndAnIdleProcessIsNoShare() {
        SelfLimit limit = new SelfLimit(0.01, Duration.ofMillis(600), 1);
        assertEquals(SelfLimit.Action.SLOW_DOWN, limit.check(SECOND * 15 / 1000, SECOND, SECOND));
        assertEquals(SelfLimit.LONGEST, limit.period());
        assertEquals(SelfLimit.Action.PAUSE, limit.check(SECOND * 15 / 1000, SECOND, SECOND), "it cannot sample less often: it pauses");
        assertEquals(SelfLimit.Action.RESUME, limit.check(0, 0, 0));
        assertEquals(SelfLimit.Action.SPEED_UP, limit.check(5, 0, 0), "no process CPU measured: no share, so calm");
        assertEquals(0, limit.lastShare());
        assertEquals(Duration.ofMillis(600), limit.period());
    }

    @Test
    void aNearlyIdleProcessCountsAsOneCoreSoTheSamplersFixedCostDoesNotPauseIt() {
        SelfLimit limit = new SelfLimit(0.01, Duration.ofMillis(20), 3);
        assertEquals(SelfLimit.Action.NONE, limit.check(SECOND * 5 / 1000, SECOND / 10, SECOND),
                "5 ms of a second's wall time is 0.5% of one core, though 5% of the 100 ms the process used");
        assertEquals(0.005, limit.lastShare(), 1e-12);
        assertEquals(SelfLimit.Action.SLOW_DOWN, limit.check(SECOND * 30 / 1000, SECOND * 2, SECOND),
                "a process busy on two cores: 30 ms is 1.5% of its 2 s of CPU");
        assertEquals(0.015, limit.lastShare(), 1e-12);
    }
}
