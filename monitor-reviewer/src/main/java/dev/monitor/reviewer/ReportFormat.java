package dev.monitor.reviewer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How a {@link Review} is written: for a person, for a program, or for code scanning. */
public enum ReportFormat {
    /** One block per finding (where, severity, rule, message, fix) and a summary line. */
    TEXT,
    /** The findings and the summary as one JSON object. */
    JSON,
    /**
     * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), one run with the rules as
     * the tool's rule metadata, in the shape GitHub code scanning accepts for upload.
     */
    SARIF;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** {@code text}, {@code json} or {@code sarif}, in any case. */
    public static ReportFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format '" + text + "' is not one of sarif, text, json", e);
        }
    }

    /** The review in this format. */
    public String render(Review review) {
        try {
            return switch (this) {
                case TEXT -> text(review);
                case JSON -> MAPPER.writeValueAsString(json(review)) + "\n";
                case SARIF -> MAPPER.writeValueAsString(sarif(review)) + "\n";
            };
        } catch (IOException e) {
            throw new IllegalStateException("a tree of plain nodes always serializes", e);
        }
    }

    private static String text(Review review) {
        StringBuilder out = new StringBuilder();
        for (Finding finding : review.findings()) {
            out.append(finding.where()).append(": ").append(finding.severity().label()).append(' ').append(finding.ruleId())
                    .append('\n').append("  ").append(finding.message()).append('\n')
                    .append("  Fix: ").append(finding.fix()).append('\n');
        }
        out.append(summary(review)).append('\n');
        return out.toString();
    }

    /** One line: how many findings, where, and what was left out. */
    public static String summary(Review review) {
        Map<Severity, Integer> counts = new HashMap<>();
        review.findings().forEach(finding -> counts.merge(finding.severity(), 1, Integer::sum));
        StringBuilder line = new StringBuilder().append(review.findings().size())
                .append(review.findings().size() == 1 ? " finding" : " findings");
        if (!counts.isEmpty()) {
            line.append(" (");
            String separator = "";
            for (Severity severity : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) {
                if (counts.containsKey(severity)) {
                    line.append(separator).append(counts.get(severity)).append(' ').append(severity.label());
                    separator = ", ";
                }
            }
            line.append(')');
        }
        line.append(" in ").append(review.files()).append(review.files() == 1 ? " file" : " files").append(", ")
                .append(review.lines()).append(" lines");
        if (review.suppressed() > 0) {
            line.append("; ").append(review.suppressed()).append(" suppressed by monitor:ignore");
        }
        if (review.baselined() > 0) {
            line.append("; ").append(review.baselined()).append(" in the baseline");
        }
        if (review.unchanged() > 0) {
            line.append("; ").append(review.unchanged()).append(" outside the changed lines");
        }
        return line.toString();
    }

    private static ObjectNode json(Review review) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode findings = root.putArray("findings");
        Map<String, Rule> rules = rulesById(review);
        for (Finding finding : review.findings()) {
            ObjectNode node = findings.addObject().put("ruleId", finding.ruleId()).put("severity", finding.severity().label());
            Rule rule = rules.get(finding.ruleId());
            if (rule != null) {
                node.put("category", rule.category().tag());
            }
            node.put("file", finding.file()).put("startLine", finding.startLine()).put("endLine", finding.endLine())
                    .put("message", finding.message()).put("fix", finding.fix()).put("fingerprint", finding.fingerprint());
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("files", review.files()).put("lines", review.lines()).put("findings", review.findings().size())
                .put("suppressed", review.suppressed()).put("baselined", review.baselined())
                .put("outsideDiff", review.unchanged()).put("elapsedMillis", review.elapsed().toMillis());
        ObjectNode byRule = summary.putObject("byRule");
        review.countsByRule().forEach(byRule::put);
        ArrayNode problems = root.putArray("problems");
        review.problems().forEach(problems::add);
        return root;
    }

    private static Map<String, Rule> rulesById(Review review) {
        Map<String, Rule> rules = new HashMap<>();
        review.rules().forEach(rule -> rules.put(rule.id(), rule));
        return rules;
    }

    private static ObjectNode sarif(Review review) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "monitor-reviewer");
        String version = ReportFormat.class.getPackage().getImplementationVersion();
        driver.put("semanticVersion", version == null ? "0.1.0" : version.replace("-SNAPSHOT", ""));
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> index = new HashMap<>();
        for (Rule rule : review.rules()) {
            index.put(rule.id(), rules.size());
            ObjectNode node = rules.addObject().put("id", rule.id()).put("name", ruleName(rule.id()));
            node.putObject("shortDescription").put("text", rule.name());
            node.putObject("fullDescription").put("text", rule.description());
            node.putObject("help").put("text", rule.description());
            node.putObject("defaultConfiguration").put("level", rule.severity().sarifLevel());
            ObjectNode properties = node.putObject("properties");
            ArrayNode tags = properties.putArray("tags").add(rule.category().tag());
            if (rule.category() == Category.SECURITY || rule.category() == Category.INPUT_VALIDATION) {
                tags.add("security");
                // GitHub ranks security alerts by this CVSS-like score: critical >= 9, high >= 7, medium >= 4.
                properties.put("security-severity", securityScore(rule.severity()));
            }
            if (rule.cwe() > 0) {
                tags.add("external/cwe/cwe-" + rule.cwe());
            }
        }
        ArrayNode results = run.putArray("results");
        for (Finding finding : review.findings()) {
            ObjectNode result = results.addObject().put("ruleId", finding.ruleId());
            Integer ruleIndex = index.get(finding.ruleId());
            if (ruleIndex != null) {
                result.put("ruleIndex", ruleIndex);
            }
            result.put("level", finding.severity().sarifLevel());
            result.putObject("message").put("text", finding.message() + " Fix: " + finding.fix());
            ObjectNode location = result.putArray("locations").addObject().putObject("physicalLocation");
            location.putObject("artifactLocation").put("uri", finding.file()).put("uriBaseId", "%SRCROOT%");
            location.putObject("region").put("startLine", finding.startLine()).put("endLine", finding.endLine())
                    .put("startColumn", finding.startColumn());
            result.putObject("partialFingerprints").put("primaryLocationLineHash", finding.fingerprint());
        }
        run.put("columnKind", "utf16CodeUnits");
        return root;
    }

    /** {@code java/resource-leak} becomes {@code ResourceLeak}: SARIF's rule name is an identifier. */
    private static String ruleName(String id) {
        StringBuilder name = new StringBuilder();
        for (String word : id.substring(id.indexOf('/') + 1).split("-")) {
            if (!word.isEmpty()) {
                name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return name.toString();
    }

    private static String securityScore(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "1.0";
        };
    }
}
