package dev.monitor.core.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.testing.ManualClock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.UniqueElements;

/** Every way of naming one metric reaches one instrument, and every increment is counted once. */
class LookupProperties {

    private static String[] pairs(List<String> names) {
        String[] pairs = new String[names.size() * 2];
        for (int i = 0; i < names.size(); i++) {
            pairs[2 * i] = names.get(i);
            pairs[2 * i + 1] = "v-" + names.get(i);
        }
        return pairs;
    }

    private static Counter fixedArity(MetricRegistry registry, String[] p) {
        return switch (p.length) {
            case 0 -> registry.counter("Hits");
            case 2 -> registry.counter("Hits", p[0], p[1]);
            case 4 -> registry.counter("Hits", p[0], p[1], p[2], p[3]);
            case 6 -> registry.counter("Hits", p[0], p[1], p[2], p[3], p[4], p[5]);
            default -> registry.counter("Hits", p);
        };
    }

    @Property(tries = 300)
    void everyOrderAndFormReachesTheSameCounter(
            @ForAll @Size(max = 5) @UniqueElements List<@AlphaChars @StringLength(min = 1, max = 4) String> names,
            @ForAll long seed) {
        MetricRegistry registry = new MetricRegistry("Shop", ManualClock.at("2026-11-22T10:00:00Z"), Resolution.STANDARD, 100);
        Counter first = registry.counter("Hits", pairs(names));
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new java.util.Random(seed));
        String[] reordered = pairs(shuffled);
        // new String instances: equal content, other references
        String[] copies = new String[reordered.length];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = new String(reordered[i]);
        }
        assertSame(first, registry.counter("Hits", reordered));
        assertSame(first, fixedArity(registry, reordered));
        assertSame(first, fixedArity(registry, copies));
        var builder = registry.counterBuilder("Hits");
        for (int i = 0; i < reordered.length; i += 2) {
            builder.dimension(reordered[i], reordered[i + 1]);
        }
        assertSame(first, builder.register());
        first.increment();
        fixedArity(registry, copies).increment();
        assertEquals(1, registry.seriesCount("Hits"));
        double total = registry.collect(Resolution.STANDARD, java.time.Instant.EPOCH).stream()
                .filter(d -> d.metric().name().equals("Hits")).mapToDouble(Datapoint::sum).sum();
        assertEquals(2.0, total);
    }
}
