package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.audit.internal.TrailFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Buffered mode under load, killed with SIGKILL: what it loses is bounded by time (about two
 * flush intervals of acknowledgments), not by a queue of 65,536 records. Prints the figures.
 */
class AuditBufferedCrashTest {
    @TempDir
    Path dir;

    @Test
    void aKillLosesAtMostAFewFlushIntervalsOfAcknowledgments() throws Exception {
        int kills = 2;
        long lostTotal = 0;
        long ackTotal = 0;
        long worstMs = 0;
        for (int kill = 0; kill < kills; kill++) {
            Path data = Files.createDirectories(dir.resolve("run-" + kill));
            Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AuditBufferedCrashWorker.class.getName(), data.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Map<String, Long> acknowledged = new HashMap<>();
            long lastAck = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                // Well past the warm-up, under full load.
                while (acknowledged.size() < 12_000 && (line = out.readLine()) != null) {
                    String[] parts = line.split(" ");
                    if (parts.length == 3 && parts[0].equals("ack")) {
                        long ms = Long.parseLong(parts[2]);
                        acknowledged.put(parts[1], ms);
                        lastAck = Math.max(lastAck, ms);
                    }
                }
                worker.destroyForcibly();
                assertTrue(worker.waitFor(30, TimeUnit.SECONDS));
            }
            Set<String> recovered = new HashSet<>();
            ObjectMapper json = new ObjectMapper();
            try (AuditTrail restarted = AuditTrail.builder().dataDir(data).build()) {
                for (Path file : restarted.trailFiles()) {
                    json.readTree(TrailFiles.gunzip(file)).path("Records").forEach(r -> recovered.add(r.get("requestID").asText()));
                }
            }
            long lost = 0;
            long oldestLost = Long.MAX_VALUE;
            for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                if (!recovered.contains(ack.getKey())) {
                    lost++;
                    oldestLost = Math.min(oldestLost, ack.getValue());
                }
            }
            long lostMs = lost == 0 ? 0 : lastAck - oldestLost;
            System.out.printf("audit buffered kill %d: %d acknowledged, %d lost (%d ms of acknowledgments)%n", kill + 1,
                    acknowledged.size(), lost, lostMs);
            lostTotal += lost;
            ackTotal += acknowledged.size();
            worstMs = Math.max(worstMs, lostMs);
            // 100 ms flushes: the allowance is one interval's writing, so two intervals plus a force; a loaded machine gets slack.
            assertTrue(lostMs <= 1_000, "lost " + lost + " records acknowledged over " + lostMs + " ms");
            assertTrue(lost < 65_536 / 2, "lost " + lost);
        }
        System.out.printf("audit buffered kills: %d acknowledged, %d lost in %d kills, at most %d ms of acknowledgments%n", ackTotal,
                lostTotal, kills, worstMs);
    }
}
