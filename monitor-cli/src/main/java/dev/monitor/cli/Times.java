package dev.monitor.cli;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Times as the AWS CLI takes them: ISO 8601 (UTC when no offset is given) or epoch seconds. */
final class Times {
    private Times() {
    }

    /** The time, or null after adding a problem that names {@code option} and the value. */
    static Instant parse(String option, String text, List<String> problems) {
        try {
            if (text.matches("\\d+(\\.\\d+)?")) {
                return Instant.ofEpochMilli((long) (Double.parseDouble(text) * 1000));
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            problems.add(option + " '" + text + "' is not a time such as 2026-11-22T10:00:00Z or epoch seconds");
            return null;
        }
    }
}
