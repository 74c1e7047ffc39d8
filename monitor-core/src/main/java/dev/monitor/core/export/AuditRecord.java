package dev.monitor.core.export;

import java.time.Instant;
import java.util.Objects;

/**
 * One audit-trail record in CloudTrail's record format.
 *
 * @param eventId   the record's unique id (CloudTrail's {@code eventID}); a record delivered twice
 *                  after a crash has the same id, so an exporter can recognise the repeat
 * @param eventTime when the audited call happened
 * @param record    the CloudTrail record, one JSON object (secrets redacted)
 */
public record AuditRecord(String eventId, Instant eventTime, String record) {
    public AuditRecord {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(record, "record");
    }
}
