package dev.monitor.slf4j;

import dev.monitor.api.logs.Level;
import dev.monitor.core.logs.internal.EventBuilder;
import dev.monitor.core.logs.internal.LogEngine;
import dev.monitor.core.logs.internal.MonitorLogger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Events logged through SLF4J while no monitor is bound, kept until one is and then written with
 * their own times and threads, so that an application's start-up logs are not lost. At most
 * {@value #CAPACITY} are kept; the rest are counted, and the count is written as a warning.
 * Guarded by its {@link MonitorLoggerFactory}'s lock.
 */
final class EarlyEvents {
    static final int CAPACITY = 1000;

    /** One event as SLF4J handed it over, its message's arguments captured (see {@link EventBuilder#capture}). */
    record Early(String logger, Level level, String pattern, Object[] arguments, Throwable cause, List<Object[]> fields,
                 Map<String, String> mdc, List<String> markers, long micros, String thread) {
    }

    private final List<Early> events = new ArrayList<>();
    private long dropped;

    void add(Early event) {
        if (events.size() < CAPACITY) {
            events.add(event);
        } else {
            dropped++;
        }
    }

    /** Writes what was kept to {@code logs}, then the count of what was not. */
    void replay(LogEngine logs) {
        for (Early event : events) {
            write(logs, event);
        }
        events.clear();
        long lost = dropped;
        dropped = 0;
        if (lost > 0) {
            logs.logger("dev.monitor.slf4j").atWarn().field("dropped", lost)
                    .message(lost + " events logged through SLF4J before a monitor was installed were dropped; "
                            + CAPACITY + " are kept");
        }
    }

    static long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    static void write(LogEngine logs, Early event) {
        MonitorLogger logger = logs.logger(event.logger());
        EventBuilder builder = logger.builder(event.level());
        if (builder == null) {
            return;
        }
        builder.timestamp(event.micros()).thread(event.thread()).context(event.mdc()).cause(event.cause());
        event.markers().forEach(builder::marker);
        for (Object[] field : event.fields()) {
            builder.field((String) field[0], field[1]);
        }
        builder.message(event.pattern(), event.arguments());
    }
}
