package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.Values;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * The request building of both exporters on arbitrary input: every value or event kept once, in
 * order, every request within the service's limits (PutMetricData:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html;
 * PutLogEvents: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html).
 */
class RequestProperties {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Property(tries = 200)
    void aDistributionsDatumsCarryEveryValueAndCountOnceWithinTheLimit(
            @ForAll @Size(min = 1, max = 700) List<@IntRange(min = -1000, max = 100_000) Integer> samples) {
        TreeMap<Double, Long> counted = new TreeMap<>();
        for (int sample : samples) {
            counted.merge(sample / 7.0, 1L, Long::sum);
        }
        Values values = Values.of(counted);
        MetricId metric = CloudWatchExporterTest.metric("Shop", "Latency", 3, Resolution.STANDARD);
        Datapoint datapoint = new Datapoint(metric, NOW, samples.size(), 0, counted.firstKey(), counted.lastKey(), values);
        List<CloudWatchExporter.Datum> datums = CloudWatchExporter.datums(datapoint);
        TreeMap<Double, Long> sent = new TreeMap<>();
        int firsts = 0;
        for (CloudWatchExporter.Datum d : datums) {
            firsts += d.firstOfDatapoint() ? 1 : 0;
            assertEquals(NOW, d.datum().timestamp());
            if (d.datum().value() != null) {
                sent.merge(d.datum().value(), 1L, Long::sum);
                continue;
            }
            assertTrue(d.datum().values().size() <= CloudWatchExporter.MAX_VALUES);
            for (int i = 0; i < d.datum().values().size(); i++) {
                Long before = sent.put(d.datum().values().get(i), d.datum().counts().get(i).longValue());
                assertEquals(null, before, "each distinct value once");
            }
        }
        assertEquals(1, firsts, "a datapoint counts once, however many datums it makes");
        assertEquals(counted, sent);
    }

    @Property(tries = 100)
    void logRequestsKeepEveryEventOnceInTimeOrderWithinEveryLimit(
            @ForAll @Size(max = 300) List<@LongRange(min = -20 * 86_400_000L, max = 3 * 3_600_000L) Long> offsets,
            @ForAll @StringLength(max = 40) String text,
            @ForAll @IntRange(min = 0, max = 3) int streams) throws Exception {
        try (Fixture fixture = new Fixture()) {
            fixture.clock.set(NOW);
            LogsExporter exporter = fixture.logs("cloudwatch-logs", 1 << 20, Fixture.noSync());
            List<LogEvent> events = new ArrayList<>();
            for (int i = 0; i < offsets.size(); i++) {
                events.add(new LogEvent("/g", "s" + (i % (streams + 1)), NOW.plusMillis(offsets.get(i)), i + text));
            }
            List<LogsExporter.Request> requests = exporter.requests(events);
            exporter.close();
            long kept = events.stream().filter(e -> LogsExporter.window(e.timestamp(), NOW, null) == null).count();
            assertEquals(kept, requests.stream().mapToLong(r -> r.events().size()).sum());
            for (LogsExporter.Request r : requests) {
                assertTrue(r.events().size() <= LogsExporter.MAX_EVENTS);
                assertTrue(r.bytes() <= LogsExporter.MAX_BYTES);
                List<LogsExporter.Event> sorted = new ArrayList<>(r.events());
                sorted.sort(Comparator.comparingLong(LogsExporter.Event::millis));
                assertEquals(sorted, r.events(), "chronological");
                long span = r.events().get(r.events().size() - 1).millis() - r.events().get(0).millis();
                assertTrue(span <= Duration.ofHours(24).toMillis(), "span " + span);
            }
            assertEquals((double) (events.size() - kept),
                    fixture.self.sum("Dropped", "Signal", "logs", "Exporter", "cloudwatch-logs", "Reason", "TooOld")
                            + fixture.self.sum("Dropped", "Signal", "logs", "Exporter", "cloudwatch-logs", "Reason", "TooNew"));
        }
    }
}
