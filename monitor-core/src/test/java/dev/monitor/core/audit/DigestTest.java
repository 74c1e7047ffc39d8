package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.audit.internal.DigestKeys;
import dev.monitor.core.audit.internal.Digests;
import dev.monitor.core.audit.internal.TrailFiles;
import dev.monitor.testing.ManualClock;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Digests chained and signed as CloudTrail's, and every kind of tampering found by the validator. */
class DigestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private List<Path> digests;
    private List<Path> logs;

    /** Three hours of a trail: a digest an hour, one with no new files, and the last on close. */
    @BeforeEach
    void writeTrail() throws Exception {
        // Sync: each record is in the journal when record() returns, so each delivery's content is known.
        try (AuditTrail trail = AuditTrail.builder().dataDir(dir).sync().clock(clock).account("123456789012", "eu-west-1")
                .deliverEvery(Duration.ofHours(10), 100_000).digestEvery(Duration.ofHours(10)).build()) {
            for (int hour = 0; hour < 3; hour++) {
                if (hour != 1) {
                    trail.record(AuditEvent.builder("PutOrder").requestId("r-" + hour).build());
                    trail.deliverNow();
                    trail.record(AuditEvent.builder("DeleteOrder").requestId("d-" + hour).build());
                }
                clock.advance(Duration.ofHours(1));
                trail.digestNow();
            }
            trail.record(AuditEvent.builder("LastOne").build());
        }
        digests = files("CloudTrail-Digest");
        logs = files("/CloudTrail/");
    }

    private List<Path> files(String part) throws Exception {
        try (Stream<Path> walk = Files.walk(dir.resolve("audit"))) {
            return walk.filter(p -> p.toString().contains(part) && p.toString().endsWith(".json.gz")).sorted().toList();
        }
    }

    private TrailValidator.Report validate() throws Exception {
        return TrailValidator.validate(dir, SigningKeys.readPublicKey(dir.resolve("audit/public-key.pem")), T0.minusSeconds(60),
                T0.plus(Duration.ofDays(1)));
    }

    private static String status(TrailValidator.Report report, Path file) {
        return report.findings().stream().filter(f -> f.file().endsWith(file.getFileName().toString())).findFirst()
                .map(TrailValidator.Finding::status).orElse("not reported");
    }

    @Test
    void digestsAreChainedSignedAndCoverEveryFile() throws Exception {
        assertEquals(4, digests.size(), "one an hour, also without new files, and one on close");
        assertEquals(5, logs.size());
        Path first = digests.get(0);
        assertTrue(dir.resolve("audit").relativize(first).toString().matches("AWSLogs/123456789012/CloudTrail-Digest/eu-west-1/2026/11/22/"
                + "123456789012_CloudTrail-Digest_eu-west-1_monitor_eu-west-1_20261122T110000Z\\.json\\.gz"), first.toString());
        JsonNode digest = JSON.readTree(TrailFiles.gunzip(first));
        assertEquals("2026-11-22T10:00:00Z", digest.get("digestStartTime").asText());
        assertEquals("2026-11-22T11:00:00Z", digest.get("digestEndTime").asText());
        assertEquals("SHA256withRSA", digest.get("digestSignatureAlgorithm").asText());
        assertTrue(digest.get("digestPublicKeyFingerprint").asText().matches("[0-9a-f]{32}"));
        assertTrue(digest.get("previousDigestSignature").isNull(), "the first digest has none");
        assertEquals(2, digest.get("logFiles").size());
        JsonNode second = JSON.readTree(TrailFiles.gunzip(digests.get(1)));
        assertEquals(0, second.get("logFiles").size(), "an hour without files still has its digest");
        assertEquals(digest.get("digestS3Object").asText(), second.get("previousDigestS3Object").asText());
        assertEquals(TrailFiles.sha256Hex(TrailFiles.gunzip(first)), second.get("previousDigestHashValue").asText());

        TrailValidator.Report report = validate();
        assertTrue(report.valid(), report.toString());
        assertEquals(4, report.validDigests());
        assertEquals(5, report.validLogFiles());
    }

    @Test
    void aSignatureIsVerifiableWithTheJdksSignatureAlone() throws Exception {
        Path file = digests.get(2);
        byte[] content = TrailFiles.gunzip(file);
        JsonNode digest = JSON.readTree(content);
        String pem = Files.readString(dir.resolve("audit/public-key.pem"));
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(
                pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", ""))));
        String signed = digest.get("digestEndTime").asText() + "\n" + "local/" + digest.get("digestS3Object").asText() + "\n"
                + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content)) + "\n"
                + digest.get("previousDigestSignature").asText();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update(signed.getBytes(StandardCharsets.UTF_8));
        String signature = Files.readString(file.resolveSibling(file.getFileName() + ".sig")).trim();
        assertTrue(verifier.verify(HexFormat.of().parseHex(signature)));
    }

    @Test
    void oneChangedByteInALogFileIsReported() throws Exception {
        Path log = logs.get(1);
        byte[] content = TrailFiles.gunzip(log);
        content[content.length / 2] ^= 1;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(log))) {
            out.write(content);
        }
        TrailValidator.Report report = validate();
        assertFalse(report.valid());
        assertEquals("INVALID: hash value doesn't match", status(report, log));
        assertEquals(4, report.validLogFiles(), "the others stay valid: " + report);
    }

    @Test
    void aDeletedLogFileIsReported() throws Exception {
        Files.delete(logs.get(0));
        TrailValidator.Report report = validate();
        assertEquals("INVALID: not found", status(report, logs.get(0)));
        assertEquals(4, report.validDigests());
    }

    @Test
    void aDeletedDigestBreaksTheChainWhereItWas() throws Exception {
        Files.delete(digests.get(1));
        TrailValidator.Report report = validate();
        assertFalse(report.valid());
        assertEquals("INVALID: not found", status(report, digests.get(1)));
        // As the AWS CLI (awscli/customizations/cloudtrail/validation.py): past a missing digest it goes on with the next older one.
        assertEquals(3, report.validDigests(), "the others stay valid");
    }

    @Test
    void theGeneratedPrivateKeyIsReadableByItsOwnerOnly() throws Exception {
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("audit/keys/private-key.pem"))));
    }

    @Test
    void aDigestThatIsNoLongerGzippedJsonIsReportedNotThrown() throws Exception {
        Files.write(digests.get(1), "not a digest".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        TrailValidator.Report report = validate();
        assertFalse(report.valid());
        // The AWS CLI's words for a digest that is not gzipped JSON (validation.py, InvalidDigestFormat).
        assertEquals("INVALID: invalid format", status(report, digests.get(1)));
        assertEquals(3, report.validDigests(), "the others stay valid");
    }

    @Test
    void aDigestReplacedAndSignedWithAnotherKeyIsReported() throws Exception {
        Path victim = digests.get(2);
        byte[] content = TrailFiles.gunzip(victim);
        JsonNode digest = JSON.readTree(content);
        ((com.fasterxml.jackson.databind.node.ObjectNode) digest).putArray("logFiles"); // hide the files it listed
        byte[] forged = JSON.writeValueAsBytes(digest);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String signature = DigestKeys.sign(generator.generateKeyPair().getPrivate(), Digests.signingString(
                digest.get("digestEndTime").asText(), digest.get("digestS3Object").asText(), TrailFiles.sha256Hex(forged),
                digest.get("previousDigestSignature").asText()));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(victim))) {
            out.write(forged);
        }
        Files.writeString(victim.resolveSibling(victim.getFileName() + ".sig"), signature);
        TrailValidator.Report report = validate();
        assertFalse(report.valid());
        assertEquals("INVALID: signature verification failed", status(report, victim));
    }

    @Test
    void bytesAfterTheEndOfALogFilesGzipStreamMakeItInvalid() throws Exception {
        Path log = logs.get(1);
        Files.write(log, "appended".getBytes(StandardCharsets.US_ASCII), java.nio.file.StandardOpenOption.APPEND);
        TrailValidator.Report report = validate();
        assertFalse(report.valid());
        assertEquals("INVALID: unexpected data after end of compressed stream", status(report, log));
        assertEquals(4, report.validLogFiles(), "the others stay valid: " + report);
    }

    @Test
    void trailFilesThatNoDigestCoversAreInvalid() throws Exception {
        try (Stream<Path> walk = Files.walk(dir.resolve("audit/AWSLogs"))) {
            for (Path digest : walk.filter(p -> p.toString().contains("CloudTrail-Digest")).sorted(java.util.Comparator.reverseOrder())
                    .toList()) {
                Files.delete(digest);
            }
        }
        Files.delete(dir.resolve("audit/digest-state.json"));
        TrailValidator.Report report = validate();
        assertFalse(report.valid(), "a trail without digests is not intact");
        assertEquals(0, report.digests());
        assertEquals(5, report.logFiles());
        assertEquals("INVALID: no digest covers it", status(report, logs.get(0)));
    }

    @Test
    void theFoundRangeIsTheLaterOfTheRequestedStartAndTheOldestValidDigestsStart() throws Exception {
        // validate-logs' "Results found for" (awscli/customizations/cloudtrail/validation.py, _track_found_times).
        TrailValidator.Report report = TrailValidator.validate(dir, SigningKeys.readPublicKey(dir.resolve("audit/public-key.pem")),
                T0.minusSeconds(3600), T0.plus(Duration.ofMinutes(150)));
        assertEquals(T0, report.foundStart(), "the first digest starts later than asked");
        assertEquals(T0.plus(Duration.ofMinutes(150)), report.foundEnd(), "the newest digest ends later than asked");
        assertEquals("2026-11-22T10:00:00Z", TrailValidator.display(Instant.parse("2026-11-22T10:00:00.123Z")));
    }

    @Test
    void aDamagedDigestStateNeitherStopsTheTrailNorValidation() throws Exception {
        Files.writeString(dir.resolve("audit/digest-state.json"), "{not json");
        TrailValidator.Report report = validate();
        assertEquals(4, report.validDigests(), report.toString());
        try (LogCapture log = new LogCapture();
             AuditTrail trail = AuditTrail.builder().dataDir(dir).sync().clock(clock).account("123456789012", "eu-west-1").build()) {
            trail.record(AuditEvent.builder("AfterDamage").build());
            assertTrue(log.text().contains("digest-state.json is damaged"), log.text());
        }
        try (Stream<Path> files = Files.list(dir.resolve("audit"))) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("digest-state.json.damaged-")));
        }
    }
}
