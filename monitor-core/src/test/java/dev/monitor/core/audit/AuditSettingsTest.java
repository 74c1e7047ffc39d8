package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.core.Monitor;
import dev.monitor.core.config.ConfigException;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trail a monitor makes from its {@code audit:} section, and what a bad section says. */
class AuditSettingsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theConfiguredTrailUsesTheMonitorsAccountRegionClockAndSelectors() throws Exception {
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                account: "123456789012"
                region: eu-west-1
                metrics:
                  builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                audit:
                  durability: sync
                  deliverEvery: 1h
                  secretWords: [pin]
                  advancedEventSelectors:
                    - Name: writes only
                      FieldSelectors:
                        - {Field: readOnly, Equals: ["false"]}
                """);
        try (Monitor monitor = Monitor.builder().config(config).dataDir(dir).clock(new ManualClock(T0)).tickEvery(Duration.ZERO).build()) {
            monitor.audit().call("DeleteOrder").by(UserIdentity.user("ann")).request(java.util.Map.of("pin", "1234")).run(() -> { });
            monitor.audit().call("GetOrder").read().run(() -> { });
        }
        JsonNode answer = AuditTrail.lookupEventsTree(dir, null, T0, T0.plusSeconds(60), 50, null, new java.util.ArrayList<>());
        assertEquals(1, answer.get("Events").size(), "the read was not selected");
        JsonNode record = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.at("/Events/0/CloudTrailEvent").asText());
        assertEquals("123456789012", record.get("recipientAccountId").asText());
        assertEquals("eu-west-1", record.get("awsRegion").asText());
        assertEquals(Redactor.REDACTED, record.at("/requestParameters/pin").asText());
        assertTrue(Files.isDirectory(dir.resolve("audit/AWSLogs/123456789012/CloudTrail/eu-west-1/2026/11/22")));
    }

    @Test
    void configuredKeyFilesSignTheDigestsUnderTheConfiguredTrailName() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair keys = generator.generateKeyPair();
        java.util.Base64.Encoder base64 = java.util.Base64.getMimeEncoder();
        Path privateKey = Files.writeString(dir.resolve("audit-key.pem"),
                "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Path publicKey = Files.writeString(dir.resolve("audit-key.pub.pem"),
                "-----BEGIN PUBLIC KEY-----\n" + base64.encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Path config = Files.writeString(dir.resolve("monitor.yaml"), String.format("""
                metrics:
                  builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                audit:
                  trailName: shop-trail
                  digestEvery: 2h
                  signingKeys: {privateKeyFile: '%s', publicKeyFile: '%s'}
                """, privateKey, publicKey));
        try (Monitor monitor = Monitor.builder().config(config).dataDir(dir).clock(new ManualClock(T0)).tickEvery(Duration.ZERO).build()) {
            monitor.audit().call("DeleteOrder").by(UserIdentity.user("ann")).run(() -> { });
        }
        assertTrue(Files.notExists(dir.resolve("audit/keys/private-key.pem")), "no key is generated when one is configured");
        assertEquals(keys.getPublic(), SigningKeys.readPublicKey(dir.resolve("audit/public-key.pem")));
        List<Path> digests;
        try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve("audit/AWSLogs"))) {
            digests = files.filter(p -> p.toString().endsWith(".json.gz") && p.toString().contains("CloudTrail-Digest")).toList();
        }
        assertEquals(1, digests.size(), "the digest written on close");
        assertTrue(digests.get(0).getFileName().toString().contains("_shop-trail_"), digests.get(0).toString());
        assertTrue(TrailValidator.validate(dir, keys.getPublic(), T0.minusSeconds(60), T0.plusSeconds(60)).valid());
    }

    @Test
    void configuredKeyFilesThatAreAbsentAreMadeAndKept() throws Exception {
        // The README's promise for signingKeys: "made and kept when absent".
        Path privateKey = dir.resolve("keys/audit-key.pem");
        Path publicKey = dir.resolve("keys/audit-key.pub.pem");
        Path config = Files.writeString(dir.resolve("monitor.yaml"), String.format("""
                metrics:
                  builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                audit:
                  signingKeys: {privateKeyFile: '%s', publicKeyFile: '%s'}
                """, privateKey, publicKey));
        for (int run = 0; run < 2; run++) {
            try (Monitor monitor = Monitor.builder().config(config).dataDir(dir).clock(new ManualClock(T0)).tickEvery(Duration.ZERO)
                    .build()) {
                monitor.audit().call("DeleteOrder").by(UserIdentity.user("ann")).run(() -> { });
            }
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)));
        java.security.PublicKey kept = SigningKeys.readPublicKey(publicKey);
        assertEquals(kept, SigningKeys.readPublicKey(dir.resolve("audit/public-key.pem")));
        TrailValidator.Report report = TrailValidator.validate(dir, kept, T0.minusSeconds(60), T0.plusSeconds(60));
        assertTrue(report.valid() && report.validDigests() == 2, "both runs signed with the one kept pair: " + report);
    }

    @Test
    void badSettingsAreReportedWithTheirPaths() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                audit:
                  durability: sometimes
                  advancedEventSelectors:
                    - Name: broken
                      FieldSelectors:
                        - {Field: readOnly, Equals: ["maybe"]}
                        - {Field: colour, Equals: ["blue"]}
                  loudness: 11
                  trailName: "a/b"
                  signingKeys: {privateKeyFile: no-such-key.pem}
                  insights: {factor: -2}
                  filePermissions: rwxrwxrwz
                """);
        String message = assertThrows(ConfigException.class, () -> Monitor.builder().config(config).dataDir(dir).build()).getMessage();
        assertTrue(message.contains("audit.durability: "), message);
        assertTrue(message.contains("audit.advancedEventSelectors[0].FieldSelectors[0].Equals: selector field 'readOnly' takes Equals"), message);
        assertTrue(message.contains("audit.advancedEventSelectors[0].FieldSelectors[1].Equals: selector field 'colour' is not one of"), message);
        assertTrue(message.contains("audit.loudness"), message);
        assertTrue(message.contains("audit.trailName: trail name 'a/b' must be 3 to 128"), message);
        assertTrue(message.contains("audit.signingKeys.publicKeyFile: required"), message);
        assertTrue(message.contains("audit.insights: insights take a factor above 0 (not -2.0)"), message);
        assertTrue(message.contains("audit.filePermissions: file permissions 'rwxrwxrwz' are not nine characters like rw-------"), message);
    }

    @Test
    void filePermissionsTheOwnerCannotReadOrWriteAreRefusedAsTheLogsRefuseThem() throws Exception {
        for (String permissions : List.of("-w-------", "r--------")) {
            Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                    metrics:
                      builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                    audit:
                      filePermissions: "%s"
                    """.formatted(permissions));
            String message = assertThrows(ConfigException.class, () -> Monitor.builder().config(config).dataDir(dir).build()).getMessage();
            assertTrue(message.contains("audit.filePermissions: file permissions '" + permissions
                    + "' must let the owner read and write (rw-......)"), message);
        }
        assertFalse(Files.exists(dir.resolve("audit/journal")), "no journal it could not read back");
    }

    @Test
    void builderValuesOutsideTheirRulesAreRefusedNamingThem() {
        AuditTrail.Builder builder = AuditTrail.builder().dataDir(dir);
        assertEquals("fsyncEvery PT0S must be positive",
                assertThrows(IllegalArgumentException.class, () -> builder.buffered(Duration.ZERO)).getMessage());
        assertEquals("deliverAfterRecords 0 must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> builder.deliverEvery(Duration.ofMinutes(5), 0)).getMessage());
        assertEquals("retention PT-24H must be positive",
                assertThrows(IllegalArgumentException.class, () -> builder.retention(Duration.ofDays(-1))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.insights(Duration.ofDays(7), 3, 1.5, 10)).getMessage()
                .contains("an errorRateMargin from 0 to 1 (not 1.5)"));
    }
}
