package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.audit.internal.TrailFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real process killed with SIGKILL in the middle of a write burst loses nothing it acknowledged. */
class AuditCrashTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesKillNineExactlyOnce() throws Exception {
        Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AuditCrashWorker.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Set<String> acknowledged = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            // Past several deliveries, so that the kill lands among journal writes and trail deliveries.
            while (acknowledged.size() < 3000 && (line = out.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    acknowledged.add(line.substring(4));
                }
            }
            worker.destroyForcibly(); // SIGKILL: no shutdown hook, no close; acknowledgements not yet read are not counted
            assertTrue(worker.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, worker.exitValue(), "killed by SIGKILL");
        assertTrue(acknowledged.size() >= 3000);

        Map<String, Integer> seen = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (AuditTrail restarted = AuditTrail.builder().dataDir(dir).build()) {
            restarted.deliverNow();
            for (Path file : restarted.trailFiles()) {
                json.readTree(TrailFiles.gunzip(file)).path("Records")
                        .forEach(record -> seen.merge(record.get("requestID").asText(), 1, Integer::sum));
            }
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(seen.keySet());
        assertEquals(Set.of(), lost, "acknowledged records lost");
        seen.forEach((id, count) -> assertEquals(1, count, id + " appears " + count + " times"));
    }
}
