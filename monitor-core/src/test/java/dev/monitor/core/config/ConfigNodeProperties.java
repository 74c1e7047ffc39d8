package dev.monitor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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
    void sizesTakeBinaryUnitsWrittenEitherWay() {
        List<String> problems = new ArrayList<>();
        ConfigNode node = node(Map.of("a", "64MB", "b", "512KiB", "c", 1000, "d", "big", "e", "256 KB", "f", "64MiB"), problems);
        assertEquals(64L * 1024 * 1024, node.bytes("a", 0), "64MB is what the README's 64MB means everywhere: 64 MiB");
        assertEquals(512 * 1024L, node.bytes("b", 0));
        assertEquals(1000L, node.bytes("c", 0));
        assertEquals(5L, node.bytes("d", 5));
        assertEquals(256 * 1024L, node.bytes("e", 0), "AWS's 256 KB event limit");
        assertEquals(node.bytes("a", 0), node.bytes("f", 0));
        assertEquals(List.of("d: 'big' is not a positive size such as 1048576, 512KB or 64MB"), problems);
    }

    @Property
    void everyUnitIsAPowerOf1024WhateverItsSpellingOrCase(@ForAll @IntRange(min = 1, max = 1_000_000) int amount,
                                                          @ForAll("units") String unit, @ForAll boolean lower,
                                                          @ForAll boolean space) {
        List<String> problems = new ArrayList<>();
        String written = amount + (space ? " " : "") + (lower ? unit.toLowerCase(java.util.Locale.ROOT) : unit);
        long expected = amount * switch (unit.charAt(0)) {
            case 'K' -> 1024L;
            case 'M' -> 1024L * 1024;
            case 'G' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        assertEquals(expected, node(Map.of("size", written), problems).bytes("size", -1));
        assertEquals(List.of(), problems);
    }

    @Provide
    Arbitrary<String> units() {
        return Arbitraries.of("B", "KB", "MB", "GB", "KiB", "MiB", "GiB");
    }

    @Property
    void aSizeThatIsNotOneIsAProblemNamingTheValueNeverAnException(@ForAll @StringLength(max = 24) String text) {
        List<String> problems = new ArrayList<>();
        long parsed = node(Map.of("size", text), problems).bytes("size", 7);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|KiB|MiB|GiB)?",
                java.util.regex.Pattern.CASE_INSENSITIVE).matcher(text.trim());
        java.math.BigInteger exact = m.matches() ? new java.math.BigInteger(m.group(1))
                .shiftLeft(m.group(2) == null || m.group(2).length() == 1 ? 0
                        : 10 * ("KMG".indexOf(Character.toUpperCase(m.group(2).charAt(0))) + 1)) : null;
        if (exact != null && exact.signum() > 0 && exact.bitLength() < 64) {
            assertEquals(exact.longValueExact(), parsed);
            assertEquals(List.of(), problems);
        } else {
            assertEquals(7, parsed);
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("size: '" + text + "' is "), problems.get(0));
        }
    }

    @Test
    void aSizeBeyondALongIsAProblemNotAnOverflow() {
        List<String> problems = new ArrayList<>();
        ConfigNode node = node(Map.of("a", "9223372036854775807GB", "b", "99999999999999999999"), problems);
        assertEquals(1L, node.bytes("a", 1));
        assertEquals(1L, node.bytes("b", 1));
        assertEquals(List.of("a: '9223372036854775807GB' is larger than 9223372036854775807 bytes",
                "b: '99999999999999999999' is larger than 9223372036854775807 bytes"), problems);
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
