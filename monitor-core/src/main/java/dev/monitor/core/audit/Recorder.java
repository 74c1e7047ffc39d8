package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.context.Context;
import dev.monitor.api.metrics.Counter;
import dev.monitor.core.audit.internal.Journal;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trail's recording part: selects an event, hands it to the journal, and makes its CloudTrail
 * record (on the journal's thread in buffered mode), counting the call for the insights.
 */
final class Recorder {
    /** CloudTrail's record format version that has every field written here ({@code eventCategory} came in 1.08). */
    static final String EVENT_VERSION = "1.09";
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    private final Clock clock;
    private final String account;
    private final String region;
    private final List<EventSelector> selectors;
    private final Redactor redactor;
    private final Insights insights;
    private final Counter recorded;
    private final Counter failed;
    private final Counter filtered;
    private final ObjectMapper json = new ObjectMapper();

    Recorder(Clock clock, String account, String region, AuditSettings settings, Insights insights, Counter recorded, Counter failed,
             Counter filtered) {
        this.clock = clock;
        this.account = account;
        this.region = region;
        this.selectors = settings.selectors();
        this.redactor = new Redactor(settings.secretWords(), json);
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
                ObjectNode record = toRecord(event, time, traceId);
                byte[] bytes = json.writeValueAsBytes(record);
                byte[] line = Arrays.copyOf(bytes, bytes.length + 1);
                line[bytes.length] = '\n';
                insights.count(event, time, record.at("/userIdentity/arn").asText(record.at("/userIdentity/userName").asText(null)),
                        record.path("userAgent").asText(null));
                return line;
            } catch (IOException | RuntimeException e) {
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

    /** The record in CloudTrail's field names and order. */
    ObjectNode toRecord(AuditEvent event, Instant time, String traceId) {
        ObjectNode record = json.createObjectNode();
        record.put("eventVersion", EVENT_VERSION);
        if (event.identity != null) {
            ObjectNode identity = record.putObject("userIdentity");
            UserIdentity who = event.identity;
            putIfPresent(identity, "type", who.type());
            putIfPresent(identity, "principalId", who.principalId());
            putIfPresent(identity, "arn", who.arn());
            putIfPresent(identity, "accountId", who.accountId());
            putIfPresent(identity, "accessKeyId", who.accessKeyId());
            putIfPresent(identity, "userName", who.userName());
            if (!who.sessionContext().isEmpty()) {
                identity.set("sessionContext", json.valueToTree(who.sessionContext()));
            }
        }
        record.put("eventTime", time.truncatedTo(ChronoUnit.SECONDS).toString());
        record.put("eventSource", event.eventSource);
        record.put("eventName", event.eventName);
        record.put("awsRegion", region);
        putIfPresent(record, "sourceIPAddress", event.sourceIpAddress);
        String scrubbedAgent = redactor.scrub(event.userAgent);
        String userAgent = Redactor.userAgent(scrubbedAgent);
        putIfPresent(record, "userAgent", userAgent);
        JsonNode request = redactor.elements(event.requestParameters);
        JsonNode response = redactor.elements(event.responseElements);
        record.set("requestParameters", request);
        record.set("responseElements", response);
        putIfPresent(record, "errorCode", event.errorCode);
        putIfPresent(record, "errorMessage", redactor.scrub(event.errorMessage));
        putIfPresent(record, "requestID", event.requestId);
        record.put("eventID", UUID.randomUUID().toString());
        record.put("readOnly", event.readOnly);
        if (!event.resources.isEmpty()) {
            ArrayNode resources = record.putArray("resources");
            for (AuditResource resource : event.resources) {
                ObjectNode entry = resources.addObject();
                entry.put("ARN", resource.arn());
                entry.put("accountId", resource.accountId() != null ? resource.accountId() : account);
                putIfPresent(entry, "type", resource.type());
            }
        }
        record.put("eventType", "AwsApiCall");
        record.put("managementEvent", event.category == AuditEvent.Category.MANAGEMENT);
        record.put("recipientAccountId", account);
        record.put("eventCategory", event.category.apiName());
        if (traceId != null) {
            record.putObject("additionalEventData").put("traceId", traceId);
        }
        // A cut user agent cannot carry its own mark, so the record names every field that was cut.
        List<String> omitted = new ArrayList<>(0);
        if (userAgent != scrubbedAgent) {
            omitted.add("userAgent");
        }
        if (Redactor.isOmitted(request)) {
            omitted.add("requestParameters");
        }
        if (Redactor.isOmitted(response)) {
            omitted.add("responseElements");
        }
        if (!omitted.isEmpty()) {
            ObjectNode additional = record.has("additionalEventData") ? (ObjectNode) record.get("additionalEventData")
                    : record.putObject("additionalEventData");
            omitted.forEach(additional.putArray("omittedFields")::add);
        }
        return record;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
