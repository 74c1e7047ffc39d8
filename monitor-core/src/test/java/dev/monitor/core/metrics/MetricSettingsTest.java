package dev.monitor.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.metrics.internal.MetricRegistry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MetricSettings made in code and read from a {@code metrics:} section: the same values, and problems named with their path. */
class MetricSettingsTest {

    @Test
    void theDefaultsAreStandardResolutionTheLimitsAndEveryBuiltinGroup() {
        MetricSettings defaults = MetricSettings.builder().build();
        assertEquals(Resolution.STANDARD, defaults.resolution());
        assertEquals(1000, defaults.cardinalityLimit());
        assertEquals(MetricRegistry.DEFAULT_NAME_LIMIT, defaults.nameLimit());
        assertEquals(EnumSet.allOf(BuiltinMetrics.Group.class), defaults.builtins());
    }

    @Test
    void aSectionReadsIntoTheSameValueAsTheBuilderMakes() {
        List<String> problems = new ArrayList<>();
        ConfigNode root = ConfigNode.root(Map.of("metrics", Map.of("resolution", "high", "cardinalityLimit", 50, "nameLimit", 200,
                "builtin", Map.of("gc", false))), problems);
        MetricSettings read = MetricSettings.builder().config(root.child("metrics")).build();
        assertEquals(List.of(), problems);
        MetricSettings made = MetricSettings.builder().resolution(Resolution.HIGH).cardinalityLimit(50).nameLimit(200)
                .builtin(BuiltinMetrics.Group.GC, false).build();
        assertEquals(made, read);
    }

    @Test
    void badValuesAreNamedWithTheirPathAndKeepTheSettingAsItWas() {
        List<String> problems = new ArrayList<>();
        ConfigNode root = ConfigNode.root(Map.of("metrics", Map.of("resolution", "fast", "cardinalityLimit", 0,
                "builtin", Map.of("gpu", true))), problems);
        MetricSettings read = MetricSettings.builder().config(root.child("metrics")).build();
        assertEquals(MetricSettings.builder().build(), read);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("metrics.resolution: ") && p.contains("fast")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("metrics.cardinalityLimit: ")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("metrics.builtin") && p.contains("gpu")), problems.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricSettings.builder().nameLimit(0));
        assertEquals("metric name limit 0 must be from 1 to 1000000", e.getMessage());
    }
}
