package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Timer;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI reads metrics wherever the monitor's configuration put them. */
class MetricsLayoutTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dataDir;

    private void writeLatencies(String exporters, int minute) throws Exception {
        Monitor.Builder builder = QuietMonitor.builder(dataDir, Clock.fixed(T0.plusSeconds(60L * minute), ZoneOffset.UTC));
        Path config = dataDir.resolve("monitor.yaml");
        Files.writeString(config, "exporters:\n" + exporters);
        try (Monitor monitor = builder.config(config).build()) {
            Timer latency = monitor.metrics().timerBuilder("Latency").dimension("Operation", "buy").register();
            for (int i = 1; i <= 10; i++) {
                latency.record(i, TimeUnit.MILLISECONDS);
            }
        }
    }

    private JsonNode getStatistics(CliRun cli) throws Exception {
        assertEquals(0, cli.run("metrics", "get-statistics", "--data-dir", dataDir.toString(), "--namespace", "Shop",
                "--metric-name", "Latency", "--dimensions", "Name=Operation,Value=buy", "--statistics", "SampleCount",
                "--period", "60", "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T10:05:00Z"), cli.err());
        return new ObjectMapper().readTree(cli.out()).get("Datapoints");
    }

    @Test
    void anEmfExportersOwnDirectoryIsReadThroughTheLayoutManifest() throws Exception {
        writeLatencies("  - type: emf\n    directory: custom/emf\n", 0);
        assertFalse(Files.exists(dataDir.resolve("metrics")), "nothing in the default folder");
        assertTrue(Files.readString(dataDir.resolve("layout.json")).contains("custom/emf"));
        CliRun cli = new CliRun();
        JsonNode points = getStatistics(cli);
        assertEquals(1, points.size(), cli.out());
        assertEquals(10.0, points.get(0).get("SampleCount").asDouble());
        assertEquals("", cli.err());
    }

    @Test
    void theDefaultFolderAndARecordedOneAreReadTogether() throws Exception {
        writeLatencies("  - type: emf\n", 0);
        writeLatencies("  - type: emf\n    directory: custom/emf\n", 1);
        writeLatencies("  - type: emf\n", 2); // the manifest keeps what an earlier run recorded
        JsonNode points = getStatistics(new CliRun());
        assertEquals(3, points.size(), points.toString());
    }

    @Test
    void aDamagedManifestIsAnErrorNamingIt() throws Exception {
        writeLatencies("  - type: emf\n", 0);
        Files.writeString(dataDir.resolve("layout.json"), "{\"folders\": 1}");
        CliRun cli = new CliRun();
        assertEquals(MonitorCli.USAGE_ERROR, cli.run("metrics", "get-statistics", "--data-dir", dataDir.toString(), "--namespace",
                "Shop", "--metric-name", "Latency", "--period", "60", "--statistics", "Sum",
                "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T10:05:00Z"));
        assertTrue(cli.err().contains(dataDir.resolve("layout.json") + ": not a layout manifest"), cli.err());
    }
}
