package dev.monitor.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process logging steadily and killed with SIGKILL loses at most the last second of its events. */
class LogKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    @Test
    void aKillNineLosesAtMostTheLastSecond() throws Exception {
        long worst = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            worst = Math.max(worst, killAndMeasure(dir.resolve("run-" + kill)));
        }
        System.out.println("LogKillTest: " + KILLS + " kills lost at most the last " + worst + " ms of events");
        assertTrue(worst <= 1000, "lost the last " + worst + " ms");
    }

    /** Kills a worker some thousands of events in; returns how long before the kill its last event on disk was logged. */
    private long killAndMeasure(Path data) throws Exception {
        Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LogKillWorker.class.getName(), data.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long killedAt;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("logged 4000")) {
                // Past some seconds of steady logging, with several flushes behind it.
            }
            killedAt = System.currentTimeMillis();
            worker.destroyForcibly();
            assertTrue(worker.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, worker.exitValue(), "killed by SIGKILL");

        List<String> lines;
        try (Stream<Path> walk = Files.walk(data.resolve("logs"))) {
            Path file = walk.filter(p -> p.getFileName().toString().endsWith(".jsonl")).findFirst().orElseThrow();
            lines = Files.readAllLines(file);
        }
        long expected = 0;
        long lastMillis = 0;
        for (String line : lines) {
            JsonNode event;
            try {
                event = JSON.readTree(line);
            } catch (java.io.IOException e) {
                // Only the very last line may have been cut by the kill.
                assertEquals(lines.get(lines.size() - 1), line, "a cut line before the end");
                break;
            }
            assertEquals(expected++, event.get("n").asLong(), "events are whole and in order, none missing");
            lastMillis = Instant.parse(event.get("timestamp").asText()).toEpochMilli();
        }
        assertTrue(expected > 0, "events are on disk");
        return killedAt - lastMillis;
    }
}
