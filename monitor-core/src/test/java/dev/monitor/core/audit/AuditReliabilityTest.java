package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.audit.internal.FileModes;
import dev.monitor.core.audit.internal.TrailFiles;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a damaged journal, a failing disk, a hostile value or a throwing task does to the trail: never more than its own share. */
class AuditReliabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final MetricRegistry registry = new MetricRegistry("Shop", clock, Resolution.STANDARD, 100);

    private AuditTrail.Builder builder() {
        return AuditTrail.builder().dataDir(dir).clock(clock).selfMetrics(registry.forNamespace("Monitor")).deliverEvery(Duration.ofHours(1), 100_000);
    }

    private Map<String, Double> counted() {
        return registry.collect(Resolution.STANDARD, clock.instant()).stream()
                .collect(Collectors.toMap(d -> d.metric().name(), Datapoint::sum, Double::sum));
    }

    private static String record(String requestId) {
        return "{\"eventVersion\":\"1.09\",\"eventTime\":\"2026-11-22T10:00:00Z\",\"eventSource\":\"shop\",\"eventName\":\"PlaceOrder\","
                + "\"requestID\":\"" + requestId + "\",\"eventID\":\"" + requestId + "\",\"readOnly\":false}";
    }

    private List<String> delivered(AuditTrail trail) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Path file : trail.trailFiles()) {
            JSON.readTree(TrailFiles.gunzip(file)).path("Records").forEach(r -> ids.add(r.get("requestID").asText()));
        }
        return ids;
    }

    @Test
    void aJournalLineThatIsNotARecordIsQuarantinedAndTheRestDeliveredAtTheNextStart() throws Exception {
        Path journal = Files.createDirectories(dir.resolve("audit/journal"));
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        segment.writeBytes((record("r-1") + "\n").getBytes(StandardCharsets.UTF_8));
        String second = record("r-2");
        // A record cut by a failed write, joined to the next one: the case that made every delivery and the next start fail.
        segment.writeBytes((second.substring(0, 40) + record("r-3") + "\n").getBytes(StandardCharsets.UTF_8));
        segment.writeBytes("garbage\n".getBytes(StandardCharsets.UTF_8));
        segment.writeBytes(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'}); // not UTF-8
        segment.writeBytes(record("r-4").replace("2026-11-22T10:00:00Z", "yesterday").concat("\n").getBytes(StandardCharsets.UTF_8));
        segment.writeBytes((record("r-5") + "\n").getBytes(StandardCharsets.UTF_8));
        segment.writeBytes(record("r-6").substring(0, 30).getBytes(StandardCharsets.UTF_8)); // cut by a crash
        Files.write(journal.resolve("journal-0019ab0000000001.jsonl"), segment.toByteArray());

        try (LogCapture log = new LogCapture(); AuditTrail trail = assertDoesNotThrow(() -> builder().build())) {
            assertEquals(List.of("r-1", "r-5"), delivered(trail));
            assertEquals(5.0, counted().get("AuditRecordsQuarantined"));
            List<JsonNode> quarantined = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("audit/quarantine/journal-0019ab0000000001.jsonl"))) {
                quarantined.add(JSON.readTree(line));
            }
            assertEquals(List.of(2, 3, 4, 5, 7), quarantined.stream().map(q -> q.get("line").asInt()).toList());
            assertTrue(quarantined.get(0).get("reason").asText().startsWith("not an audit record"), quarantined.get(0).toString());
            assertTrue(quarantined.get(2).get("reason").asText().startsWith("not UTF-8"), quarantined.get(2).toString());
            assertTrue(quarantined.get(3).get("reason").asText().contains("eventTime 'yesterday'"), quarantined.get(3).toString());
            assertTrue(quarantined.get(4).get("reason").asText().startsWith("cut short"), quarantined.get(4).toString());
            assertEquals(second.substring(0, 40) + record("r-3"), quarantined.get(0).get("text").asText(), "kept as it was");
            assertFalse(Files.exists(journal.resolve("journal-0019ab0000000001.jsonl")), "the segment is delivered and gone");
            assertEquals(2, trail.lookupEventsTree(null, T0.minusSeconds(1), T0.plusSeconds(1), 50, null).get("Events").size());
            assertTrue(log.text().contains("5 line(s) of the audit journal journal-0019ab0000000001.jsonl are not records and were"
                    + " quarantined"), log.text());
        }
    }

    @Test
    void recordsStillInTheJournalAreFoundAndCounted() throws Exception {
        AuditTrail crashed = builder().sync().build(); // never closed: its records are only in the journal
        crashed.record(AuditEvent.builder("DeleteOrder").requestId("d-1").build());
        crashed.record(AuditEvent.builder("DeleteOrder").requestId("d-2").build());
        assertEquals(2, AuditTrail.pendingRecords(dir));
        List<String> problems = new ArrayList<>();
        JsonNode answer = AuditTrail.lookupEventsTree(dir, new LookupAttribute("EventName", "DeleteOrder"), T0.minusSeconds(1),
                T0.plusSeconds(1), 50, null, problems);
        assertEquals(2, answer.get("Events").size(), answer.toString());
        assertEquals(List.of(), problems);
    }

    @Test
    void deliveryFailsWhileTheTrailFolderCannotBeWrittenAndRecoversWhenItCan() throws Exception {
        try (LogCapture log = new LogCapture(); AuditTrail trail = builder().sync().build()) {
            Files.writeString(dir.resolve("audit/AWSLogs"), "a file where the trail's folder belongs");
            trail.record(AuditEvent.builder("PlaceOrder").requestId("p-1").build());
            trail.deliverNow();
            assertEquals(List.of(), delivered(trail));
            assertTrue(log.text().contains("audit delivery failed; the journal keeps the records for the next attempt"), log.text());
            assertEquals(1, trail.lookupEventsTree(null, T0.minusSeconds(1), T0.plusSeconds(1), 50, null).get("Events").size(),
                    "still found in the journal");

            Files.delete(dir.resolve("audit/AWSLogs")); // the fault is removed
            trail.record(AuditEvent.builder("PlaceOrder").requestId("p-2").build());
            trail.deliverNow();
            assertEquals(List.of("p-1", "p-2"), delivered(trail));
        }
    }

    @Test
    void everyFileTheTrailWritesIsOwnerOnly() throws Exception {
        Path journal = FileModes.OWNER_ONLY.folders(dir.resolve("audit/journal"));
        Files.writeString(journal.resolve("journal-0019ab0000000001.jsonl"), record("r-1") + "\ngarbage\n");
        LogCapture log = new LogCapture();
        try (log; AuditTrail trail = builder().build()) {
            trail.record(AuditEvent.builder("PlaceOrder").requestId("p-1").build());
            trail.digestNow();
        }
        List<String> wrong = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir.resolve("audit"))) {
            for (Path path : walk.skip(1).toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
                if (!mode.equals(expected)) {
                    wrong.add(path + " " + mode);
                }
                kinds.add(dir.resolve("audit").relativize(path).getName(0).toString());
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(log.text().contains("1 line(s) of the audit journal"), log.text());
        assertTrue(kinds.containsAll(List.of("journal", "AWSLogs", "index", "quarantine", "keys", "digest-state.json", "public-key.pem")),
                kinds.toString());
    }

    @Test
    void permissionsCanBeConfiguredOtherwise() throws Exception {
        try (AuditTrail trail = builder().sync().filePermissions("rw-r-----").build()) {
            trail.record(AuditEvent.builder("PlaceOrder").build());
            trail.deliverNow();
            Path file = trail.trailFiles().get(0);
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        }
    }

    @Test
    void secretsInFreeTextNeverReachARecord() throws Exception {
        try (AuditTrail trail = builder().sync().build()) {
            trail.record(AuditEvent.builder("Login").userAgent("shop-cli/1.0 https://ann:hunter2@shop.example token=abc123")
                    .error("AccessDenied", "login failed for password=hunter2; apikey=k-42")
                    .request(Map.of("query", "user=ann&password=hunter2", "list", List.of("secret: s3cr3t"))).build());
            trail.deliverNow();
            String file = new String(TrailFiles.gunzip(trail.trailFiles().get(0)), StandardCharsets.UTF_8);
            for (String secret : List.of("hunter2", "abc123", "k-42", "s3cr3t")) {
                assertFalse(file.contains(secret), secret + " reached the trail: " + file);
            }
            JsonNode record = JSON.readTree(file).at("/Records/0");
            assertEquals("login failed for password=" + Redactor.REDACTED + "; apikey=" + Redactor.REDACTED,
                    record.get("errorMessage").asText());
            assertTrue(record.get("userAgent").asText().startsWith("shop-cli/1.0 https://ann:"), record.toString());
            assertFalse(record.path("additionalEventData").has("omittedFields"), "scrubbed is not cut");
        }
    }

    @Test
    void aRecordFilteredOutBySelectorsIsCounted() throws Exception {
        try (AuditTrail trail = builder().sync().selector(EventSelector.builder("writes").condition("readOnly", "Equals", "false").build())
                .build()) {
            trail.record(AuditEvent.builder("GetOrder").read().build());
            trail.record(AuditEvent.builder("PutOrder").build());
            Map<String, Double> counts = counted();
            assertEquals(1.0, counts.get("AuditRecordsFiltered"), counts.toString());
            assertEquals(1.0, counts.get("AuditRecords"));
        }
    }

    @Test
    void theJournalsWriterSurvivesAnErrorThrownWhileMakingARecord() throws Exception {
        Object poison = new Object() {
            @Override
            public String toString() {
                throw new OutOfMemoryError("planted");
            }
        };
        try (LogCapture log = new LogCapture(); AuditTrail trail = builder().buffered(Duration.ofMillis(10)).build()) {
            trail.record(AuditEvent.builder("Poisoned").request(Map.of("value", new Object() {
                @SuppressWarnings("unused")
                public String getValue() {
                    return poison.toString();
                }
            })).build());
            trail.record(AuditEvent.builder("PutOrder").requestId("after").build());
            trail.deliverNow();
            assertEquals(List.of("after"), delivered(trail));
            assertEquals(1.0, counted().get("InternalErrors"));
            assertTrue(log.text().contains("monitor-audit-journal caught java.lang.OutOfMemoryError: planted in a task and goes on"),
                    log.text());
        }
    }

    @Test
    void signingKeyFilesAreMadeAndKeptWhenAbsent() throws Exception {
        Path privateKey = dir.resolve("keys/audit.pem");
        Path publicKey = dir.resolve("keys/audit.pub.pem");
        try (AuditTrail trail = builder().keyFiles(privateKey, publicKey).build()) {
            trail.record(AuditEvent.builder("PutOrder").build());
        }
        assertTrue(Files.isRegularFile(privateKey) && Files.isRegularFile(publicKey));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)));
        String made = Files.readString(publicKey);
        try (AuditTrail again = builder().keyFiles(privateKey, publicKey).build()) {
            again.record(AuditEvent.builder("PutOrder").build());
        }
        assertEquals(made, Files.readString(publicKey), "kept, not made again");
        assertEquals(made, Files.readString(dir.resolve("audit/public-key.pem")), "where validators look for it");
        TrailValidator.Report report = TrailValidator.validate(dir, SigningKeys.readPublicKey(publicKey), T0.minusSeconds(60),
                T0.plus(Duration.ofDays(1)));
        assertTrue(report.valid() && report.validDigests() == 2, report.toString());
    }

    @Test
    void aDataDirectoryWrittenWithTheOldPrefixIsStillReadAndSaidSoOnce() throws Exception {
        try (AuditTrail trail = builder().sync().build()) {
            trail.record(AuditEvent.builder("OldLayout").build());
        }
        Files.move(dir.resolve("audit/AWSLogs"), dir.resolve("audit/AuditLogs")); // as versions before AWSLogs/ wrote it
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 2; i++) {
                JsonNode answer = AuditTrail.lookupEventsTree(dir, new LookupAttribute("EventName", "OldLayout"), T0.minusSeconds(1),
                        T0.plusSeconds(1), 50, null, new java.util.ArrayList<>());
                assertEquals(1, answer.get("Events").size(), answer.toString());
            }
            String text = log.text();
            assertTrue(text.contains("were written with the old prefix AuditLogs/ and are still read; new ones go under AWSLogs/"), text);
            assertEquals(text.indexOf("old prefix"), text.lastIndexOf("old prefix"), "said once: " + text);
        }
    }

    @Test
    void keysThatCannotBeMadeWhereConfiguredAreAnErrorSayingWhatTheyAreFor() throws Exception {
        Path blocked = Files.writeString(dir.resolve("blocked"), "a file where the keys' folder belongs");
        String message = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> builder().keyFiles(blocked.resolve("audit.pem"), blocked.resolve("audit.pub.pem")).build()).getMessage();
        assertTrue(message.startsWith("the key pair that signs audit digests could not be made and kept at " + blocked.resolve("audit.pem")),
                message);
    }
}
