package dev.monitor.core.audit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.files.DataLayout.TrailKind;
import dev.monitor.core.files.DataLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Not API: part of the monitor's audit runtime. Digest files in CloudTrail's layout and fields, each listing the trail files delivered since
 * the previous one with the SHA-256 of their uncompressed content, chained to the previous digest
 * by its hash and signature, and signed with SHA256withRSA over the string CloudTrail signs:
 * {@code digestEndTime \n bucket/object \n hex SHA-256 of this digest \n previous signature}
 * (the literal {@code null} for the first). CloudTrail keeps a digest's signature in its S3
 * object's metadata; here it is the file beside it, {@code <digest>.sig}, in hex. The bucket is
 * the word {@code local}, the object the path under {@code <data-dir>/audit}.
 */
public final class Digests {
    public static final String BUCKET = "local";

    private final DataLayout layout;
    private final Path auditDir;
    private final String account;
    private final String region;
    private final String trailName;
    private final KeyPair keys;
    private final Clock clock;
    private final ObjectMapper json;
    private final FileModes modes;
    private final Path stateFile;
    /** What the next digest needs: the previous one, and the files delivered since. */
    private ObjectNode state;

    public Digests(DataLayout layout, String account, String region, String trailName, KeyPair keys, Clock clock, ObjectMapper json,
            FileModes modes) throws IOException {
        this.layout = layout;
        this.auditDir = layout.audit();
        this.account = account;
        this.region = region;
        this.trailName = trailName;
        this.keys = keys;
        this.clock = clock;
        this.json = json;
        this.modes = modes;
        this.stateFile = layout.auditDigestState();
        state = Files.exists(stateFile) ? readState() : null;
        if (state == null) {
            state = json.createObjectNode();
            state.put("digestStartTime", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
            state.putArray("logFiles");
            save();
        }
    }

    /**
     * The saved state, or null when it is damaged: then it is kept aside as
     * {@code digest-state.json.damaged-<millis>} and the next digest starts a new chain (validation
     * reports the gap) rather than the trail failing to start.
     */
    private ObjectNode readState() throws IOException {
        String problem;
        try {
            JsonNode read = json.readTree(stateFile.toFile());
            if (read instanceof ObjectNode object && object.path("logFiles").isArray()
                    && Instant.parse(object.path("digestStartTime").asText()) != null) {
                return object;
            }
            problem = "not the digest state's JSON object";
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage();
        }
        Path aside = stateFile.resolveSibling(stateFile.getFileName() + ".damaged-" + clock.millis());
        Files.move(stateFile, aside, StandardCopyOption.REPLACE_EXISTING);
        org.slf4j.LoggerFactory.getLogger(Digests.class).warn("the audit digest state {} is damaged ({}); kept as {}, and the next digest"
                + " starts a new chain", stateFile, problem, aside.getFileName());
        return null;
    }

    /** Notes a delivered trail file for the next digest, once: a delivery repeated after a crash may note it again. */
    public synchronized void delivered(TrailFiles.Delivered file) throws IOException {
        ArrayNode files = (ArrayNode) state.get("logFiles");
        for (JsonNode listed : files) {
            if (file.relativePath().equals(listed.path("s3Object").asText())) {
                return;
            }
        }
        ObjectNode entry = files.addObject();
        entry.put("s3Bucket", BUCKET);
        entry.put("s3Object", file.relativePath());
        entry.put("hashValue", file.sha256());
        entry.put("hashAlgorithm", "SHA-256");
        entry.put("newestEventTime", file.newest().toString());
        entry.put("oldestEventTime", file.oldest().toString());
        save();
    }

    /** Writes the digest of the files delivered since the last one (also when there are none). */
    public synchronized void write() throws IOException {
        Instant start = Instant.parse(state.get("digestStartTime").asText());
        Instant end = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (!end.isAfter(start)) {
            end = start.plusSeconds(1); // one digest per second at most: names carry seconds
        }
        String object = auditDir.relativize(layout.trailDay(account, TrailKind.DIGESTS, region, end)
                .resolve(DataLayout.digestFileName(account, region, trailName, end))).toString().replace('\\', '/');
        ObjectNode digest = json.createObjectNode();
        digest.put("awsAccountId", account);
        digest.put("digestStartTime", start.toString());
        digest.put("digestEndTime", end.toString());
        digest.put("digestS3Bucket", BUCKET);
        digest.put("digestS3Object", object);
        digest.put("digestPublicKeyFingerprint", DigestKeys.fingerprint(keys.getPublic()));
        digest.put("digestSignatureAlgorithm", DigestKeys.ALGORITHM);
        ArrayNode files = (ArrayNode) state.get("logFiles");
        digest.put("newestEventTime", extreme(files, "newestEventTime", true));
        digest.put("oldestEventTime", extreme(files, "oldestEventTime", false));
        String previousSignature = state.path("previousDigestSignature").asText(null);
        digest.put("previousDigestS3Bucket", previousSignature == null ? null : BUCKET);
        digest.put("previousDigestS3Object", state.path("previousDigestS3Object").asText(null));
        digest.put("previousDigestHashValue", state.path("previousDigestHashValue").asText(null));
        digest.put("previousDigestHashAlgorithm", previousSignature == null ? null : "SHA-256");
        digest.put("previousDigestSignature", previousSignature);
        digest.set("logFiles", files);
        byte[] content = json.writeValueAsBytes(digest);
        String hash = TrailFiles.sha256Hex(content);
        String signature = DigestKeys.sign(keys.getPrivate(), signingString(end.toString(), object, hash, previousSignature));
        Path file = auditDir.resolve(object);
        modes.folders(file.getParent());
        // The signature first: a digest on disk always has its signature beside it.
        modes.write(file.resolveSibling(file.getFileName() + ".sig"), (signature + "\n").getBytes(StandardCharsets.US_ASCII));
        TrailFiles.writeGzipped(file, content, modes);
        state = json.createObjectNode();
        state.put("digestStartTime", end.toString());
        state.put("previousDigestS3Object", object);
        state.put("previousDigestHashValue", hash);
        state.put("previousDigestSignature", signature);
        state.putArray("logFiles");
        save();
    }

    /** What CloudTrail signs for a digest. */
    public static String signingString(String digestEndTime, String object, String hexHash, String previousSignature) {
        return digestEndTime + "\n" + BUCKET + "/" + object + "\n" + hexHash + "\n" + (previousSignature == null ? "null" : previousSignature);
    }

    private static String extreme(ArrayNode files, String field, boolean newest) {
        String found = null;
        for (JsonNode file : files) {
            String time = file.get(field).asText();
            if (found == null || (newest ? time.compareTo(found) > 0 : time.compareTo(found) < 0)) {
                found = time;
            }
        }
        return found;
    }

    private void save() throws IOException {
        Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        modes.folders(stateFile.getParent());
        modes.write(temporary, json.writeValueAsBytes(state));
        Files.move(temporary, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
