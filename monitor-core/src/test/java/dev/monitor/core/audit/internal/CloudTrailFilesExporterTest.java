package dev.monitor.core.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.audit.TrailValidator;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.AuditRecord;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.Signal;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.DataLayout.TrailKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cloudtrail-files exporter on its own: the files it writes for a batch, and what a repeated batch does. */
class CloudTrailFilesExporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static KeyPair keys;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    private DataLayout layout() {
        return new DataLayout(dir);
    }

    private CloudTrailFilesExporter exporter() throws Exception {
        return new CloudTrailFilesExporter(layout(), clock, new CloudTrailFilesExporter.Settings("123456789012", "eu-west-1", "shop", keys,
                null, null, "rw-------", Duration.ofDays(90)));
    }

    private static AuditRecord record(String id, Instant time) {
        return new AuditRecord(id, time, "{\"eventVersion\":\"1.09\",\"eventTime\":\"" + time + "\",\"eventSource\":\"orders.shop\","
                + "\"eventName\":\"PlaceOrder\",\"eventID\":\"" + id + "\",\"readOnly\":false}");
    }

    private List<String> eventIds(List<Path> files) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Path file : files) {
            JSON.readTree(TrailFiles.gunzip(file)).path("Records").forEach(r -> ids.add(r.get("eventID").asText()));
        }
        return ids;
    }

    @Test
    void aBatchBecomesOneTrailFileInCloudTrailsLayoutWithItsIndexAndASignedDigest() throws Exception {
        List<AuditRecord> batch = List.of(record("e-1", T0), record("e-2", T0.plusSeconds(1)));
        try (CloudTrailFilesExporter exporter = exporter()) {
            clock.advance(Duration.ofMinutes(5));
            exporter.export(batch);
            clock.advance(Duration.ofMinutes(1));
            exporter.flush();
        }
        Instant delivered = T0.plus(Duration.ofMinutes(5));
        List<Path> files = TrailFiles.everyAccount(layout(), TrailKind.RECORDS);
        assertEquals(1, files.size(), files.toString());
        assertEquals(layout().trailDay("123456789012", TrailKind.RECORDS, "eu-west-1", delivered), files.get(0).getParent());
        String name = files.get(0).getFileName().toString();
        String unique = name.substring(name.lastIndexOf('_') + 1, name.length() - ".json.gz".length());
        assertEquals(DataLayout.trailFileName("123456789012", TrailKind.RECORDS, "eu-west-1", delivered, unique), name);
        assertEquals(String.format("%013x", delivered.toEpochMilli()), unique.substring(0, 13), "time-ordered: a minute's files list in order");
        assertEquals(files.get(0), CloudTrailFilesExporter.keptFile(layout(), batch.get(0).record()), "its name is kept for a repeat");
        assertEquals(List.of("e-1", "e-2"), eventIds(files));
        assertTrue(Files.exists(LookupIndex.indexOf(layout(), files.get(0))), "indexed for lookups");
        TrailValidator.Report report = TrailValidator.validate(dir, keys.getPublic(), T0, T0.plus(Duration.ofHours(1)));
        assertTrue(report.valid(), report.toString());
        assertEquals(1, report.validLogFiles(), report.toString());
        assertEquals(1, report.validDigests(), report.toString());
    }

    @Test
    void aBatchOfferedAgainAfterACrashIsWrittenOnceAndListedOnceInTheDigest() throws Exception {
        List<AuditRecord> batch = List.of(record("e-1", T0), record("e-2", T0));
        exporter().export(batch); // then the process dies, before the journal's segment is deleted and unclosed
        clock.advance(Duration.ofMinutes(7)); // a later start: a new name would have another time
        try (CloudTrailFilesExporter restarted = exporter()) {
            restarted.export(batch);
            restarted.flush();
        }
        List<Path> files = TrailFiles.everyAccount(layout(), TrailKind.RECORDS);
        assertEquals(List.of("e-1", "e-2"), eventIds(files), "the kept name led the repeat to the file it began");
        JsonNode state = JSON.readTree(layout().auditDigestState().toFile());
        Path digest = layout().audit().resolve(state.get("previousDigestS3Object").asText());
        List<Path> digests = TrailFiles.everyAccount(layout(), TrailKind.DIGESTS);
        int listed = 0;
        for (Path file : digests) {
            listed += JSON.readTree(TrailFiles.gunzip(file)).get("logFiles").size();
        }
        assertEquals(1, listed, "one digest entry for the file, whichever digest has it: " + digest);
        assertTrue(TrailValidator.validate(dir, keys.getPublic(), T0, T0.plus(Duration.ofHours(1))).valid());
    }

    @Test
    void nothingIsMadeWhereNoTrailRanAndNothingWasExported() throws Exception {
        try (CloudTrailFilesExporter exporter = exporter()) {
            exporter.flush(); // a monitor's flush, in an application that never audits
        }
        assertFalse(Files.exists(layout().audit()), "no audit folder, no keys, no digest");
    }

    @Test
    void theProviderReadsItsEntryAndNamesWhatIsWrong() {
        List<String> problems = new ArrayList<>();
        ConfigNode entry = ConfigNode.of("exporters[0]", (Map.of("type", "cloudtrail-files", "trailName", "x",
                "filePermissions", "-w-------")), problems);
        ExporterContext context = new ExporterContext("cloudtrail-files", layout(), clock, Metrics.noop());
        assertNull(new CloudTrailFilesProvider().create(Signal.AUDIT, context, entry));
        assertEquals(List.of("exporters[0].trailName: trail name 'x' must be 3 to 128 letters, digits, '.', '_' or '-', starting with a"
                + " letter or digit", "exporters[0].filePermissions: file permissions '-w-------' must let the owner read and write (rw-......)"),
                problems);
        assertEquals(java.util.Set.of(Signal.AUDIT), new CloudTrailFilesProvider().signals());
    }
}
