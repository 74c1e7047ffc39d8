package dev.monitor.core.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.core.prometheus.PrometheusSettings;
import dev.monitor.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever is recorded, over however many periods, both formats hold together: every line is a
 * comment or a sample Prometheus' grammar reads, bucket counts never fall from one {@code le} to the
 * next, the {@code +Inf} bucket equals {@code _count}, counters are the sum of every increment, and
 * OpenMetrics ends with {@code # EOF}.
 */
class ExpositionProperties {
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*})? "
                    + "(\\S+)( # \\{trace_id=\"[0-9a-f]{32}\"} \\S+ \\d+\\.\\d{3})?");

    @Property(tries = 200)
    void bothFormatsAreWellFormedAndConsistent(@ForAll @Size(max = 4) List<@Size(max = 30) List<@DoubleRange(min = 0, max = 100_000) Double>> periods,
                                               @ForAll @IntRange(min = 0, max = 5) int traced) {
        ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");
        MetricRegistry registry = new MetricRegistry("Shop", clock, Resolution.HIGH, 100);
        PrometheusSettings settings = PrometheusSettings.builder().enabled(true).build();
        registry.keepExemplars(PrometheusEndpoint.exemplarBounds(settings));
        PrometheusEndpoint endpoint = new PrometheusEndpoint(settings, registry::kindOf, registry::exemplars, registry.forNamespace("Monitor"));
        var latency = registry.timerBuilder("Latency").unit(Unit.MILLISECONDS).register();
        var size = registry.distributionBuilder("Size").unit(Unit.BYTES).register();
        var amount = registry.counter("Amount");
        double total = 0;
        long values = 0;
        for (List<Double> period : periods) {
            int i = 0;
            for (double value : period) {
                try (var scope = i++ < traced ? dev.monitor.api.context.Context.root()
                        .withTrace(Fixture.TRACE, "53995c3f42cd8ad8").makeCurrent() : null) {
                    latency.recordNanos((long) (value * 1e6));
                    size.record(value);
                    amount.increment(value);
                }
                total += value;
                values++;
            }
            Instant start = clock.instant();
            clock.advance(Duration.ofSeconds(1));
            endpoint.record(registry.collect(Resolution.HIGH, start));
        }
        for (Exposition.Format format : List.of(Exposition.Format.TEXT, Exposition.Format.OPENMETRICS)) { // the text formats; protobuf has ProtobufExpositionTest
            String text = endpoint.render(format);
            List<Long> buckets = new ArrayList<>();
            for (String line : text.isEmpty() ? new String[0] : text.split("\n")) {
                if (line.startsWith("#")) {
                    assertTrue(line.matches("# (HELP|TYPE|UNIT) [a-zA-Z_:][a-zA-Z0-9_:]* .*|# EOF"), line);
                    continue;
                }
                Matcher sample = SAMPLE.matcher(line);
                assertTrue(sample.matches(), format + " line: " + line);
                assertTrue(format == Exposition.Format.OPENMETRICS || sample.group(4) == null, "0.0.4 has no exemplars: " + line);
                String name = sample.group(1);
                double value = Double.parseDouble(sample.group(3).replace("Inf", "Infinity"));
                if (name.endsWith("_bucket")) {
                    long count = (long) value;
                    assertTrue(buckets.isEmpty() || count >= buckets.get(buckets.size() - 1), "buckets fall: " + text);
                    buckets.add(count);
                    if (line.contains("le=\"+Inf\"")) {
                        assertTrue(text.contains(name.replace("_bucket", "_count") + " " + count + "\n"), "+Inf is _count: " + text);
                        assertEquals(values, count);
                        buckets.clear();
                    }
                }
                if (name.equals("shop_amount_total")) {
                    assertEquals(total, value, 1e-9 * Math.max(1, total));
                }
            }
            assertEquals(format == Exposition.Format.OPENMETRICS, text.endsWith("# EOF\n"));
        }
    }
}
