package dev.monitor.reviewer;

import java.util.Locale;

/**
 * How much a finding matters, CodeGuru Reviewer's five levels from least to most severe. {@code --fail-on}
 * compares against this order; SARIF maps it to {@code note}, {@code warning} or {@code error}.
 */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    /** The SARIF {@code level} GitHub code scanning shows for this severity. */
    public String sarifLevel() {
        return switch (this) {
            case INFO, LOW -> "note";
            case MEDIUM -> "warning";
            case HIGH, CRITICAL -> "error";
        };
    }

    /** True when this severity is at least {@code threshold}. */
    public boolean atLeast(Severity threshold) {
        return compareTo(threshold) >= 0;
    }

    /** {@code info}, {@code low}, {@code medium}, {@code high} or {@code critical}, in any case. */
    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("severity '" + text + "' is not one of info, low, medium, high, critical", e);
        }
    }

    /** The lower-case name the reports print. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
