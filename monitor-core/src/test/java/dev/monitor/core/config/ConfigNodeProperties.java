package dev.monitor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ConfigNodeProperties {
    private static ConfigNode node(Map<String, ?> settings, List<String> problems) {
        return ConfigNode.root(settings, problems);
    }

    @Property
    void durationsInEveryUnitParse(@ForAll @IntRange(min = 1, max = 100_000) int amount) {
        List<String> problems = new ArrayList<>();
        ConfigNode node = node(Map.of("a", amount + "ms", "b", amount + "s", "c", amount + "m", "d", amount + "h",
                "e", amount + "d"), problems);
        assertEquals(Duration.ofMillis(amount), node.duration("a", null));
        assertEquals(Duration.ofSeconds(amount), node.duration("b", null));
        assertEquals(Duration.ofMinutes(amount), node.duration("c", null));
        assertEquals(Duration.ofHours(amount), node.duration("d", null));
        assertEquals(Duration.ofDays(amount), node.duration("e", null));
        assertEquals(List.of(), problems);
    }

    @Property
    void anythingElseIsAProblemNamingTheValueNotAnException(@ForAll @StringLength(max = 12) String text) {
        List<String> problems = new ArrayList<>();
        ConfigNode node = node(Map.of("every", text), problems);
        Duration parsed = node.duration("every", Duration.ofSeconds(7));
        boolean valid = text.trim().matches("\\d+\\s*(ms|s|m|h|d)") && !text.trim().matches("0+\\s*\\D+");
        if (valid) {
            assertEquals(List.of(), problems);
        } else {
            assertEquals(Duration.ofSeconds(7), parsed);
            assertEquals(1, problems.size());
            assertTrue(problems.get(0).startsWith("every: '" + text + "' is not a positive duration"), problems.get(0));
        }
    }

    @Test
    void sizesTakeDecimalAndBinaryUnits() {
        List<String> problems = new ArrayList<>();
        ConfigNode node = node(Map.of("a", "64MB", "b", "512KiB", "c", 1000, "d", "big"), problems);
        assertEquals(64_000_000L, node.bytes("a", 0));
        assertEquals(512 * 1024L, node.bytes("b", 0));
        assertEquals(1000L, node.bytes("c", 0));
        assertEquals(5L, node.bytes("d", 5));
        assertEquals(List.of("d: 'big' is not a positive size such as 1048576, 512KB or 64MB"), problems);
    }

    @Test
    void wrongShapesAreReportedWithTheirPath() {
        List<String> problems = new ArrayList<>();
        ConfigNode root = node(Map.of("metrics", List.of(1), "exporters", List.of("emf", Map.of("type", "jsonl"))), problems);
        root.child("metrics");
        List<ConfigNode> exporters = root.list("exporters");
        assertEquals(1, exporters.size());
        assertEquals("exporters[1]", exporters.get(0).path());
        assertEquals(List.of("metrics: must be an object of settings, not a list",
                "exporters[0]: must be an object of settings, not 'emf'"), problems);
    }
}
