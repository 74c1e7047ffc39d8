package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Audit records as the trail made them until issue 13 moved them onto {@code JsonBytes}
 * ({@link RecordWriter}): a Jackson tree in CloudTrail's field names and order, written with
 * {@code writeValueAsBytes}. Kept verbatim (but for the event id, passed in) as the reference
 * {@code RecordBytesProperties} compares the new writer's bytes with.
 */
final class JacksonRecords {
    private final String account;
    private final String region;
    private final Redactor redactor;
    private final ObjectMapper json = new ObjectMapper();
    private UUID eventId;

    JacksonRecords(String account, String region, Redactor redactor) {
        this.account = account;
        this.region = region;
        this.redactor = redactor;
    }

    byte[] line(AuditEvent event, Instant time, String traceId, UUID eventId) throws java.io.IOException {
        this.eventId = eventId;
        byte[] bytes = json.writeValueAsBytes(toRecord(event, time, traceId));
        byte[] line = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        line[bytes.length] = '\n';
        return line;
    }

    /** The record in CloudTrail's field names and order. */
    ObjectNode toRecord(AuditEvent event, Instant time, String traceId) {
        ObjectNode record = json.createObjectNode();
        record.put("eventVersion", Recorder.EVENT_VERSION);
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
        record.put("eventID", eventId.toString());
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
