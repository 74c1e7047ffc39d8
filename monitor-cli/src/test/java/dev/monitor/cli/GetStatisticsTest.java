package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Timer;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetStatisticsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writeTwoMinutesOfLatencies() throws Exception {
        for (int minute = 0; minute < 2; minute++) {
            Monitor.Builder builder = QuietMonitor.builder(dataDir, Clock.fixed(T0.plusSeconds(60L * minute), ZoneOffset.UTC));
            Path config = dataDir.resolve("monitor.yaml");
            Files.writeString(config, "exporters:\n  - type: emf\n");
            try (Monitor monitor = builder.config(config).build()) {
                Timer latency = monitor.metrics().timerBuilder("Latency").dimension("Operation", "buy").register();
                for (int i = 1; i <= 100; i++) {
                    latency.record(i * (minute + 1), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private int run(String... args) {
        return MonitorCli.run(new PrintWriter(out, true, StandardCharsets.UTF_8), new PrintWriter(err, true, StandardCharsets.UTF_8), args);
    }

    @Test
    void answersLikeTheAwsCli() throws Exception {
        int status = run("metrics", "get-statistics", "--data-dir", dataDir.toString(), "--namespace", "Shop",
                "--metric-name", "Latency", "--dimensions", "Name=Operation,Value=buy",
                "--statistics", "SampleCount", "Maximum", "--extended-statistics", "p99", "--period", "60",
                "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T10:02:00Z");
        assertEquals(0, status, err.toString());
        JsonNode answer = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("Latency", answer.get("Label").asText());
        JsonNode points = answer.get("Datapoints");
        assertEquals(2, points.size());
        assertEquals("2026-11-22T10:00:00+00:00", points.get(0).get("Timestamp").asText());
        assertEquals(100.0, points.get(0).get("SampleCount").asDouble());
        assertEquals(100.0, points.get(0).get("Maximum").asDouble(), 1.0);
        assertEquals(99.0, points.get(0).get("ExtendedStatistics").get("p99").asDouble(), 0.99);
        assertEquals(198.0, points.get(1).get("ExtendedStatistics").get("p99").asDouble(), 1.98);
        assertEquals("Milliseconds", points.get(1).get("Unit").asText());

        out.reset();
        assertEquals(0, run("metrics", "get-statistics", "--data-dir", dataDir.toString(), "--namespace", "Shop",
                "--metric-name", "Latency", "--dimensions", "Name=Operation,Value=buy", "--statistics", "Average",
                "--period", "120", "--start-time", "1795341600", "--end-time", "2026-11-22T10:02:00"));
        JsonNode wide = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("Datapoints");
        assertEquals(1, wide.size());
        assertEquals(75.75, wide.get(0).get("Average").asDouble(), 0.76);
    }

    @Test
    void aMetricWithOtherDimensionsIsAnotherMetric() throws Exception {
        assertEquals(0, run("metrics", "get-statistics", "--data-dir", dataDir.toString(), "--namespace", "Shop",
                "--metric-name", "Latency", "--statistics", "SampleCount", "--period", "60",
                "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T10:02:00Z"));
        assertEquals(0, new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("Datapoints").size());
    }

    @Test
    void badArgumentsAreNamed() {
        int status = run("metrics", "get-statistics", "--data-dir", dataDir.toString(), "--namespace", "Shop",
                "--metric-name", "Latency", "--dimensions", "Operation=buy", "--statistics", "Median", "--period", "60",
                "--start-time", "yesterday", "--end-time", "2026-11-22T10:02:00Z");
        assertEquals(MonitorCli.USAGE_ERROR, status);
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("--dimensions 'Operation=buy' is not of the form Name=k,Value=v"), errors);
        assertTrue(errors.contains("--start-time 'yesterday' is not a time"), errors);
        err.reset();
        assertEquals(MonitorCli.USAGE_ERROR, run("metrics", "get-statistics", "--namespace", "Shop", "--metric-name", "L",
                "--statistics", "Median", "--period", "7", "--start-time", "1", "--end-time", "2"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("statistic 'Median' is not one of SampleCount"));
    }

    /**
     * GetMetricStatistics: "The value specified is inclusive; results include data points with the
     * specified time stamp" (StartTime) and "The value specified is exclusive" (EndTime).
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html
     */
    @Test
    void startTimeIsInclusiveAndEndTimeExclusive() throws Exception {
        assertEquals(List.of("2026-11-22T10:01:00+00:00"), timestamps("2026-11-22T10:01:00Z", "2026-11-22T10:02:00Z"));
        assertEquals(List.of("2026-11-22T10:00:00+00:00"), timestamps("2026-11-22T10:00:00Z", "2026-11-22T10:01:00Z"));
    }

    private List<String> timestamps(String start, String end) throws Exception {
        out.reset();
        assertEquals(0, run("metrics", "get-statistics", "--data-dir", dataDir.toString(), "--namespace", "Shop",
                "--metric-name", "Latency", "--dimensions", "Name=Operation,Value=buy", "--statistics", "SampleCount",
                "--period", "60", "--start-time", start, "--end-time", end), err.toString(StandardCharsets.UTF_8));
        List<String> times = new ArrayList<>();
        new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("Datapoints")
                .forEach(point -> times.add(point.get("Timestamp").asText()));
        return times;
    }

    @Test
    void aFolderWithoutMetricFilesIsAnErrorNamingIt() throws Exception {
        Path missing = dataDir.resolve("nowhere");
        assertEquals(MonitorCli.USAGE_ERROR, run("metrics", "get-statistics", "--data-dir", missing.toString(), "--namespace", "Shop",
                "--metric-name", "Latency", "--statistics", "Sum", "--period", "60", "--start-time", "2026-11-22T10:00:00Z",
                "--end-time", "2026-11-22T10:02:00Z"));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("no EMF metric files (emf-*.jsonl") && message.contains(missing.resolve("metrics") + " does not exist"),
                message);
        assertEquals("", out.toString(StandardCharsets.UTF_8));

        err.reset();
        Path empty = Files.createDirectories(dataDir.resolve("empty/metrics"));
        assertEquals(MonitorCli.USAGE_ERROR, run("metrics", "get-statistics", "--data-dir", empty.getParent().toString(),
                "--namespace", "Shop", "--metric-name", "Latency", "--statistics", "Sum", "--period", "60",
                "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T10:02:00Z"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(empty + " holds none"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void damagedFilesAreSkippedAndNamedAndTheRestAnswers() throws Exception {
        Path metrics = dataDir.resolve("metrics");
        List<Path> files;
        try (var listing = Files.list(metrics)) {
            files = listing.sorted().toList();
        }
        assertEquals(2, files.size(), "one file per run");
        // The second minute's file: bytes that are not UTF-8 in its first line, and a directory where a file is expected.
        byte[] bytes = Files.readAllBytes(files.get(1));
        bytes[5] = (byte) 0xFF;
        Files.write(files.get(1), bytes);
        Files.createDirectory(metrics.resolve("emf-20261122T110000Z-0.jsonl"));
        assertEquals(0, run("metrics", "get-statistics", "--data-dir", dataDir.toString(), "--namespace", "Shop",
                "--metric-name", "Latency", "--dimensions", "Name=Operation,Value=buy", "--statistics", "SampleCount",
                "--period", "60", "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T10:02:00Z"));
        String warnings = err.toString(StandardCharsets.UTF_8);
        assertTrue(warnings.contains("monitor: warning: skipped " + files.get(1) + ":1: not UTF-8 text"), warnings);
        assertTrue(warnings.contains("monitor: warning: skipped " + metrics.resolve("emf-20261122T110000Z-0.jsonl")
                + ": not a regular file"), warnings);
        JsonNode points = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("Datapoints");
        assertEquals(1, points.size(), "the intact file's minute");
        assertEquals(100.0, points.get(0).get("SampleCount").asDouble());

        // Nothing readable at all: 252, not an empty answer.
        for (Path file : files) {
            Files.write(file, new byte[] {(byte) 0xC3, 0x28, '\n'});
        }
        out.reset();
        err.reset();
        assertEquals(MonitorCli.USAGE_ERROR, run("metrics", "get-statistics", "--data-dir", dataDir.toString(), "--namespace", "Shop",
                "--metric-name", "Latency", "--statistics", "SampleCount", "--period", "60",
                "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T10:02:00Z"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("could be read under " + metrics), err.toString(StandardCharsets.UTF_8));
    }
}
