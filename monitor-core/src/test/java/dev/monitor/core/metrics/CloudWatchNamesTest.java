package dev.monitor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Dimension;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class CloudWatchNamesTest {

    @Test
    void acceptsTypicalNames() {
        assertNull(CloudWatchNames.namespaceError("Shop/Orders-1_a.b#c:d e"));
        assertNull(CloudWatchNames.metricNameError("Latency p99 (ms)"));
        assertNull(CloudWatchNames.dimensionNameError("Region"));
        assertNull(CloudWatchNames.dimensionValueError("eu-west-1"));
    }

    @Test
    void namespaceRulesNameTheValueAndTheRule() {
        assertEquals("namespace 'Shop!' has '!' at index 4; CloudWatch allows only 0-9 A-Z a-z . - _ / # : and space",
                CloudWatchNames.namespaceError("Shop!"));
        assertEquals("namespace 'AWS/EC2' starts with 'AWS/', which CloudWatch reserves for AWS services",
                CloudWatchNames.namespaceError("AWS/EC2"));
        assertEquals("namespace is empty; CloudWatch requires 1 to 255 characters", CloudWatchNames.namespaceError(""));
        assertEquals("namespace '   ' is only whitespace; CloudWatch requires a non-whitespace character",
                CloudWatchNames.namespaceError("   "));
    }

    @Test
    void metricNamesMustBeAsciiWithoutControlCharacters() {
        assertEquals("metric name 'Latenz\u00e9' has the non-ASCII character '\u00e9' at index 6; CloudWatch accepts only ASCII",
                CloudWatchNames.metricNameError("Latenz\u00e9"));
        assertEquals("metric name 'a\\u0007b' has a control character at index 1; CloudWatch does not accept ASCII control characters",
                CloudWatchNames.metricNameError("a\u0007b"));
        assertTrue(CloudWatchNames.metricNameError("x".repeat(256)).contains("has 256 characters; CloudWatch allows at most 255"));
        assertNull(CloudWatchNames.metricNameError("x".repeat(255)));
    }

    @Test
    void dimensionRules() {
        assertEquals("dimension name ':Region' starts with ':', which CloudWatch does not allow",
                CloudWatchNames.dimensionNameError(":Region"));
        assertNull(CloudWatchNames.dimensionValueError("v".repeat(1024)));
        assertTrue(CloudWatchNames.dimensionValueError("v".repeat(1025)).contains("at most 1024"));
        assertEquals("dimension name 'Region' is given twice; a metric has each dimension once",
                CloudWatchNames.dimensionsError(List.of(new Dimension("Region", "a"), new Dimension("Region", "b"))));
        List<Dimension> many = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            many.add(new Dimension("d" + i, "v"));
        }
        assertEquals("31 dimensions given; CloudWatch allows at most 30 per metric", CloudWatchNames.dimensionsError(many));
        assertNull(CloudWatchNames.dimensionsError(many.subList(0, 30)));
    }

    @Property
    void printableAsciiNamesAreAccepted(@ForAll @CharRange(from = '!', to = '~') @StringLength(min = 1, max = 255) String name) {
        assertNull(CloudWatchNames.metricNameError(name));
    }

    @Property
    void everyRejectionQuotesTheRule(@ForAll @StringLength(max = 300) String name) {
        String error = CloudWatchNames.metricNameError(name);
        boolean valid = !name.isEmpty() && name.length() <= 255 && !name.isBlank()
                && name.chars().allMatch(c -> c >= 32 && c < 127);
        assertEquals(valid, error == null, () -> "for '" + name + "': " + error);
        if (error != null) {
            assertTrue(error.contains("CloudWatch"), error);
        }
    }
}
