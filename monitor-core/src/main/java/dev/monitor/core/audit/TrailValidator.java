package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.audit.internal.DigestKeys;
import dev.monitor.core.audit.internal.Digests;
import dev.monitor.core.audit.internal.TrailFiles;
import dev.monitor.core.files.DataLayout.TrailKind;
import dev.monitor.core.files.DataLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a trail as {@code aws cloudtrail validate-logs} does (awscli/customizations/cloudtrail/validation.py):
 * lists the digests whose end time falls from {@code start} to an hour after {@code end}, walks the
 * chain back from the newest through each digest's {@code previousDigestS3Object}, checks each
 * digest's format, place and signature and each listed log file's SHA-256, and where a digest is
 * missing or invalid goes on with the next older one listed. Beyond the AWS CLI, it reports trail
 * files no digest covers (a trail copied without its digests is not intact), and log files with
 * bytes after their gzip stream.
 */
public final class TrailValidator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter KEY_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    /**
     * One file's verdict: {@code kind} is {@code Digest file} or {@code Log file}, {@code file} its
     * {@code s3://local/...} name, {@code status} {@code valid} or {@code INVALID: why}.
     */
    public record Finding(String kind, String file, String status) {
        public boolean valid() {
            return status.equals("valid");
        }
    }

    /**
     * Every finding, newest digest first; {@code foundStart}/{@code foundEnd} the range the valid
     * digests cover (null when none is valid), as the AWS CLI's "Results found for" line gives it;
     * {@code notes} lines such as gaps in the chain; {@code problems} files that could not be read
     * ({@code path: reason}) and were passed over; {@code pendingRecords} records still only in the
     * journal, which no trail file or digest holds yet.
     */
    public record Report(List<Finding> findings, Instant foundStart, Instant foundEnd, List<String> notes, List<String> problems,
                         long pendingRecords) {
        public Report(List<Finding> findings) {
            this(findings, null, null, List.of(), List.of(), 0);
        }

        public long digests() {
            return findings.stream().filter(f -> f.kind().equals("Digest file")).count();
        }

        public long validDigests() {
            return findings.stream().filter(f -> f.kind().equals("Digest file") && f.valid()).count();
        }

        public long logFiles() {
            return findings.stream().filter(f -> f.kind().equals("Log file")).count();
        }

        public long validLogFiles() {
            return findings.stream().filter(f -> f.kind().equals("Log file") && f.valid()).count();
        }

        public boolean valid() {
            return findings.stream().allMatch(Finding::valid);
        }
    }

    private TrailValidator() {
    }

    /**
     * Validates the digests under {@code <dataDir>/audit} in {@code [start, end]}, and the log
     * files they list.
     */
    public static Report validate(Path dataDir, PublicKey key, Instant start, Instant end) throws IOException {
        DataLayout layout = new DataLayout(dataDir);
        Path auditDir = layout.audit();
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String fingerprint = DigestKeys.fingerprint(key);
        String first = KEY_DATE.format(start);
        String last = KEY_DATE.format(end.plusSeconds(3600)); // digests delivered up to an hour after the range cover it
        List<String> listed = new ArrayList<>();
        for (Path file : TrailFiles.everyAccount(layout, TrailKind.DIGESTS)) {
            String object = relative(auditDir, file);
            String date = keyDate(object);
            if (date != null && date.compareTo(first) >= 0 && date.compareTo(last) <= 0) {
                listed.add(object);
            }
        }
        listed.sort(java.util.Comparator.comparing(TrailValidator::keyDate).thenComparing(o -> o));
        Set<String> covered = new HashSet<>();
        Instant foundStart = start;
        Instant foundEnd = null;
        boolean anyValid = false;
        String object = listed.isEmpty() ? null : listed.remove(listed.size() - 1);
        Instant lastStart = object == null ? null : Instant.from(KEY_DATE.parse(keyDate(object)));
        while (object != null && !start.isAfter(lastStart)) {
            String name = "s3://" + Digests.BUCKET + "/" + object;
            String previous;
            String invalid;
            JsonNode digest = null;
            Path file = auditDir.resolve(object);
            if (!Files.exists(file)) {
                invalid = "not found";
            } else {
                invalid = null;
                byte[] content = null;
                try {
                    content = TrailFiles.gunzip(file);
                    digest = JSON.readTree(content);
                } catch (IOException | RuntimeException e) {
                    invalid = "invalid format";
                }
                if (invalid == null) {
                    invalid = checkDigest(digest, content, object, file, key, fingerprint);
                }
            }
            if (invalid != null) {
                findings.add(new Finding("Digest file", name, "INVALID: " + invalid));
                object = olderThan(listed, object);
                continue;
            }
            anyValid = true;
            Instant digestStart = Instant.parse(digest.get("digestStartTime").asText());
            Instant digestEnd = Instant.parse(digest.get("digestEndTime").asText());
            lastStart = digestStart;
            if (digestStart.isAfter(start)) {
                foundStart = digestStart;
            }
            if (foundEnd == null) {
                foundEnd = digestEnd.isBefore(end) ? digestEnd : end;
            }
            findings.add(new Finding("Digest file", name, "valid"));
            for (JsonNode log : digest.path("logFiles")) {
                covered.add(log.path("s3Object").asText());
                findings.add(logFile(auditDir, log));
            }
            previous = digest.path("previousDigestS3Object").isTextual() && digest.path("previousDigestS3Bucket").isTextual()
                    ? digest.get("previousDigestS3Object").asText() : null;
            if (previous == null) {
                String next = olderThan(listed, object);
                if (next != null) {
                    Instant nextEnd = Instant.from(KEY_DATE.parse(keyDate(next)));
                    notes.add("No log files were delivered by CloudTrail between " + display(nextEnd) + " and " + display(digestStart));
                }
                object = next;
            } else {
                object = previous;
            }
        }
        uncovered(layout, start, end, covered, findings, problems);
        return new Report(List.copyOf(findings), anyValid ? foundStart : null, foundEnd, List.copyOf(notes), List.copyOf(problems),
                pending(dataDir, problems));
    }

    /** Why a digest is invalid, in the AWS CLI's words, or null when it is valid. */
    private static String checkDigest(JsonNode digest, byte[] content, String object, Path file, PublicKey key, String fingerprint)
            throws IOException {
        for (String required : new String[] {"digestPublicKeyFingerprint", "digestS3Bucket", "digestS3Object", "previousDigestSignature",
                "digestEndTime", "digestStartTime"}) {
            if (!digest.has(required)) {
                return "invalid format";
            }
        }
        try {
            Instant.parse(digest.get("digestStartTime").asText());
            Instant.parse(digest.get("digestEndTime").asText());
        } catch (RuntimeException e) {
            return "invalid format";
        }
        Path signatureFile = file.resolveSibling(file.getFileName() + ".sig");
        if (!Files.isRegularFile(signatureFile)) {
            return "signature verification failed";
        }
        if (!Digests.BUCKET.equals(digest.get("digestS3Bucket").asText()) || !object.equals(digest.get("digestS3Object").asText())) {
            return "has been moved from its original location";
        }
        if (!fingerprint.equals(digest.get("digestPublicKeyFingerprint").asText())) {
            return "public key not found in region " + regionOf(object) + " for fingerprint " + digest.get("digestPublicKeyFingerprint").asText();
        }
        String signature = Files.readString(signatureFile, StandardCharsets.US_ASCII).trim();
        String previousSignature = digest.get("previousDigestSignature").isTextual() ? digest.get("previousDigestSignature").asText() : null;
        if (!DigestKeys.verify(key, Digests.signingString(digest.get("digestEndTime").asText(), object, TrailFiles.sha256Hex(content),
                previousSignature), signature)) {
            return "signature verification failed";
        }
        return null;
    }

    /**
     * Trail files delivered in {@code [start, end]} that no digest of the chain lists: INVALID ("no
     * digest covers it"), unless the trail's state says the next digest will (delivered since the last one).
     */
    private static void uncovered(DataLayout layout, Instant start, Instant end, Set<String> covered, List<Finding> findings,
                                  List<String> problems) throws IOException {
        Set<String> awaiting = new HashSet<>();
        Path auditDir = layout.audit();
        Path state = layout.auditDigestState();
        if (Files.exists(state)) {
            try {
                JSON.readTree(state.toFile()).path("logFiles").forEach(log -> awaiting.add(log.path("s3Object").asText()));
            } catch (IOException | RuntimeException e) {
                problems.add(state + ": " + e.getMessage());
            }
        }
        boolean anyDigest = findings.stream().anyMatch(f -> f.kind().equals("Digest file"));
        String from = FILE_DATE.format(start.truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        String to = FILE_DATE.format(end);
        for (Path file : TrailFiles.everyAccount(layout, TrailKind.RECORDS)) {
            String object = relative(auditDir, file);
            String name = file.getFileName().toString();
            String[] parts = name.split("_");
            String stamp = parts.length >= 5 ? parts[parts.length - 2] : null;
            if (stamp == null || stamp.compareTo(from) < 0 || stamp.compareTo(to) > 0 || covered.contains(object)) {
                continue;
            }
            if (anyDigest && awaiting.contains(object)) {
                continue; // the next digest lists it
            }
            findings.add(new Finding("Log file", "s3://" + Digests.BUCKET + "/" + object, "INVALID: no digest covers it"));
        }
    }

    private static long pending(Path dataDir, List<String> problems) {
        try {
            return AuditTrail.pendingRecords(dataDir);
        } catch (IOException | RuntimeException e) {
            problems.add(new DataLayout(dataDir).auditJournal() + ": " + e.getMessage());
            return 0;
        }
    }

    private static Finding logFile(Path auditDir, JsonNode log) {
        String object = log.path("s3Object").asText();
        Path file = auditDir.resolve(object);
        String name = "s3://" + log.path("s3Bucket").asText(Digests.BUCKET) + "/" + object;
        if (!Files.exists(file)) {
            return new Finding("Log file", name, "INVALID: not found");
        }
        String hash;
        try {
            hash = TrailFiles.gunzipSha256Hex(file);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() != null && e.getMessage().contains("after end of compressed stream")
                    ? e.getMessage() : "invalid format";
            return new Finding("Log file", name, "INVALID: " + reason);
        }
        return new Finding("Log file", name, hash.equals(log.path("hashValue").asText()) ? "valid" : "INVALID: hash value doesn't match");
    }

    /** The newest listed digest older than {@code object} (by the date in its name), taken off the list; null when none. */
    private static String olderThan(List<String> listed, String object) {
        String date = keyDate(object);
        while (!listed.isEmpty()) {
            String next = listed.remove(listed.size() - 1);
            if (date == null || keyDate(next).compareTo(date) < 0) {
                return next;
            }
        }
        return null;
    }

    /** The {@code YYYYMMDDTHHmmssZ} a digest's name ends with, or null. */
    private static String keyDate(String object) {
        if (object.length() < 24 || !object.endsWith(".json.gz")) {
            return null;
        }
        String date = object.substring(object.length() - 24, object.length() - 8);
        return date.matches("\\d{8}T\\d{6}Z") ? date : null;
    }

    private static String regionOf(String object) {
        String[] parts = object.split("/");
        return parts.length > 3 ? parts[3] : "local";
    }

    private static String relative(Path auditDir, Path file) {
        return auditDir.relativize(file).toString().replace('\\', '/');
    }

    /** A time as the AWS CLI prints it: {@code 2026-11-22T10:00:00Z}, without fractions. */
    public static String display(Instant time) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(java.time.ZoneOffset.UTC).format(time);
    }
}
