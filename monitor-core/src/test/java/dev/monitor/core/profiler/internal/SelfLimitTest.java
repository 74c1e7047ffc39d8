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
        assertEquals(SelfLimit.Action.NONE, limit.check(SECOND / 200, SECOND), "0.5% is within 1%");
        assertEquals(SelfLimit.Action.SLOW_DOWN, limit.check(SECOND * 15 / 1000, SECOND), "1.5% is over 1%, under 2%");
        assertEquals(Duration.ofMillis(40), limit.period());
        assertEquals(0.015, limit.lastShare(), 1e-12);
        assertEquals(SelfLimit.Action.NONE, limit.check(SECOND / 200, SECOND), "0.5% is not calm enough to speed up");
        assertEquals(SelfLimit.Action.SPEED_UP, limit.check(SECOND / 1000, SECOND));
        assertEquals(Duration.ofMillis(20), limit.period());
        assertEquals(SelfLimit.Action.NONE, limit.check(0, SECOND), "never faster than configured");
    }

    @Test
    void overTwiceTheBudgetPausesForSomeChecksThenResumesSlower() {
        SelfLimit limit = new SelfLimit(0.01, Duration.ofMillis(20), 3);
        assertEquals(SelfLimit.Action.PAUSE, limit.check(SECOND * 3 / 100, SECOND));
        assertTrue(limit.paused());
        assertEquals(SelfLimit.Action.NONE, limit.check(SECOND, SECOND), "what it measures while paused does not count");
        assertEquals(SelfLimit.Action.NONE, limit.check(0, SECOND));
        assertEquals(SelfLimit.Action.RESUME, limit.check(0, SECOND));
        assertFalse(limit.paused());
        assertEquals(Duration.ofMillis(40), limit.period());
    }

    @Test
    void overTheBudgetAtTheLongestPeriodPausesAndAnIdleProcessIsNoShare() {
        SelfLimit limit = new SelfLimit(0.01, Duration.ofMillis(600), 1);
        assertEquals(SelfLimit.Action.SLOW_DOWN, limit.check(SECOND * 15 / 1000, SECOND));
        assertEquals(SelfLimit.LONGEST, limit.period());
        assertEquals(SelfLimit.Action.PAUSE, limit.check(SECOND * 15 / 1000, SECOND), "it cannot sample less often: it pauses");
        assertEquals(SelfLimit.Action.RESUME, limit.check(0, 0));
        assertEquals(SelfLimit.Action.SPEED_UP, limit.check(5, 0), "no process CPU measured: no share, so calm");
        assertEquals(0, limit.lastShare());
        assertEquals(Duration.ofMillis(600), limit.period());
    }
}
