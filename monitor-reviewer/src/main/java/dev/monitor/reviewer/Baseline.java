package dev.monitor.reviewer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The findings a team has accepted for now, so that a review reports only new ones: a JSON file listing each
 * finding's rule, file, line and {@link Finding#fingerprint() fingerprint}. Matching is by fingerprint, which
 * hashes the flagged code's text rather than its line number, so edits elsewhere in the file keep it matching.
 * Immutable.
 */
public final class Baseline {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Baseline EMPTY = new Baseline(Set.of());

    private final Set<String> fingerprints;

    private Baseline(Set<String> fingerprints) {
        this.fingerprints = Set.copyOf(fingerprints);
    }

    /** A baseline that knows no finding. */
    public static Baseline empty() {
        return EMPTY;
    }

    /** A baseline of exactly these findings. */
    public static Baseline of(Collection<Finding> findings) {
        Set<String> prints = new HashSet<>();
        findings.forEach(finding -> prints.add(finding.fingerprint()));
        return new Baseline(prints);
    }

    /** Reads a file {@link #write} wrote; a file that is not one fails naming the file and what is wrong. */
    public static Baseline read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException("baseline " + file + " is not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode findings = root == null ? null : root.get("findings");
        if (findings == null || !findings.isArray()) {
            throw new IOException("baseline " + file + " has no \"findings\" array (write one with --write-baseline)");
        }
        Set<String> prints = new HashSet<>();
        for (JsonNode finding : findings) {
            JsonNode print = finding.get("fingerprint");
            if (print == null || !print.isTextual()) {
                throw new IOException("baseline " + file + " has a finding without a \"fingerprint\" string: " + finding);
            }
            prints.add(print.asText());
        }
        return new Baseline(prints);
    }

    /** Writes {@code findings} as a baseline file, replacing {@code file}. */
    public static void write(Path file, Collection<Finding> findings) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("tool", "monitor-reviewer");
        ArrayNode list = root.putArray("findings");
        for (Finding finding : findings) {
            list.addObject().put("ruleId", finding.ruleId()).put("file", finding.file()).put("line", finding.startLine())
                    .put("fingerprint", finding.fingerprint());
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, JSON.writeValueAsString(root) + "\n");
    }

    /** True when this baseline already knows {@code finding}. */
    public boolean knows(Finding finding) {
        return fingerprints.contains(finding.fingerprint());
    }

    /** The number of findings it knows. */
    public int size() {
        return fingerprints.size();
    }
}
