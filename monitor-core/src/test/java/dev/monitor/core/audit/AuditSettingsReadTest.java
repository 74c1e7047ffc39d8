package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.config.ConfigNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** AuditSettings made in code and read from an {@code audit:} section: the same values, and problems named with their path. */
class AuditSettingsReadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AuditSettings read(Map<String, ?> section, List<String> problems) {
        return AuditSettings.read(ConfigNode.of("audit", section, problems));
    }

    @Test
    void anEmptySectionGivesTheDefaults() {
        List<String> problems = new ArrayList<>();
        AuditSettings read = read(Map.of(), problems);
        AuditSettings defaults = AuditSettings.defaults();
        assertEquals(List.of(), problems);
        assertEquals(AuditSettings.Durability.BUFFERED, read.durability());
        assertEquals(Duration.ofMillis(100), read.fsyncEvery());
        assertEquals(defaults.deliverEvery(), read.deliverEvery());
        assertEquals(Duration.ofMinutes(5), read.deliverEvery());
        assertEquals(10_000, read.deliverAfterRecords());
        assertEquals(Duration.ofDays(90), read.retention());
        assertEquals("monitor", read.trailName());
        assertEquals(Duration.ofHours(1), read.digestEvery());
        assertEquals("rw-------", read.filePermissions());
        assertEquals(1, read.selectors().size(), "every event");
        assertNull(read.keyPair());
        assertNull(read.privateKeyFile());
    }

    @Test
    void theSectionsValuesAreWhatTheBuilderWouldSet() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("durability", "sync");
        section.put("deliverEvery", "1m");
        section.put("deliverAfterRecords", 50);
        section.put("retention", "30d");
        section.put("secretWords", List.of("pin"));
        section.put("trailName", "shop");
        section.put("digestEvery", "15m");
        section.put("filePermissions", "rw-r-----");
        section.put("signingKeys", Map.of("privateKeyFile", "keys/a.pem", "publicKeyFile", "keys/a.pub.pem"));
        section.put("insights", Map.of("window", "1d", "factor", 2, "errorRateMargin", 0.5, "minimumCalls", 3));
        AuditSettings read = read(section, problems);
        assertEquals(List.of(), problems);
        AuditSettings built = AuditSettings.builder().sync().deliverEvery(Duration.ofMinutes(1), 50).retention(Duration.ofDays(30))
                .secretWords(List.of("pin")).trailName("shop").digestEvery(Duration.ofMinutes(15)).filePermissions("rw-r-----")
                .keyFiles(Path.of("keys/a.pem"), Path.of("keys/a.pub.pem")).insights(Duration.ofDays(1), 2, 0.5, 3).build();
        for (AuditSettings settings : List.of(read, built, built.toBuilder().build())) {
            assertEquals(AuditSettings.Durability.SYNC, settings.durability());
            assertEquals(Duration.ofMinutes(1), settings.deliverEvery());
            assertEquals(50, settings.deliverAfterRecords());
            assertEquals(Duration.ofDays(30), settings.retention());
            assertEquals(List.of("pin"), settings.secretWords());
            assertEquals("shop", settings.trailName());
            assertEquals(Duration.ofMinutes(15), settings.digestEvery());
            assertEquals("rw-r-----", settings.filePermissions());
            assertEquals(Path.of("keys/a.pem"), settings.privateKeyFile());
            assertEquals(Path.of("keys/a.pub.pem"), settings.publicKeyFile());
            assertEquals(Duration.ofDays(1), settings.insightWindow());
            assertEquals(2, settings.insightFactor());
            assertEquals(0.5, settings.insightErrorRateMargin());
            assertEquals(3, settings.insightMinimumCalls());
        }
    }

    @Test
    void badValuesAreNamedWithTheirPathAndKeepTheirDefaults() {
        List<String> problems = new ArrayList<>();
        AuditSettings read = read(Map.of("trailName", "x", "durability", "eventually", "colour", "blue"), problems);
        assertEquals("monitor", read.trailName());
        assertEquals(AuditSettings.Durability.BUFFERED, read.durability());
        assertTrue(problems.contains("audit.trailName: trail name 'x' must be 3 to 128 letters, digits, '.', '_' or '-', starting with"
                + " a letter or digit"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("audit.durability: 'eventually' is not one of")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("audit.colour: unknown setting")), problems.toString());
    }

    @Property
    void deliverAfterRecordsIsReadWithinItsRangeAndNamedOutsideIt(@ForAll @IntRange(min = -5, max = 10_000_005) int records) {
        List<String> problems = new ArrayList<>();
        AuditSettings read = read(Map.of("deliverAfterRecords", records), problems);
        if (records >= 1 && records <= 10_000_000) {
            assertEquals(List.of(), problems);
            assertEquals(records, read.deliverAfterRecords());
        } else {
            assertEquals(List.of("audit.deliverAfterRecords: " + records + " is out of range; allowed 1 to 10000000"), problems);
            assertEquals(10_000, read.deliverAfterRecords());
        }
    }
}
