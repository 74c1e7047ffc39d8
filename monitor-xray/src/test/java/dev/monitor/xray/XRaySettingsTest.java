package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.redaction.SecretWords;
import dev.monitor.core.config.ConfigFiles;
import dev.monitor.core.config.ConfigNode;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracer's settings as code gives them (the builder) and as a configuration file gives them (the traces: section). */
class XRaySettingsTest {
    private static final String RULES = "{\"version\": 2, \"rules\": [], \"default\": {\"fixed_target\": 5, \"rate\": 0.5}}";

    @TempDir
    Path dir;

    private ConfigNode traces(String yaml, List<String> problems) throws Exception {
        Path file = Files.writeString(dir.resolve("monitor.yaml"), yaml);
        return ConfigFiles.read(file, problems).child("traces");
    }

    @Test
    void theDefaultsAreTheSdksAndTodays() {
        Assumptions.assumeTrue(System.getenv("AWS_XRAY_DAEMON_ADDRESS") == null, "the daemon's address comes from the environment");
        XRaySettings defaults = XRaySettings.builder().build();
        assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", 2000)), defaults.daemonAddress());
        assertEquals(Optional.empty(), defaults.samplingRules(), "the SDKs' 1 per second, then 5%");
        assertEquals(100, defaults.streamingThreshold());
        assertEquals(4096, defaults.queueCapacity());
        assertEquals(0.25, defaults.emitterShare());
        assertEquals(XRayTracer.MissingContext.IGNORE, defaults.missingContext());
        assertEquals(new XRaySettings.SegmentFiles(true, 64L << 20, Duration.ofHours(1), Duration.ofDays(7)), defaults.files());
        assertEquals(SecretWords.DEFAULTS, defaults.secretWords());
    }

