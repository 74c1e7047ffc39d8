package dev.monitor.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.Await;
import dev.monitor.core.metrics.Datapoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a process that records high-resolution (1 s) metrics: the EMF and JSON-lines files
 * hold every period that ended before the kill, but for the last one or two, because each
 * period's batch is handed to the operating system as soon as it is written.
 */
class MetricFilesCrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How far before the kill a period may end and still be missing from the files. */
    private static final long ALLOWED_LOSS_SECONDS = 2;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aKilledProcessLeavesEveryPeriodButTheLastSecondsInItsMetricFiles() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), MetricFilesCrashChild.class.getName(),
                dir.toString())
                .redirectErrorStream(true).start();
        Instant killedAt;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertEquals("recording", first, "the child did not start");
            Instant started = Instant.now();
            // Wait, by the files themselves, until at least five periods were written (and, the child's clock
            // being real, six seconds of wall time have passed).
            Await.until(Duration.ofSeconds(60), () -> {
                assertTrue(child.isAlive(), "the child died on its own");
                return jsonlPeriods().size() >= 5 && !Instant.now().isBefore(started.plusSeconds(6));
            }, () -> "the child wrote no metric files within 60 s");
            killedAt = Instant.now();
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }

        TreeSet<Long> jsonl = jsonlPeriods();
        TreeSet<Long> emf = emfPeriods();
        long lastWhole = killedAt.getEpochSecond() - ALLOWED_LOSS_SECONDS; // periods ending at or before this
        for (TreeSet<Long> periods : List.of(jsonl, emf)) {
            long first = periods.first();
            for (long start = first; start + 1 <= lastWhole; start++) {
                assertTrue(periods.contains(start), "period " + Instant.ofEpochSecond(start) + " is missing; killed at "
                        + killedAt + ", files hold " + periods.size() + " periods up to "
                        + Instant.ofEpochSecond(periods.last()));
            }
        }
        long lostMillis = killedAt.toEpochMilli() - (jsonl.last() + 1) * 1000;
        System.out.println("metric files after kill -9: newest period ended " + lostMillis + " ms before the kill");
    }

    private List<Path> files(String prefix) throws IOException {
        Path metrics = dir.resolve("metrics");
        if (!Files.isDirectory(metrics)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(metrics)) {
            return list.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    /** The start (epoch second) of every period of the counter in the JSON-lines files; a cut last line is skipped. */
    private TreeSet<Long> jsonlPeriods() throws IOException {
        TreeSet<Long> periods = new TreeSet<>();
        for (Path file : files("datapoints-")) {
            for (String line : Files.readAllLines(file)) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException cut) {
                    continue;
                }
                if (node.path("metricName").asText().equals("Steps")) {
                    periods.add(Instant.parse(node.get("timestamp").asText()).getEpochSecond());
                }
            }
        }
        return periods;
    }

    private TreeSet<Long> emfPeriods() throws IOException {
        TreeSet<Long> periods = new TreeSet<>();
        for (Path file : files("emf-")) {
            for (String line : Files.readAllLines(file)) {
                List<Datapoint> datapoints;
                try {
                    datapoints = EmfReader.parse(line);
                } catch (IOException cut) {
                    continue;
                }
                for (Datapoint datapoint : datapoints) {
                    if (datapoint.metric().name().equals("Steps")) {
                        periods.add(datapoint.timestamp().getEpochSecond());
                    }
                }
            }
        }
        return periods;
    }
}
