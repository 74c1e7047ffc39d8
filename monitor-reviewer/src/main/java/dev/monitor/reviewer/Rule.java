package dev.monitor.reviewer;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one detector looks for: a stable id ({@code java/resource-leak}, {@code monitor/log-string-concat}) used by
 * suppressions, baselines and SARIF, a short name, its default severity and family, and a description of the
 * problem and why it matters.
 *
 * @param id          lower-case {@code family/name}, unique among the detectors of a review
 * @param name        a few words, shown as SARIF's short description
 * @param severity    the severity of its findings
 * @param category    its family
 * @param description what the rule finds and why it matters, one or two sentences
 * @param cwe         the CWE number for security rules, 0 when none applies
 */
public record Rule(String id, String name, Severity severity, Category category, String description, int cwe) {
    private static final Pattern ID = Pattern.compile("[a-z0-9]+/[a-z0-9-]+");

    public Rule {
        Objects.requireNonNull(id, "rule id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("rule id '" + id + "' is not family/name in lower case (" + ID + ")");
        }
        Objects.requireNonNull(name, "rule name");
        Objects.requireNonNull(severity, "rule severity");
        Objects.requireNonNull(category, "rule category");
        Objects.requireNonNull(description, "rule description");
    }

    /** A rule with no CWE. */
    public Rule(String id, String name, Severity severity, Category category, String description) {
        this(id, name, severity, category, description, 0);
    }
}
