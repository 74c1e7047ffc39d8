package dev.monitor.reviewer;

import java.util.Objects;

/**
 * One thing a reviewer would comment on: where it is, what is wrong and why, and what to do instead.
 *
 * @param ruleId      the {@link Rule#id()} that found it
 * @param severity    how much it matters
 * @param file        the file's path relative to the review's root, with {@code /} separators
 * @param startLine   first line, 1-based
 * @param endLine     last line, inclusive
 * @param startColumn first column of the first line, 1-based
 * @param message     what is wrong and why
 * @param fix         the suggested change
 * @param fingerprint a hash of the rule, the file and the flagged code's text (not its line numbers), so a
 *                    baseline still recognises the finding after lines above it move
 */
public record Finding(String ruleId, Severity severity, String file, int startLine, int endLine, int startColumn,
                      String message, String fix, String fingerprint) {
    public Finding {
        Objects.requireNonNull(ruleId, "rule id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (startLine < 1 || endLine < startLine) {
            throw new IllegalArgumentException("line range " + startLine + "-" + endLine + " of " + file
                    + " is not 1-based and ordered");
        }
    }

    /** {@code file:line} or {@code file:start-end}. */
    public String where() {
        return file + ":" + (endLine == startLine ? String.valueOf(startLine) : startLine + "-" + endLine);
    }
}
