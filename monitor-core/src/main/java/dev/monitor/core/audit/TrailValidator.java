package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a trail as {@code aws cloudtrail validate-logs} does: walks the digest chain back from
 * the newest digest, checks each digest's signature against the public key and its hash against
 * what the next digest recorded, and each listed log file's SHA-256; reports every file as valid,
 * changed, missing or badly signed.
 */
public final class TrailValidator {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file's verdict: {@code kind} is {@code Digest file} or {@code Log file}, {@code status} {@code valid} or {@code INVALID: why}. */
    public record Finding(String kind, String file, String status) {
        public boolean valid() {
            return status.equals("valid");
        }
    }

    /** Every finding, newest digest first, and the counts the AWS CLI's summary gives. */
    public record Report(List<Finding> findings) {
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
     * Validates the digests under {@code <dataDir>/audit} whose time range meets
     * {@code [start, end]}, and the log files they list.
     */
    public static Report validate(Path dataDir, PublicKey key, Instant start, Instant end) throws IOException {
        Path auditDir = dataDir.resolve("audit");
        List<Finding> findings = new ArrayList<>();
        String object = head(auditDir);
        String expectedHash = null;
        String expectedSignature = null;
        while (object != null) {
            Path file = auditDir.resolve(object);
            String name = Digests.BUCKET + "/" + object;
            if (!Files.exists(file)) {
                findings.add(new Finding("Digest file", name, "INVALID: not found"));
                break; // the chain is broken: what lies before it cannot be reached
            }
            byte[] content;
            JsonNode digest;
            Instant digestStart;
            Instant digestEnd;
            try {
                content = TrailFiles.gunzip(file);
                digest = JSON.readTree(content);
                digestStart = Instant.parse(digest.path("digestStartTime").asText());
                digestEnd = Instant.parse(digest.path("digestEndTime").asText());
            } catch (IOException | RuntimeException e) {
                // Tampering that leaves no digest to read is reported like any other, never thrown.
                findings.add(new Finding("Digest file", name, "INVALID: not a readable digest: " + e.getMessage()));
                break; // the chain is broken: what lies before it cannot be reached
            }
            String hash = TrailFiles.sha256Hex(content);
            Path signatureFile = file.resolveSibling(file.getFileName() + ".sig");
            String signature = Files.exists(signatureFile) ? Files.readString(signatureFile, StandardCharsets.US_ASCII).trim() : null;
            String previousSignature = digest.path("previousDigestSignature").isTextual()
                    ? digest.get("previousDigestSignature").asText() : null;
            String status;
            if (expectedHash != null && !expectedHash.equals(hash)) {
                status = "INVALID: hash value doesn't match";
            } else if (signature == null) {
                status = "INVALID: signature not found";
            } else if (expectedSignature != null && !expectedSignature.equals(signature)
                    || !SigningKeys.verify(key, Digests.signingString(digestEnd.toString(), object, hash, previousSignature), signature)) {
                status = "INVALID: invalid signature";
            } else {
                status = "valid";
            }
            boolean inRange = !digestEnd.isBefore(start) && !digestStart.isAfter(end);
            if (inRange) {
                findings.add(new Finding("Digest file", name, status));
                for (JsonNode log : digest.path("logFiles")) {
                    findings.add(logFile(auditDir, log));
                }
            }
            if (digestStart.isBefore(start)) {
                break;
            }
            object = digest.path("previousDigestS3Object").isTextual() ? digest.get("previousDigestS3Object").asText() : null;
            expectedHash = digest.path("previousDigestHashValue").asText(null);
            expectedSignature = previousSignature;
        }
        return new Report(List.copyOf(findings));
    }

    private static Finding logFile(Path auditDir, JsonNode log) throws IOException {
        String object = log.path("s3Object").asText();
        Path file = auditDir.resolve(object);
        String name = Digests.BUCKET + "/" + object;
        if (!Files.exists(file)) {
            return new Finding("Log file", name, "INVALID: not found");
        }
        String hash;
        try {
            hash = TrailFiles.sha256Hex(TrailFiles.gunzip(file));
        } catch (IOException e) {
            return new Finding("Log file", name, "INVALID: not a gzip file: " + e.getMessage());
        }
        return new Finding("Log file", name, hash.equals(log.path("hashValue").asText()) ? "valid" : "INVALID: hash value doesn't match");
    }

    /** The newest digest: the one the trail's state names, else the newest file by name. */
    private static String head(Path auditDir) throws IOException {
        Path state = auditDir.resolve("digest-state.json");
        if (Files.exists(state)) {
            JsonNode previous = JSON.readTree(state.toFile()).path("previousDigestS3Object");
            if (previous.isTextual()) {
                return previous.asText();
            }
        }
        return TrailFiles.everyAccount(auditDir, "CloudTrail-Digest").stream()
                .map(p -> auditDir.relativize(p).toString().replace('\\', '/'))
                .max(String::compareTo).orElse(null);
    }
}
