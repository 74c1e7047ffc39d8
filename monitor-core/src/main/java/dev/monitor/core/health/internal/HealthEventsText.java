package dev.monitor.core.health.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How times are written in events' descriptions and feeds: {@code 2026-12-03 10:15 UTC}. */
final class HealthEventsText {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private HealthEventsText() {
    }

    static String time(Instant time) {
        return MINUTE.format(time);
    }
}
