package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.context.Context;
import dev.monitor.api.metrics.Counter;
import dev.monitor.core.audit.internal.Journal;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trail's recording part: selects an event, hands it to the journal, and makes its CloudTrail
 * record ({@link RecordWriter}; on the journal's thread in buffered mode), counting the call for the insights.
 */
final class Recorder {
    /** CloudTrail's record format version that has every field written here ({@code eventCategory} came in 1.08). */
    static final String EVENT_VERSION = "1.09";
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    private final Clock clock;
    private final List<EventSelector> selectors;
    private final RecordWriter writer;
    private final Insights insights;
    private final Counter recorded;
    private final Counter failed;
    private final Counter filtered;
    private final ObjectMapper json = new ObjectMapper();

    Recorder(Clock clock, String account, String region, AuditSettings settings, Insights insights, Counter recorded, Counter failed,
             Counter filtered) {
        this.clock = clock;
        this.selectors = settings.selectors();
        this.writer = new RecordWriter(account, region, new Redactor(settings.secretWords(), json), json);
        this.insights = insights;
        this.recorded = recorded;
        this.failed = failed;
        this.filtered = filtered;
    }

    /** The line the journal takes for {@code event}, or null (counted) when no selector matches it. */
    Journal.Line lineOf(AuditEvent event) {
        if (!selected(event)) {
            filtered.increment();
            return null;
        }
        Instant time = event.eventTime != null ? event.eventTime : clock.instant();
        String traceId = Context.current().traceId(); // the caller's: the line may be made on another thread
        return new PendingRecord(event, time, traceId);
    }

    private boolean selected(AuditEvent event) {
        for (EventSelector selector : selectors) {
            if (selector.matches(event)) {
                return true;
            }
        }
        return false;
    }

    /** An event on its way to the journal; counted in {@code AuditRecords} once written, else in {@code AuditRecordsFailed}. */
    private final class PendingRecord implements Journal.Line {
        private final AuditEvent event;
        private final Instant time;
        private final String traceId;

        PendingRecord(AuditEvent event, Instant time, String traceId) {
            this.event = event;
            this.time = time;
            this.traceId = traceId;
        }

        /** The record's JSON line, counted in the insights (the call happened); null (counted and logged) when it cannot be made. */
        @Override
        public byte[] bytes() {
            try {
                RecordWriter.Line line = writer.line(event, time, traceId, UUID.randomUUID());
                UserIdentity who = event.identity;
                insights.count(event, time, who == null ? null : who.arn() != null ? who.arn() : who.userName(), line.userAgent());
                return line.bytes();
            } catch (RuntimeException e) {
                failed.increment();
                LOG.error("audit record {} could not be made: {}", event.eventName(), e.toString());
                return null;
            }
        }

        @Override
        public void written() {
            recorded.increment();
        }

        @Override
        public void notWritten(IOException cause) {
            failed.increment();
            LOG.error("audit record {} could not be written: {}", event.eventName(), cause.toString());
        }
    }
}
