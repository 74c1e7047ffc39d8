package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.audit.AuditEvent;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.audit.SigningKeys;
import dev.monitor.testing.ManualClock;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit verbs over damaged, missing and half-delivered trails, and the public key exported for the AWS CLI's validator. */
class AuditDamageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Three trail files of one record each (EventName Put-0, Put-1, Put-2) and a digest. */
    private List<Path> trail() throws Exception {
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        try (AuditTrail trail = AuditTrail.builder().dataDir(dir).sync().clock(clock).deliverEvery(Duration.ofHours(1), 100_000).build()) {
            for (int i = 0; i < 3; i++) {
                trail.record(AuditEvent.builder("Put-" + i).build());
                trail.deliverNow();
                clock.advance(Duration.ofMinutes(1));
            }
        }
        try (Stream<Path> walk = Files.walk(dir.resolve("audit/AWSLogs"))) {
            return walk.filter(p -> p.toString().contains("/CloudTrail/") && p.toString().endsWith(".json.gz")).sorted().toList();
        }
    }

    private CliRun lookup(String... more) {
        List<String> args = new ArrayList<>(List.of("audit", "lookup-events", "--data-dir", dir.toString(), "--start-time",
                "2026-11-22T09:00:00Z", "--end-time", "2026-11-22T11:00:00Z"));
        args.addAll(List.of(more));
        CliRun cli = new CliRun();
        assertEquals(0, cli.run(args.toArray(new String[0])), cli.err());
        return cli;
    }

    private static List<String> names(CliRun cli) throws Exception {
        List<String> names = new ArrayList<>();
        JSON.readTree(cli.out()).get("Events").forEach(e -> names.add(e.get("EventName").asText()));
        return names;
    }

    @Test
    void lookupEventsSkipsEveryKindOfDamageAndAnswersFromTheRest() throws Exception {
        List<Path> files = trail();
        Path index0 = dir.resolve("audit/index").resolve(files.get(0).getFileName() + ".idx");
        Path index1 = dir.resolve("audit/index").resolve(files.get(1).getFileName() + ".idx");
        Files.write(index0, new byte[0]); // an empty index: the trail file is read instead, not "no events"
        Files.writeString(index1, "garbage\n");
        byte[] whole = Files.readAllBytes(files.get(2));
        Files.write(files.get(2), java.util.Arrays.copyOf(whole, whole.length / 2)); // a cut .gz
        Files.delete(dir.resolve("audit/index").resolve(files.get(2).getFileName() + ".idx"));
        Path folder = files.get(0).resolveSibling("000000000000_CloudTrail_local_20261122T1000Z_ffffffffffffffff.json.gz");
        Files.createDirectories(folder); // a folder where a file belongs
        Path notUtf8 = files.get(0).resolveSibling("000000000000_CloudTrail_local_20261122T1000Z_eeeeeeeeeeeeeeee.json.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(notUtf8))) {
            out.write(new byte[] {'{', '"', 'R', (byte) 0xC3, (byte) 0x28, '"', ':', '[', ']', '}'});
        }

        CliRun cli = lookup();
        assertEquals(List.of("Put-1", "Put-0"), names(cli), cli.err());
        String err = cli.err();
        assertTrue(err.contains("monitor: warning: skipped " + index0 + ": the index is empty; its trail file is read instead"), err);
        assertTrue(err.contains("monitor: warning: skipped " + index1 + ": line 1 is not an index line"), err);
        assertTrue(err.contains("monitor: warning: skipped " + files.get(2) + ": unexpected end of compressed stream"), err);
        assertTrue(err.contains("monitor: warning: skipped " + folder + ": "), err);
        assertTrue(err.contains("monitor: warning: skipped " + notUtf8 + ": "), err);
        assertTrue(!err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void recordsStillInTheJournalAreFoundAfterACrash() throws Exception {
        AuditTrail crashed = AuditTrail.builder().dataDir(dir).sync().clock(ManualClock.at("2026-11-22T10:00:00Z")).build();
        crashed.record(AuditEvent.builder("DeleteOrder").build()); // never closed, never delivered
        CliRun cli = lookup();
        assertEquals(List.of("DeleteOrder"), names(cli), cli.err());

        CliRun validate = new CliRun();
        assertEquals(0, validate.run("audit", "validate-logs", "--data-dir", dir.toString(), "--start-time", "2026-11-22T09:00:00Z",
                "--end-time", "2026-11-22T11:00:00Z"), validate.err());
        assertTrue(validate.out().contains("No digests found\n"), validate.out());
        assertTrue(validate.out().contains("1 records await delivery in "), validate.out());
    }

    @Test
    void validateLogsWithTrailFilesButNoDigestsIsInvalid() throws Exception {
        trail();
        try (Stream<Path> walk = Files.walk(dir.resolve("audit/AWSLogs"))) {
            for (Path digest : walk.filter(p -> p.toString().contains("CloudTrail-Digest") && Files.isRegularFile(p)).toList()) {
                Files.delete(digest);
            }
        }
        Files.writeString(dir.resolve("audit/digest-state.json"), "{damaged");
        CliRun cli = new CliRun();
        assertEquals(1, cli.run("audit", "validate-logs", "--data-dir", dir.toString(), "--start-time", "2026-11-22T09:00:00Z",
                "--end-time", "2026-11-22T11:00:00Z"));
        assertTrue(cli.err().contains("\tINVALID: no digest covers it\n\n"), cli.err());
        assertTrue(cli.out().contains("0/3 log files valid, 3/3 log files INVALID"), cli.out());
        assertTrue(cli.err().contains("monitor: warning: skipped " + dir.resolve("audit/digest-state.json")), cli.err());
    }

    @Test
    void nothingToReadIsExit252NamingTheFolder() {
        CliRun cli = new CliRun();
        assertEquals(252, cli.run("audit", "lookup-events", "--data-dir", dir.toString()));
        assertEquals(252, new CliRun().run("audit", "lookup-events", "--data-dir", dir.resolve("none").toString()));
        assertTrue(cli.err().contains("no audit trail files"), cli.err());
        assertTrue(cli.err().contains(dir.resolve("audit").toString()), cli.err());
        CliRun validate = new CliRun();
        assertEquals(252, validate.run("audit", "validate-logs", "--data-dir", dir.toString(), "--start-time", "2026-11-22T09:00:00Z"));
        assertTrue(validate.err().contains("no audit trail files"), validate.err());
    }

    @Test
    void aNextTokenThisTrailDidNotGiveIsAClearError() throws Exception {
        trail();
        for (String token : new String[] {"not-a-token", Base64.getUrlEncoder().encodeToString("offset:-5".getBytes())}) {
            CliRun cli = new CliRun();
            assertEquals(252, cli.run("audit", "lookup-events", "--data-dir", dir.toString(), "--next-token", token));
            assertTrue(cli.err().contains("--next-token: NextToken '" + token + "' is not a token this trail gave"), cli.err());
        }
        CliRun first = lookup("--max-results", "2");
        CliRun next = lookup("--max-results", "2", "--next-token", JSON.readTree(first.out()).get("NextToken").asText());
        assertEquals(List.of("Put-2", "Put-1"), names(first));
        assertEquals(List.of("Put-0"), names(next));
    }

    @Test
    void exportPublicKeyWritesPkcs1DerAsListPublicKeysReturnsIt() throws Exception {
        trail();
        CliRun cli = new CliRun();
        assertEquals(0, cli.run("audit", "export-public-key", "--data-dir", dir.toString()), cli.err());
        byte[] der = Files.readAllBytes(dir.resolve("audit/public-key.der"));
        JsonNode answer = JSON.readTree(cli.out());
        // ListPublicKeys returns the key base64-encoded as PKCS #1 DER; the AWS CLI loads it with RSA.new_public_key_from_der_data
        // (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListPublicKeys.html).
        assertArrayEquals(der, Base64.getDecoder().decode(answer.at("/PublicKeyList/0/Value").asText()));
        RSAPublicKey key = (RSAPublicKey) SigningKeys.readPublicKey(dir.resolve("audit/public-key.pem"));
        assertEquals(SigningKeys.fingerprint(key), answer.at("/PublicKeyList/0/Fingerprint").asText());
        // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }, parsed back.
        int[] at = {0};
        assertEquals(0x30, der[at[0]++] & 0xff);
        assertEquals(der.length - at[0] - lengthBytes(der, at[0]), length(der, at));
        assertEquals(key.getModulus(), integer(der, at));
        assertEquals(key.getPublicExponent(), integer(der, at));
        assertEquals(der.length, at[0], "nothing after the sequence");
    }

    private static int lengthBytes(byte[] der, int at) {
        return (der[at] & 0x80) == 0 ? 1 : 1 + (der[at] & 0x7f);
    }

    private static int length(byte[] der, int[] at) {
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = length << 8 | (der[at[0]++] & 0xff);
        }
        return length;
    }

    private static BigInteger integer(byte[] der, int[] at) {
        assertEquals(0x02, der[at[0]++] & 0xff, "an INTEGER");
        int length = length(der, at);
        BigInteger value = new BigInteger(java.util.Arrays.copyOfRange(der, at[0], at[0] + length));
        at[0] += length;
        return value;
    }
}
