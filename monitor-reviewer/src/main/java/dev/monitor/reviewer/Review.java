package dev.monitor.reviewer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one review found, and what it left out and why.
 *
 * @param rules      the rules that ran, in report order
 * @param findings   the findings to report, by file and line
 * @param suppressed findings a {@code // monitor:ignore RULE reason} comment silenced
 * @param baselined  findings the baseline file already knew
 * @param unchanged  findings outside the changed lines of {@code --diff}
 * @param files      Java files reviewed
 * @param lines      lines in those files
 * @param problems   files that could not be parsed or read, suppressions without a reason: one line each
 * @param elapsed    how long parsing and detection took
 */
public record Review(List<Rule> rules, List<Finding> findings, int suppressed, int baselined, int unchanged, int files,
                     long lines, List<String> problems, Duration elapsed) {
    public Review {
        rules = List.copyOf(rules);
        findings = List.copyOf(findings);
        problems = List.copyOf(problems);
    }

    /** True when a finding is at least as severe as {@code threshold}: what fails a CI step. */
    public boolean hasFindingAtLeast(Severity threshold) {
        return findings.stream().anyMatch(finding -> finding.severity().atLeast(threshold));
    }

    /** The number of findings of each rule id, sorted by id. */
    public Map<String, Integer> countsByRule() {
        Map<String, Integer> counts = new TreeMap<>();
        findings.forEach(finding -> counts.merge(finding.ruleId(), 1, Integer::sum));
        return counts;
    }
}
