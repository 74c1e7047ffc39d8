package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.internal.JsonBytes;
import dev.monitor.core.internal.JsonValues;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * An event's CloudTrail record as one JSON line, in CloudTrail's field names and order, written
 * with {@link JsonBytes} (the hot paths' one JSON writer, measured in {@code JsonBenchmarks}) in
 * the bytes Jackson's {@code writeValueAsBytes} of a record tree wrote before: trail files and
 * their digests hash these bytes. Safe for concurrent use (sync callers make their own records):
 * each thread writes into a buffer of its own.
 */
final class RecordWriter {
    private static final byte[] NEWLINE = {'\n'};

    /** The record's line, and the user agent as written (for the insights). */
    record Line(byte[] bytes, String userAgent) {
    }

    private final String account;
    private final String region;
    private final Redactor redactor;
    private final ObjectMapper json;
    private final ThreadLocal<JsonBytes> buffers = ThreadLocal.withInitial(() -> new JsonBytes(JsonBytes.Style.JACKSON_BYTES));

    RecordWriter(String account, String region, Redactor redactor, ObjectMapper json) {
        this.account = account;
        this.region = region;
        this.redactor = redactor;
        this.json = json;
    }

    /**
     * The record of {@code event} at {@code time} with a line feed.
     *
     * @throws RuntimeException when a value cannot be written (Jackson cannot serialize a user's object)
     */
    Line line(AuditEvent event, Instant time, String traceId, UUID eventId) {
        JsonBytes out = buffers.get();
        out.reset();
        out.startObject();
        out.stringField("eventVersion", Recorder.EVENT_VERSION);
        if (event.identity != null) {
            UserIdentity who = event.identity;
            out.name("userIdentity").startObject();
            field(out, "type", who.type());
            field(out, "principalId", who.principalId());
            field(out, "arn", who.arn());
            field(out, "accountId", who.accountId());
            field(out, "accessKeyId", who.accessKeyId());
            field(out, "userName", who.userName());
            if (!who.sessionContext().isEmpty()) {
                out.name("sessionContext");
                JsonValues.write(out, who.sessionContext(), null, null, json);
            }
            out.endObject();
        }
        out.stringField("eventTime", time.truncatedTo(ChronoUnit.SECONDS).toString());
        out.stringField("eventSource", event.eventSource);
        out.stringField("eventName", event.eventName);
        out.stringField("awsRegion", region);
        field(out, "sourceIPAddress", event.sourceIpAddress);
        String scrubbedAgent = redactor.scrub(event.userAgent);
        String userAgent = Redactor.userAgent(scrubbedAgent);
        field(out, "userAgent", userAgent);
        out.name("requestParameters");
        boolean requestOmitted = elements(out, event.requestParameters);
        out.name("responseElements");
        boolean responseOmitted = elements(out, event.responseElements);
        field(out, "errorCode", event.errorCode);
        field(out, "errorMessage", redactor.scrub(event.errorMessage));
        field(out, "requestID", event.requestId);
        out.stringField("eventID", eventId.toString());
        out.name("readOnly").bool(event.readOnly);
        if (!event.resources.isEmpty()) {
            out.name("resources").startArray();
            for (AuditResource resource : event.resources) {
                out.element().startObject();
                out.stringField("ARN", resource.arn());
                out.stringField("accountId", resource.accountId() != null ? resource.accountId() : account);
                field(out, "type", resource.type());
                out.endObject();
            }
            out.endArray();
        }
        out.stringField("eventType", event.eventType);
        out.name("managementEvent").bool(event.category == AuditEvent.Category.MANAGEMENT);
        out.stringField("recipientAccountId", account);
        out.stringField("eventCategory", event.category.apiName());
        // A cut user agent cannot carry its own mark, so the record names every field that was cut.
        boolean agentCut = userAgent != scrubbedAgent;
        if (traceId != null || agentCut || requestOmitted || responseOmitted) {
            out.name("additionalEventData").startObject();
            field(out, "traceId", traceId);
            if (agentCut || requestOmitted || responseOmitted) {
                out.name("omittedFields").startArray();
                omitted(out, agentCut, "userAgent");
                omitted(out, requestOmitted, "requestParameters");
                omitted(out, responseOmitted, "responseElements");
                out.endArray();
            }
            out.endObject();
        }
        out.endObject();
        out.raw(NEWLINE);
        return new Line(out.toByteArray(), userAgent);
    }

    private static void omitted(JsonBytes out, boolean omitted, String field) {
        if (omitted) {
            out.element().string(field);
        }
    }

    private static void field(JsonBytes out, String name, String value) {
        if (value != null) {
            out.stringField(name, value);
        }
    }

    /**
     * Request parameters or response elements with secrets hidden, or {@code {"omitted": true,
     * "originalSize": n}} when over 100 KB ({@link Redactor}); returns whether they were cut. A
     * value Jackson cannot make a tree of is written as {@link Redactor#elements} says.
     */
    private boolean elements(JsonBytes out, Map<String, Object> values) {
        int start = out.size();
        try {
            JsonValues.write(out, values, redactor.secretWords(), Redactor.REDACTED, json);
        } catch (RuntimeException e) {
            out.truncate(start);
            JsonNode tree = redactor.elements(values);
            JsonValues.tree(out, tree, json);
            return Redactor.isOmitted(tree);
        }
        int size = out.size() - start;
        if (size <= Redactor.MAX_ELEMENTS) {
            return false;
        }
        out.truncate(start);
        out.startObject().name("omitted").bool(true).name("originalSize").number(size).endObject();
        return true;
    }
}
