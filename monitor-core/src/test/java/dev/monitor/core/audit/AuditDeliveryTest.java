package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.audit.internal.CloudTrailFilesExporter;
import dev.monitor.core.audit.internal.Digests;
import dev.monitor.core.audit.internal.FileModes;
import dev.monitor.core.audit.internal.Journal;
import dev.monitor.core.audit.internal.JournalRecords;
import dev.monitor.core.audit.internal.LookupIndex;
import dev.monitor.core.audit.internal.TrailFiles;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivery cut short by a crash at any step, repeated at the next start, ends as one that was
 * never cut: one trail file, indexed, in a digest once; and lookups see each record once meanwhile.
 */
class AuditDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);

    private AuditTrail.Builder builder() {
        return AuditTrail.builder().dataDir(dir).sync().clock(clock).deliverEvery(Duration.ofHours(1), 100_000).digestEvery(Duration.ofHours(10));
    }

    private Path audit() {
        return dir.resolve("audit");
    }

    private dev.monitor.core.files.DataLayout layout() {
        return new dev.monitor.core.files.DataLayout(dir);
    }

    /** A run that never closes, with two records forced to its journal: what a crash leaves. */
    private Path crashedRun() throws Exception {
        AuditTrail crashed = builder().build();
        crashed.record(AuditEvent.builder("PlaceOrder").requestId("r-1").build());
        crashed.record(AuditEvent.builder("PlaceOrder").requestId("r-2").build());
        List<Path> segments = Journal.segments(audit().resolve("journal"));
        assertEquals(1, segments.size());
        return segments.get(0);
    }

    /** The first steps of a delivery of {@code segment}, as the cloudtrail-files exporter takes them: its file's name kept, the file written. */
    private TrailFiles.Delivered writeTrailFileOf(Path segment) throws Exception {
        List<String> lines = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (JournalRecords.Good good : JournalRecords.parse(segment).good()) {
            lines.add(good.text());
            times.add(good.time());
        }
        Path name = CloudTrailFilesExporter.keptName(layout(), lines.get(0));
        FileModes.OWNER_ONLY.folders(name.getParent());
        return new TrailFiles(layout(), "000000000000", "local", FileModes.OWNER_ONLY).deliver(Journal.idOf(segment), name,
                clock.instant(), lines, times);
    }

    private List<String> requestIds(JsonNode answer) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode event : answer.get("Events")) {
            ids.add(JSON.readTree(event.get("CloudTrailEvent").asText()).get("requestID").asText());
        }
        return ids;
    }

    @Test
    void aTrailFileWrittenJustBeforeACrashIsIndexedAndInADigestAfterTheNextStart() throws Exception {
        TrailFiles.Delivered written = writeTrailFileOf(crashedRun()); // the crash comes before its index and digest entry
        Path index = LookupIndex.indexOf(layout(), written.file());
        assertFalse(Files.exists(index));

        clock.advance(Duration.ofMinutes(1));
        try (AuditTrail restarted = builder().build()) {
            assertEquals(List.of(written.file()), restarted.trailFiles(), "not written a second time");
            assertTrue(Files.exists(index), "indexed when the delivery is repeated");
        }
        TrailValidator.Report report = TrailValidator.validate(dir, SigningKeys.readPublicKey(audit().resolve("public-key.pem")),
                T0.minusSeconds(60), T0.plus(Duration.ofDays(1)));
        assertTrue(report.valid(), report.toString());
        assertEquals(1, report.validLogFiles(), report.toString());
        assertEquals(List.of(), Journal.segments(audit().resolve("journal")), "delivered and gone");
    }

    @Test
    void aFileAnEarlierVersionWroteBeforeItsCrashIsNotWrittenAgain() throws Exception {
        Path segment = crashedRun();
        List<String> lines = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (JournalRecords.Good good : JournalRecords.parse(segment).good()) {
            lines.add(good.text());
            times.add(good.time());
        }
        // Versions before audit exporters kept the file's name beside the segment, named by the segment's id.
        TrailFiles.Delivered written = new TrailFiles(layout(), "000000000000", "local", FileModes.OWNER_ONLY).deliver(Journal.idOf(segment),
                segment.resolveSibling(segment.getFileName() + ".name"), clock.instant(), lines, times);

        clock.advance(Duration.ofMinutes(1));
        try (AuditTrail restarted = builder().build()) {
            assertEquals(List.of(written.file()), restarted.trailFiles(), "not written a second time");
        }
        assertFalse(Files.exists(segment.resolveSibling(segment.getFileName() + ".name")), "gone with its segment");
    }

    @Test
    void aFileNotedTwiceIsListedOnceInTheDigest() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Digests digests = new Digests(layout(), "000000000000", "local", "monitor", keys, clock, JSON, FileModes.OWNER_ONLY);
        TrailFiles.Delivered file = new TrailFiles.Delivered(audit().resolve("AWSLogs/x.json.gz"), "AWSLogs/x.json.gz", "ab", T0, T0);
        digests.delivered(file);
        digests.delivered(file); // a delivery repeated after a crash that came after the first note
        clock.advance(Duration.ofHours(1));
        digests.write();
        JsonNode state = JSON.readTree(audit().resolve("digest-state.json").toFile());
        Path digest = audit().resolve(state.get("previousDigestS3Object").asText());
        JsonNode written = JSON.readTree(TrailFiles.gunzip(digest));
        assertEquals(1, written.get("logFiles").size(), written.toString());
    }

    @Test
    void recordsInBothATrailFileAndItsUndeletedSegmentAreFoundOnce() throws Exception {
        writeTrailFileOf(crashedRun()); // the crash comes before the segment is deleted
        List<String> problems = new ArrayList<>();
        JsonNode answer = AuditTrail.lookupEventsTree(dir, null, T0.minusSeconds(1), T0.plusSeconds(1), 50, null, problems);
        assertEquals(List.of("r-2", "r-1"), requestIds(answer), answer.toString());
        assertEquals(List.of(), problems);
    }

    @Test
    void aDeliveryBetweenReadingTheJournalAndListingTheTrailFilesLosesNoRecord() throws Exception {
        Path segment = crashedRun();
        TrailFiles trail = new TrailFiles(layout(), "000000000000", "local", FileModes.OWNER_ONLY);
        List<String> problems = new ArrayList<>();
        JsonNode answer = Lookup.run(layout(), () -> {
            // The delivery thread turns the segment into a trail file and deletes it while the lookup runs.
            try {
                writeTrailFileOf(segment);
                Files.delete(segment);
            } catch (Exception e) {
                throw new java.io.IOException(e);
            }
            return trail.files();
        }, null, T0.minusSeconds(1), T0.plusSeconds(1), 50, null, JSON, problems);
        assertEquals(List.of("r-2", "r-1"), requestIds(answer), answer.toString());
        assertEquals(List.of(), problems);
    }

    @Test
    void aClockSteppedBackDoesNotHoldBackTheSegmentsWrittenBeforeIt() throws Exception {
        try (AuditTrail trail = builder().build()) {
            trail.record(AuditEvent.builder("PlaceOrder").requestId("r-1").build());
            clock.set(T0.minus(Duration.ofHours(1))); // the next segment is named by an earlier time than the last
            trail.deliverNow();
            assertEquals(1, trail.trailFiles().size(), "delivered now, not only at close");
            assertEquals(List.of("r-1"), requestIds(trail.lookupEventsTree(null, T0.minusSeconds(1), T0.plusSeconds(1), 50, null)));
        }
    }
}
