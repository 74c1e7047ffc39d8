package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.api.trace.Segment;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.Monitor;
import dev.monitor.core.config.ConfigException;
import dev.monitor.core.files.DataLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a monitor's segment documents go: the traces section's defaults (segment files and the
 * X-Ray daemon), replaced by an exporters entry of the same type, or by settings given in code.
 */
class TraceExportersTest {
    private static final String QUIET = """
            metrics:
              builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
            """;
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private static DatagramSocket daemon() throws Exception {
        DatagramSocket daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        daemon.setSoTimeout(5000);
        return daemon;
    }

    /** The documents a daemon received, until {@code count} came or none came for the socket's timeout. */
    private static List<JsonNode> received(DatagramSocket daemon, int count) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        byte[] buffer = new byte[65_536];
        while (documents.size() < count) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                daemon.receive(packet);
            } catch (SocketTimeoutException e) {
                break;
            }
            String text = new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("{\"format\": \"json\", \"version\": 1}\n"), text);
            documents.add(XRayTracerTest.JSON.readTree(text.substring(text.indexOf('\n') + 1)));
        }
        return documents;
    }

    private List<String> segmentFiles(Path data) throws Exception {
        Path traces = new DataLayout(data).traces();
        if (!Files.isDirectory(traces)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(traces)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private List<String> segmentNames(Path data) throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(new DataLayout(data).traces())) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    names.add(XRayTracerTest.JSON.readTree(line).get("name").asText());
                }
            }
        }
        return names;
    }

    private void trace(Monitor monitor, String... names) {
        for (String name : names) {
            try (Segment segment = monitor.tracer().beginSegment(name)) {
                segment.putAnnotation("padding", "x".repeat(100));
            }
        }
        assertTrue(((XRayTracer) monitor.tracer()).flush(Duration.ofSeconds(10)));
    }

    @Test
    void aConfiguredXRayDaemonEntryReplacesTheDefaultDaemon() throws Exception {
        Path data = dir.resolve("data");
        try (DatagramSocket defaultDaemon = daemon(); DatagramSocket configured = daemon()) {
            Path config = Files.writeString(dir.resolve("monitor.yaml"), QUIET + """
                    dataDir: %s
                    traces:
                      daemonAddress: "127.0.0.1:%d"
                      samplingRules: %s
                    exporters:
                      - type: xray-daemon
                        daemonAddress: "127.0.0.1:%d"
                    """.formatted(data, defaultDaemon.getLocalPort(), sampleAll(), configured.getLocalPort()));
            try (Monitor monitor = Monitor.builder().config(config).clock(clock).tickEvery(Duration.ZERO).build()) {
                trace(monitor, "orders", "payments");
            }
            assertEquals(List.of("orders", "payments"), received(configured, 2).stream().map(d -> d.get("name").asText()).toList(),
                    "the entry's daemon gets every document");
            defaultDaemon.setSoTimeout(300);
            assertEquals(List.of(), received(defaultDaemon, 1), "the traces section's daemon was replaced, not added to");
        }
        assertEquals(List.of("orders", "payments"), segmentNames(data), "the default segment files stay");
    }

    @Test
    void aConfiguredSegmentFilesEntryReplacesTheDefaultFilesWithItsSettings() throws Exception {
        Path data = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("monitor.yaml"), QUIET + """
                dataDir: %s
                traces:
                  daemonAddress: "off"
                  samplingRules: %s
                  files: {rotateBytes: 64MB}
                exporters:
                  - type: segment-files
                    rotateBytes: 200
                """.formatted(data, sampleAll()));
        try (Monitor monitor = Monitor.builder().config(config).clock(clock).tickEvery(Duration.ZERO).build()) {
            trace(monitor, "a", "b", "c");
        }
        List<String> files = segmentFiles(data);
        assertEquals(3, files.size(), "the entry's 200 bytes, not the section's 64MB: one document a file: " + files);
        assertTrue(files.stream().allMatch(DataLayout.Files.SEGMENTS::matches), files.toString());
        assertEquals(List.of("a", "b", "c"), segmentNames(data), "written once: the entry replaced the default, not joined it");
    }

    @Test
    void settingsGivenInCodeReplaceTheTracesSection() throws Exception {
        Path data = dir.resolve("data");
        try (DatagramSocket daemon = daemon()) {
            Path config = Files.writeString(dir.resolve("monitor.yaml"), QUIET + """
                    dataDir: %s
                    traces:
                      daemonAddress: "off"
                      files: {enabled: true}
                    """.formatted(data));
            XRaySettings settings = XRaySettings.builder().daemonAddress("127.0.0.1:" + daemon.getLocalPort())
                    .samplingRules(Files.readString(sampleAll())).files(XRaySettings.SegmentFiles.OFF).build();
            try (Monitor monitor = Monitor.builder().config(config).traces(settings).clock(clock).tickEvery(Duration.ZERO).build()) {
                trace(monitor, "orders");
            }
            assertEquals("orders", received(daemon, 1).get(0).get("name").asText(), "the daemon of the code's settings");
        }
        assertFalse(Files.exists(new DataLayout(data).traces()), "no segment files: the code's settings turned them off");
    }

    @Test
    void aBadXRayDaemonEntryIsReportedWithItsPath() throws Exception {
        Path config = Files.writeString(dir.resolve("monitor.yaml"), QUIET + """
                dataDir: %s
                exporters:
                  - type: xray-daemon
                    daemonAddress: nowhere
                    colour: blue
                """.formatted(dir.resolve("data")));
        List<String> problems = assertThrows(ConfigException.class, () -> Monitor.builder().config(config).build()).problems();
        assertTrue(problems.contains("exporters[0].daemonAddress: X-Ray daemon address 'nowhere' is not host:port or"
                + " tcp:host:port udp:host:port"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("exporters[0].colour")), problems.toString());
    }

    private Path sampleAll() throws Exception {
        Path rules = dir.resolve("sample-all.json");
        if (!Files.exists(rules)) {
            Files.writeString(rules, "{\"version\": 2, \"rules\": [], \"default\": {\"fixed_target\": 1000000, \"rate\": 1}}");
        }
        return rules;
    }
}
