package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.core.files.DataLayout;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a process killed with SIGKILL loses at most about the last second of segments. A
 * child JVM ends segments steadily; it is killed; every segment it had ended more than 1.5
 * seconds before the kill must be in the files (the emitter flushes at least once a second under
 * a backlog; half a second more leaves room for a loaded machine), every line of them but a cut
 * last one must be a segment document, and the test prints how far back they reach.
 */
class SegmentFileKillTest {
    @TempDir
    Path dir;

    @Test
    void aKilledProcessLosesAtMostTheLastSecondOfSegments() throws Exception {
        Path traces = new DataLayout(dir).traces();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KillTestChild.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // What the child reported it had ended, by when (this JVM's nanoTime) it said so.
        ConcurrentSkipListMap<Long, Long> endedAt = new ConcurrentSkipListMap<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    endedAt.put(System.nanoTime(), Long.parseLong(line.trim()));
                }
            } catch (Exception e) {
                // The pipe breaks when the child is killed.
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long firstReport = 0;
        while (System.nanoTime() < deadline) {
            if (!endedAt.isEmpty() && firstReport == 0) {
                firstReport = endedAt.firstKey();
            }
            // Run 3 s past the first report, so that files have been written for a while.
            if (firstReport != 0 && System.nanoTime() - firstReport > TimeUnit.SECONDS.toNanos(3)) {
                break;
            }
            assertTrue(child.isAlive(), "the child runs");
            TimeUnit.MILLISECONDS.sleep(20); // polling the child's progress, not waiting for a result
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
        long killedAt = System.nanoTime();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));

        BitSet inFiles = new BitSet();
        try (Stream<Path> files = Files.list(traces)) {
            for (Path file : files.toList()) {
                String[] lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    // Every line the writer ended is whole; only the last, unended one may be cut by the kill.
                    boolean last = i == lines.length - 1;
                    JsonNode document;
                    try {
                        document = XRayTracerTest.JSON.readTree(lines[i]);
                    } catch (Exception e) {
                        assertTrue(last, file + " line " + (i + 1) + " of " + lines.length + " is not a segment document: " + lines[i]);
                        continue;
                    }
                    if (document != null && !document.isMissingNode()) {
                        inFiles.set(document.at("/annotations/seq").asInt());
                    } else {
                        assertTrue(last, file + " line " + (i + 1) + " is empty");
                    }
                }
            }
        }
        // The emitter flushes at least once a second; half a second more leaves room for a build
        // machine so loaded that its thread waits for a core.
        Map.Entry<Long, Long> bound = endedAt.floorEntry(killedAt - TimeUnit.MILLISECONDS.toNanos(1500));
        assertFalse(bound == null, "the child reported progress: " + endedAt);
        long mustHave = bound.getValue();
        int missing = inFiles.nextClearBit(0);
        assertTrue(missing > mustHave, "segment " + missing + " is missing; every segment up to " + mustHave
                + " (ended over 1.5 seconds before the kill) must be in the files");
        // The figure for the README: how long before the kill the first segment missing from the files was ended.
        Map.Entry<Long, Long> lastKept = null;
        for (Map.Entry<Long, Long> report : endedAt.entrySet()) {
            if (report.getValue() < missing) {
                lastKept = report;
            }
        }
        long lossMillis = lastKept == null ? -1 : TimeUnit.NANOSECONDS.toMillis(killedAt - lastKept.getKey());
        System.out.println("kill test: " + missing + " segments in the files, " + endedAt.lastEntry().getValue()
                + " reported ended; the files held everything ended up to about " + lossMillis + " ms before the kill");
    }
}
