package dev.monitor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.MonitorTest.Capture;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever the clock does between collections, every increment lands in exactly one datapoint,
 * each datapoint is stamped with the start of a whole period, and a period is reported once.
 */
class PeriodProperties {

    @Property(tries = 60)
    void everyIncrementIsReportedOnceInAnAlignedPeriod(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 150_000) Integer> advancesMillis,
            @ForAll @IntRange(min = 0, max = 59_999) int startOffsetMillis,
            @ForAll boolean highResolution) throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z").plusMillis(startOffsetMillis));
        Capture capture = new Capture();
        Resolution resolution = highResolution ? Resolution.HIGH : Resolution.STANDARD;
        Monitor.Builder builder = QuietMonitor.builder(Path.of("unused"), clock).exporter("capture", capture);
        long increments = 0;
        try (Monitor monitor = builder.build()) {
            Counter counter = monitor.metrics().counterBuilder("Hits").resolution(resolution).register();
            for (int step = 0; step < advancesMillis.size(); step++) {
                for (int i = 0; i <= step % 3; i++) {
                    counter.increment();
                    increments++;
                }
                clock.advance(Duration.ofMillis(advancesMillis.get(step)));
                monitor.collect();
            }
        }
        List<Datapoint> hits = capture.named("Hits");
        assertEquals((double) increments, hits.stream().mapToDouble(Datapoint::sum).sum());
        long periodMillis = resolution.seconds() * 1000L;
        for (int i = 0; i < hits.size(); i++) {
            assertEquals(0, hits.get(i).timestamp().toEpochMilli() % periodMillis, "aligned to the period");
            if (i > 0) {
                assertTrue(hits.get(i).timestamp().isAfter(hits.get(i - 1).timestamp()), "each period once, in order");
            }
        }
    }
}
