package dev.monitor.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that moves only when told to: give it to {@code Monitor.builder().clock(...)} to test
 * periods, alarms and retention exactly, then {@link #advance} it and call
 * {@code monitor.flush(timeout)}, which ends the periods that are over by this clock. For tests:
 * this artifact belongs in test scope. Thread-safe.
 */
public final class ManualClock extends Clock {
    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = start;
    }

    /** A clock at an ISO-8601 instant such as {@code 2026-01-01T00:00:00Z}. */
    public static ManualClock at(String isoInstant) {
        return new ManualClock(Instant.parse(isoInstant));
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
