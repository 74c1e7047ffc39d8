package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.audit.internal.DigestKeys;
import dev.monitor.core.audit.internal.TrailFiles;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.AuditRecord;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.StderrCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the s3 audit exporter puts, decoded from the SDK's path-style PutObject requests: CloudTrail's
 * log file keys and content, digest files with their signature in the object metadata
 * ({@code x-amz-meta-signature}, {@code x-amz-meta-signature-algorithm}) verified against CloudTrail's
 * signing string, the chain between digests, SSE-KMS, and that no audit record is lost when S3 fails.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-name-format.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html
 */
class S3AuditExporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "audit-bucket";
    private static final String ACCOUNT = "123456789012";
    private static final Pattern LOG_KEY = Pattern.compile("trails/AWSLogs/123456789012/CloudTrail/us-east-1/2026/12/02/"
            + "123456789012_CloudTrail_us-east-1_20261202T1000Z_[0-9a-f]{16}\\.json\\.gz");
    private static KeyPair keys;
    private Fixture fixture;
    private Loopback s3;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @BeforeEach
    void start() throws Exception {
        fixture = new Fixture();
        s3 = new Loopback((request, i) -> FakeS3.ok());
    }

    @AfterEach
    void stop() {
        s3.close();
        fixture.close();
    }

    private S3AuditExporter exporter(String kmsKeyId) {
        ExporterContext context = fixture.context("s3");
        return new S3AuditExporter(AwsClients.open(fixture.settings().withEndpoint(s3.endpoint()), context), context,
                new S3AuditExporter.Settings(BUCKET, "trails", ACCOUNT, "monitor", kmsKeyId, Duration.ofHours(1)), () -> keys, true);
    }

    private static AuditRecord record(int n, Instant at) {
        String id = String.format("00000000-0000-0000-0000-%012d", n);
        return new AuditRecord(id, at, "{\"eventVersion\":\"1.09\",\"eventID\":\"" + id + "\",\"eventTime\":\"" + at
                + "\",\"eventName\":\"PutMetricAlarm\"}");
    }

    private List<FakeS3.Put> puts() {
        return FakeS3.puts(s3);
    }

    private List<FakeS3.Put> puts(String kind) {
        return puts().stream().filter(p -> p.key().contains("/" + kind + "/")).toList();
    }

    /** Checks a digest's signature from its metadata as a validator would, and returns the digest. */
    private static JsonNode verifiedDigest(FakeS3.Put digest) throws IOException {
        assertEquals("SHA256withRSA", digest.header("x-amz-meta-signature-algorithm"));
        String content = digest.gunzipped();
        JsonNode node = JSON.readTree(content);
        String signing = node.get("digestEndTime").asText() + "\n" + digest.bucket() + "/" + digest.key() + "\n"
                + TrailFiles.sha256Hex(content.getBytes(StandardCharsets.UTF_8)) + "\n"
                + (node.get("previousDigestSignature").isNull() ? "null" : node.get("previousDigestSignature").asText());
        assertTrue(DigestKeys.verify(keys.getPublic(), signing, digest.header("x-amz-meta-signature")),
                "the signature in x-amz-meta-signature verifies over CloudTrail's signing string");
        return node;
    }

    @Test
    void aBatchIsOneLogFileUnderCloudTrailsKeyAndTheDigestListsItSigned() throws Exception {
        Instant at = Fixture.T0.minusSeconds(30);
        try (S3AuditExporter exporter = exporter(null)) {
            exporter.export(List.of(record(1, at), record(2, at.plusSeconds(1))));
            exporter.flush();
        }
        List<FakeS3.Put> logs = puts("CloudTrail");
        assertEquals(1, logs.size());
        FakeS3.Put log = logs.get(0);
        assertEquals("/" + BUCKET + "/" + log.key(), log.request().path(), "path-style addressing");
        assertEquals(BUCKET, log.bucket());
        assertTrue(LOG_KEY.matcher(log.key()).matches(), log.key());
        JsonNode records = JSON.readTree(log.gunzipped()).get("Records");
        assertEquals(2, records.size());
        assertEquals("00000000-0000-0000-0000-000000000002", records.get(1).get("eventID").asText());
        assertNull(log.header("x-amz-server-side-encryption"));

        List<FakeS3.Put> digests = puts("CloudTrail-Digest");
        assertEquals(1, digests.size());
        FakeS3.Put digest = digests.get(0);
        assertEquals("trails/AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/12/02/"
                + "123456789012_CloudTrail-Digest_us-east-1_monitor_us-east-1_20261202T100001Z.json.gz", digest.key());
        JsonNode node = verifiedDigest(digest);
        assertEquals(ACCOUNT, node.get("awsAccountId").asText());
        assertEquals(BUCKET, node.get("digestS3Bucket").asText());
        assertEquals(digest.key(), node.get("digestS3Object").asText());
        assertEquals(DigestKeys.fingerprint(keys.getPublic()), node.get("digestPublicKeyFingerprint").asText());
        assertEquals(at.toString(), node.get("oldestEventTime").asText());
        assertTrue(node.get("previousDigestSignature").isNull() && node.get("previousDigestS3Object").isNull(), "the first of its chain");
        JsonNode listed = node.get("logFiles").get(0);
        assertEquals(log.key(), listed.get("s3Object").asText());
        assertEquals(BUCKET, listed.get("s3Bucket").asText());
        assertEquals(TrailFiles.sha256Hex(log.gunzipped().getBytes(StandardCharsets.UTF_8)), listed.get("hashValue").asText());
        assertEquals("SHA-256", listed.get("hashAlgorithm").asText());
    }

    @Test
    void digestsChainEachToThePreviousAndOneComesEachHourEvenWithoutFiles() throws Exception {
        try (S3AuditExporter exporter = exporter(null)) {
            exporter.export(List.of(record(1, Fixture.T0)));
            fixture.clock.advance(Duration.ofMinutes(59).plusSeconds(59));
            exporter.export(List.of());
            assertEquals(0, puts("CloudTrail-Digest").size(), "not before the hour");
            fixture.clock.advance(Duration.ofSeconds(1));
            exporter.export(List.of());
            assertEquals(1, puts("CloudTrail-Digest").size(), "at the hour");
            fixture.clock.advance(Duration.ofHours(1));
            exporter.flush();
        }
        List<FakeS3.Put> digests = puts("CloudTrail-Digest");
        assertEquals(2, digests.size(), "close adds none: nothing was put since the last");
        JsonNode first = verifiedDigest(digests.get(0));
        JsonNode second = verifiedDigest(digests.get(1));
        assertEquals(1, first.get("logFiles").size());
        assertEquals(0, second.get("logFiles").size(), "an hour without files still has its digest");
        assertEquals(first.get("digestEndTime"), second.get("digestStartTime"));
        assertEquals(digests.get(0).key(), second.get("previousDigestS3Object").asText());
        assertEquals(BUCKET, second.get("previousDigestS3Bucket").asText());
        assertEquals(digests.get(0).header("x-amz-meta-signature"), second.get("previousDigestSignature").asText());
        assertEquals(TrailFiles.sha256Hex(digests.get(0).gunzipped().getBytes(StandardCharsets.UTF_8)),
                second.get("previousDigestHashValue").asText());
    }

    @Test
    void theChainSurvivesARestartFromTheStateKeptInTheDataDirectory() throws Exception {
        try (S3AuditExporter first = exporter(null)) {
            first.export(List.of(record(1, Fixture.T0)));
            fixture.clock.advance(Duration.ofHours(1));
            first.flush(); // a digest, the first of its chain
            first.export(List.of(record(2, Fixture.T0.plusSeconds(3600))));
        } // closing makes the last digest of this run
        List<FakeS3.Put> before = puts("CloudTrail-Digest");
        FakeS3.Put last = before.get(before.size() - 1);
        fixture.clock.advance(Duration.ofHours(1));
        try (S3AuditExporter second = exporter(null)) { // a new process: only the data directory is left
            second.export(List.of(record(3, Fixture.T0.plusSeconds(7200))));
            fixture.clock.advance(Duration.ofHours(1));
            second.flush();
        }
        List<FakeS3.Put> digests = puts("CloudTrail-Digest");
        JsonNode resumed = verifiedDigest(digests.get(before.size()));
        assertEquals(last.key(), resumed.get("previousDigestS3Object").asText(), "the new run's first digest names the last one");
        assertEquals(last.header("x-amz-meta-signature"), resumed.get("previousDigestSignature").asText());
        assertEquals(TrailFiles.sha256Hex(last.gunzipped().getBytes(StandardCharsets.UTF_8)), resumed.get("previousDigestHashValue").asText());
        assertEquals(JSON.readTree(last.gunzipped()).get("digestEndTime").asText(), resumed.get("digestStartTime").asText(),
                "no gap between the runs");
    }

    @Test
    void everyPutIsMeteredAsAnS3RequestAndItsStorageToTheMonthsEnd() throws Exception {
        try (S3AuditExporter exporter = exporter(null)) {
            exporter.export(List.of(record(1, Fixture.T0)));
        }
        long objects = puts().size();
        long bytes = puts().stream().mapToLong(p -> p.body().length).sum();
        assertEquals((double) objects, fixture.metered.get("AmazonS3 Requests-Tier1"));
        // 2026-12-02T10:00Z: 29 days 14 hours of December's 31 days are ahead
        double rest = (29 * 24 + 14) / (31 * 24.0);
        assertEquals(bytes / 1e9 * rest, fixture.metered.get("AmazonS3 TimedStorage-ByteHrs"), 1e-15);
    }

    @Test
    void withAKmsKeyEveryObjectIsPutWithSseKms() throws Exception {
        String kms = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        try (S3AuditExporter exporter = exporter(kms)) {
            exporter.export(List.of(record(1, Fixture.T0)));
        }
        assertEquals(2, puts().size(), "the log file, and the digest at close");
        for (FakeS3.Put put : puts()) {
            assertEquals("aws:kms", put.header("x-amz-server-side-encryption"), put.key());
            assertEquals(kms, put.header("x-amz-server-side-encryption-aws-kms-key-id"), put.key());
        }
    }

    @Test
    void slowDownAndServerErrorsAreRetriedByTheSdk() throws Exception {
        s3.responder = (request, i) -> i == 0 ? FakeS3.error(503, "SlowDown", "Please reduce your request rate.")
                : i == 1 ? FakeS3.error(500, "InternalError", "We encountered an internal error. Please try again.") : FakeS3.ok();
        try (S3AuditExporter exporter = exporter(null)) {
            exporter.export(List.of(record(1, Fixture.T0)));
        }
        List<FakeS3.Put> logs = puts("CloudTrail");
        assertEquals(3, logs.size());
        assertEquals(logs.get(0).key(), logs.get(2).key());
        String[] usage = {"Service", "S3", "Type", "API", "Resource", "PutObject", "Class", "None"};
        assertEquals(4.0, fixture.self.sum("CallCount", usage), fixture.self.seen("CallCount"));
        assertEquals(1.0, fixture.self.sum("ThrottleCount", usage), fixture.self.seen("ThrottleCount"));
    }

    @Test
    void whenS3IsDownExportThrowsSoTheJournalKeepsTheRecordsAndTheRepeatGoesUnderTheSameKeyOnce() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        s3.responder = (request, i) -> down.get() ? FakeS3.error(503, "ServiceUnavailable", "down") : FakeS3.ok();
        List<AuditRecord> batch = List.of(record(1, Fixture.T0), record(2, Fixture.T0));
        try (StderrCapture stderr = new StderrCapture(); S3AuditExporter exporter = exporter(null)) {
            IOException failed = assertThrows(IOException.class, () -> exporter.export(batch));
            assertTrue(failed.getMessage().contains("Nothing is dropped: the audit trail's journal keeps the records"), failed.getMessage());
            assertThrows(IOException.class, () -> exporter.export(batch));
            assertEquals(1, stderr.text().split("could not put", -1).length - 1, "one warning for the outage: " + stderr.text());
            fixture.clock.advance(Duration.ofMinutes(2));
            down.set(false);
            exporter.export(batch); // the journal offers it again
            exporter.export(batch); // and again, after another audit exporter failed: not put twice
        }
        List<FakeS3.Put> logs = puts("CloudTrail");
        assertEquals(3 + 3 + 1, logs.size(), "two failed offers of three attempts each, then one put");
        assertEquals(1, logs.stream().map(FakeS3.Put::key).distinct().count(), "every attempt under one key");
        JsonNode digest = verifiedDigest(puts("CloudTrail-Digest").get(0));
        assertEquals(1, digest.get("logFiles").size());
    }

    @Test
    void aDigestThatCannotBePutIsKeptAndPutUnchangedLater() throws Exception {
        try (StderrCapture stderr = new StderrCapture(); S3AuditExporter exporter = exporter(null)) {
            exporter.export(List.of(record(1, Fixture.T0)));
            s3.responder = (request, i) -> FakeS3.error(403, "AccessDenied", "Access Denied");
            assertThrows(IOException.class, exporter::flush);
            fixture.clock.advance(Duration.ofMinutes(5));
            s3.responder = (request, i) -> FakeS3.ok();
            exporter.flush();
            assertTrue(stderr.text().contains("kept, and put at the next export or flush"), stderr.text());
        }
        List<FakeS3.Put> digests = puts("CloudTrail-Digest");
        assertEquals(2, digests.size(), "the refused put, then the same digest; close adds none");
        assertEquals(digests.get(0).key(), digests.get(1).key());
        assertEquals(digests.get(0).header("x-amz-meta-signature"), digests.get(1).header("x-amz-meta-signature"));
        assertEquals(digests.get(0).gunzipped(), digests.get(1).gunzipped());
        verifiedDigest(digests.get(1));
    }

    @Test
    void theProviderNamesWhatIsWrongWithItsSettings() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("type", "s3");
        settings.put("bucket", "Audit_Bucket");
        settings.put("account", "1234");
        settings.put("region", "us-east-1");
        ConfigNode node = ConfigNode.of("exporters[0]", settings, problems);
        assertNull(new S3AuditExporter.Provider().create(Signal.AUDIT, fixture.context("s3"), node));
        String all = String.join("\n", problems);
        assertTrue(all.contains("'Audit_Bucket' is not an S3 bucket name"), all);
        assertTrue(all.contains("'1234' is not an AWS account id: 12 digits"), all);
        List<String> missing = new ArrayList<>();
        assertNull(new S3AuditExporter.Provider().create(Signal.AUDIT, fixture.context("s3"),
                ConfigNode.of("exporters[0]", Map.of("type", "s3", "region", "us-east-1"), missing)));
        assertFalse(missing.isEmpty());
        assertTrue(String.join("\n", missing).contains("bucket"), missing.toString());
    }
}
