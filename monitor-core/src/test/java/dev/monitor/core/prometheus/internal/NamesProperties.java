package dev.monitor.core.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Unit;
import java.util.regex.Pattern;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** Prometheus' name rules: https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels */
class NamesProperties {
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    @Property
    void anyNameBecomesAValidMetricNameWithoutColons(@ForAll String namespace, @ForAll String name, @ForAll Unit unit) {
        String converted = Names.metric(namespace, name, Names.unitSuffix(unit));
        assertTrue(METRIC.matcher(converted).matches(), converted);
        assertFalse(converted.contains(":"), "colons are for recording rules: " + converted);
        assertFalse(converted.endsWith("_total"), "a family name leaves _total to the counter's sample: " + converted);
        String suffix = Names.unitSuffix(unit);
        assertTrue(suffix.isEmpty() || converted.endsWith("_" + suffix), converted + " must end with its unit " + suffix);
    }

    @Property
    void anyDimensionBecomesAValidUnreservedLabelName(@ForAll String dimension) {
        String label = Names.label(dimension);
        assertTrue(LABEL.matcher(label).matches(), label);
        assertFalse(label.startsWith("__"), "__ is reserved: " + label);
    }

    @Property
    void validSnakeCaseNamesAreKept(@ForAll @StringLength(min = 1, max = 20) @CharRange(from = 'a', to = 'z') @Chars({'_'}) String name) {
        if (name.startsWith("_") || name.contains("__") || name.endsWith("_")) {
            return;
        }
        assertEquals(name, Names.snake(name));
    }

    @Example
    void camelCaseBecomesSnakeCaseAndOtherCharactersUnderscores() {
        assertEquals("order_latency", Names.snake("OrderLatency"));
        assertEquals("http_status", Names.snake("HTTPStatus"));
        assertEquals("aws_events", Names.snake("AWS/Events"));
        assertEquals("_2xx_count", Names.snake("2xxCount"));
        assertEquals("cache_hit_ratio", Names.snake("cache.hit-ratio"));
        assertEquals("_", Names.snake(""));
        assertEquals("_", Names.snake("é"));
        assertEquals("_name", Names.label("__name"));
        assertEquals("_name", Names.label("__Name"));
        assertEquals("shop_order_latency_seconds", Names.metric("Shop", "OrderLatency", "seconds"));
        assertEquals("shop_requests", Names.metric("Shop", "Requests_total", ""));
        assertEquals("shop_payload_bytes", Names.metric("Shop", "PayloadBytes", "bytes"));
    }

    @Example
    void unitsBecomeBaseUnits() {
        assertEquals("seconds", Names.unitSuffix(Unit.MILLISECONDS));
        assertEquals(1e-3, Names.scale(Unit.MILLISECONDS));
        assertEquals("bytes", Names.unitSuffix(Unit.KILOBYTES));
        assertEquals(1e3, Names.scale(Unit.KILOBYTES));
        assertEquals("", Names.unitSuffix(Unit.COUNT));
        assertEquals("percent", Names.unitSuffix(Unit.PERCENT));
    }
}