    @Test
    void theBuilderTakesEverySetting() {
        XRaySettings settings = XRaySettings.builder().daemonAddress("tcp:10.0.0.5:3000 udp:10.0.0.6:2001").samplingRules(RULES)
                .streamingThreshold(10).queueCapacity(64).emitterShare(0.5).missingContext(XRayTracer.MissingContext.THROW)
                .files(XRaySettings.SegmentFiles.DEFAULTS.withRotateBytes(1_000_000).withRetention(Duration.ofDays(2)))
                .secretWords(List.of("ssn")).build();
        assertEquals(Optional.of(new InetSocketAddress("10.0.0.6", 2001)), settings.daemonAddress(), "the udp: part");
        assertEquals(Optional.of(RULES), settings.samplingRules());
        assertEquals(10, settings.streamingThreshold());
        assertEquals(64, settings.queueCapacity());
        assertEquals(0.5, settings.emitterShare());
        assertEquals(XRayTracer.MissingContext.THROW, settings.missingContext());
        assertEquals(new XRaySettings.SegmentFiles(true, 1_000_000, Duration.ofHours(1), Duration.ofDays(2)), settings.files());
        assertEquals(List.of("ssn"), settings.secretWords());
        assertEquals(Optional.empty(), XRaySettings.builder().daemonAddress("off").build().daemonAddress(), "off: no daemon");
        assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", 3000)),
                XRaySettings.builder().daemonAddress(new InetSocketAddress("127.0.0.1", 3000)).build().daemonAddress());
    }

    @Test
    void eachSetterRefusesABadValueNamingItAndTheRule() {
        assertEquals("X-Ray daemon address 'nowhere' is not host:port or tcp:host:port udp:host:port",
                assertThrows(IllegalArgumentException.class, () -> XRaySettings.builder().daemonAddress("nowhere")).getMessage());
        assertEquals("X-Ray daemon address 'tcp:10.0.0.5:3000 tcp:10.0.0.6:3000' names no udp: address; use host:port or"
                + " tcp:host:port udp:host:port", assertThrows(IllegalArgumentException.class,
                () -> XRaySettings.builder().daemonAddress("tcp:10.0.0.5:3000 tcp:10.0.0.6:3000")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> XRaySettings.builder().samplingRules("{\"version\": 1}"))
                .getMessage().contains("version"), "the rules are checked when given, not when the monitor starts");
        assertEquals("streamingThreshold 0 must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> XRaySettings.builder().streamingThreshold(0)).getMessage());
        assertEquals("queueCapacity -1 must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> XRaySettings.builder().queueCapacity(-1)).getMessage());
        assertEquals("emitterShare 1.5 must be above 0 and at most 1",
                assertThrows(IllegalArgumentException.class, () -> XRaySettings.builder().emitterShare(1.5)).getMessage());
        assertEquals("rotateBytes 0 must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> XRaySettings.SegmentFiles.DEFAULTS.withRotateBytes(0)).getMessage());
        assertEquals("retention PT0S must be a positive duration", assertThrows(IllegalArgumentException.class,
                () -> XRaySettings.SegmentFiles.DEFAULTS.withRetention(Duration.ZERO)).getMessage());
    }

    @Test
    void aTracesSectionReadsIntoTheSameValueAsTheBuilderMakes() throws Exception {
        Path rules = Files.writeString(dir.resolve("sampling-rules.json"), RULES);
        List<String> problems = new ArrayList<>();
        XRaySettings read = XRaySettings.read(traces("""
                traces:
                  daemonAddress: "10.0.0.5:3000"
                  samplingRules: %s
                  streamingThreshold: 10
                  queueCapacity: 64
                  emitterShare: 0.5
                  missingContext: log
                  files: {enabled: false, rotateBytes: 1MB, rotateEvery: 30m, retention: 2d}
                  redact: [ssn, pin]
                """.formatted(rules), problems));
        assertEquals(List.of(), problems);
        assertEquals(XRaySettings.builder().daemonAddress("10.0.0.5:3000").samplingRules(RULES).streamingThreshold(10)
                .queueCapacity(64).emitterShare(0.5).missingContext(XRayTracer.MissingContext.LOG)
                .files(new XRaySettings.SegmentFiles(false, 1L << 20, Duration.ofMinutes(30), Duration.ofDays(2)))
                .secretWords(List.of("ssn", "pin")).build(), read);
    }

    @Test
    void anEmptySectionIsTheDefaults() throws Exception {
        Assumptions.assumeTrue(System.getenv("AWS_XRAY_DAEMON_ADDRESS") == null, "the daemon's address comes from the environment");
        List<String> problems = new ArrayList<>();
        assertEquals(XRaySettings.builder().build(), XRaySettings.read(traces("namespace: Shop\n", problems)));
        assertEquals(List.of(), problems);
    }

    @Test
    void everyProblemOfTheSectionIsRecordedWithItsPath() throws Exception {
        List<String> problems = new ArrayList<>();
        XRaySettings.read(traces("""
                traces:
                  daemonAddress: "udp:10.0.0.5:70000"
                  samplingRules: %s
                  emitterShare: 0
                  files: {enabled: true, rotateBytes: lots, rotateEvery: sometimes, colour: blue}
                  flavour: vanilla
                """.formatted(dir.resolve("missing.json")), problems));
        assertEquals(7, problems.size(), problems.toString());
        assertTrue(problems.contains("traces.daemonAddress: X-Ray daemon address 'udp:10.0.0.5:70000' is not host:port"
                + " or tcp:host:port udp:host:port"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("traces.samplingRules: '" + dir.resolve("missing.json")
                + "' cannot be read")), problems.toString());
        assertTrue(problems.contains("traces.emitterShare: emitterShare 0.0 must be above 0 and at most 1"), problems.toString());
        assertTrue(problems.contains("traces.files.rotateBytes: 'lots' is not a positive size such as 1048576, 512KB or 64MB"),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("traces.files.rotateEvery: 'sometimes'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("traces.files.colour")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("traces.flavour")), problems.toString());
    }
}
