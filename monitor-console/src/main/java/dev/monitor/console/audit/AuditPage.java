package dev.monitor.console.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.console.ApiException;
import dev.monitor.console.ApiRequest;
import dev.monitor.console.ConsoleApi;
import dev.monitor.console.ConsolePage;
import dev.monitor.core.Monitor;
import dev.monitor.core.audit.LookupAttribute;
import dev.monitor.core.audit.SigningKeys;
import dev.monitor.core.audit.TrailValidator;
import dev.monitor.core.files.DataLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Audit: the trail's records looked up as CloudTrail's LookupEvents does, one record's JSON, and
 * the trail's integrity as {@code aws cloudtrail validate-logs} judges it.
 *
 * <ul>
 *   <li>{@code GET /api/audit/lookup?attribute=EventName&value=..&start=-PT3H&end=..&next=..&max=50}: the records
 *       matching one of LookupEvents' eight attributes (every record without one), newest first, a page at a time;</li>
 *   <li>{@code GET /api/audit/record/ID}: the record whose {@code eventID} is ID, as its JSON text;</li>
 *   <li>{@code GET /api/audit/integrity?start=..&end=..}: the digests over the range and the files they cover, each
 *       valid or invalid with the reason.</li>
 * </ul>
 */
public final class AuditPage implements ConsolePage {
    /** LookupEvents' attributes (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupAttribute.html). */
    static final List<String> ATTRIBUTES = List.of("EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName",
            "EventSource", "AccessKeyId");
    /** A record is looked up by its id over every time a trail can hold. */
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return "audit";
    }

    @Override
    public String title() {
        return "Audit";
    }

    @Override
    public int order() {
        return 60;
    }

    @Override
    public void install(ConsoleApi api, Monitor monitor) {
        api.get("lookup", request -> lookup(monitor, request));
        api.get("record", request -> record(monitor, request.rest()));
        api.get("integrity", request -> integrity(monitor, request));
    }

    /** One record in the results, as LookupEvents lists it, with the record's error code. */
    record Found(String id, String time, String name, String user, String source, List<Resource> resources, boolean readOnly,
                 String errorCode, String accessKeyId) {
    }

    /** A resource a call touched. */
    record Resource(String type, String name) {
    }

    /** A page of results; {@code next} continues it (null on the last page). */
    record Page(String attribute, String value, Instant start, Instant end, List<Found> events, String next, List<String> attributes) {
    }

    /** One record: its id, name and time, and its whole JSON, indented. */
    record Record(String id, String name, String time, String json) {
    }

    /** One file's verdict in the integrity check. */
    record Verdict(String kind, String file, boolean valid, String status) {
    }

    /**
     * The trail's integrity over the range: {@code status} VALID (every digest and file valid),
     * INVALID (one is not), NO_DIGESTS (none in the range) or NO_KEY (no public key to check with).
     */
    record Integrity(String status, String message, Instant start, Instant end, Instant foundStart, Instant foundEnd, long digests,
                     long validDigests, long logFiles, long validLogFiles, List<Verdict> findings, List<String> notes,
                     List<String> problems, long pendingRecords) {
    }

    static Page lookup(Monitor monitor, ApiRequest request) throws IOException {
        ApiRequest.TimeRange range = request.range();
        String key = request.optional("attribute").orElse(null);
        LookupAttribute attribute = null;
        if (key != null) {
            if (!ATTRIBUTES.contains(key)) {
                throw ApiException.badRequest("attribute '" + key + "' is not one of LookupEvents' attributes " + String.join(", ", ATTRIBUTES));
            }
            attribute = new LookupAttribute(key, request.required("value"));
        }
        int max = request.integer("max", 50, 1, 50);
        String next = request.optional("next").orElse(null);
        List<Found> events = new ArrayList<>();
        String token = null;
        if (hasTrail(monitor)) {
            JsonNode answer = JSON.readTree(monitor.audit().lookupEvents(attribute, range.start(), range.end(), max, next));
            for (JsonNode event : answer.path("Events")) {
                events.add(found(event));
            }
            token = answer.path("NextToken").asText(null);
        }
        return new Page(key, attribute == null ? null : attribute.value(), range.start(), range.end(), events, token, ATTRIBUTES);
    }

    static Record record(Monitor monitor, String id) throws IOException {
        if (id.isEmpty() || id.contains("/")) {
            throw ApiException.badRequest("name one record's event id: /api/audit/record/ID, not '" + id + "'");
        }
        if (hasTrail(monitor)) {
            JsonNode answer = JSON.readTree(monitor.audit().lookupEvents(new LookupAttribute("EventId", id), Instant.EPOCH, LAST, 1, null));
            for (JsonNode event : answer.path("Events")) {
                JsonNode record = JSON.readTree(event.path("CloudTrailEvent").asText());
                return new Record(id, record.path("eventName").asText(), record.path("eventTime").asText(),
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record));
            }
        }
        throw ApiException.notFound("no audit record has the event id '" + id + "'");
    }

    static Integrity integrity(Monitor monitor, ApiRequest request) throws IOException {
        ApiRequest.TimeRange range = request.range();
        Path keyFile = new DataLayout(monitor.dataDir()).auditPublicKey();
        if (!Files.isRegularFile(keyFile)) {
            return new Integrity("NO_KEY", "no public key to validate with at " + keyFile + ": the trail writes it with its first file",
                    range.start(), range.end(), null, null, 0, 0, 0, 0, List.of(), List.of(), List.of(), 0);
        }
        PublicKey key = SigningKeys.readPublicKey(keyFile);
        TrailValidator.Report report = TrailValidator.validate(monitor.dataDir(), key, range.start(), range.end());
        List<Verdict> findings = report.findings().stream().map(f -> new Verdict(f.kind(), f.file(), f.valid(), f.status())).toList();
        String status;
        String message;
        if (findings.isEmpty()) {
            status = "NO_DIGESTS";
            message = "no digest file covers this range yet: the trail writes one every digest interval and when it closes";
        } else if (report.valid()) {
            status = "VALID";
            message = report.validDigests() + "/" + report.digests() + " digest files valid, " + report.validLogFiles() + "/"
                    + report.logFiles() + " log files valid";
        } else {
            status = "INVALID";
            message = (report.digests() - report.validDigests()) + " digest files and " + (report.logFiles() - report.validLogFiles())
                    + " log files INVALID";
        }
        return new Integrity(status, message, range.start(), range.end(), report.foundStart(), report.foundEnd(), report.digests(),
                report.validDigests(), report.logFiles(), report.validLogFiles(), findings, report.notes(), report.problems(),
                report.pendingRecords());
    }

    /**
     * Whether the monitor keeps a trail: asking the monitor for one it never made would make one
     * (and its signing keys) for a page view, so a data dir without an audit folder has no records.
     */
    private static boolean hasTrail(Monitor monitor) {
        return Files.isDirectory(new DataLayout(monitor.dataDir()).audit());
    }

    private static Found found(JsonNode event) throws IOException {
        JsonNode record = JSON.readTree(event.path("CloudTrailEvent").asText("{}"));
        List<Resource> resources = new ArrayList<>();
        for (JsonNode resource : event.path("Resources")) {
            resources.add(new Resource(resource.path("ResourceType").asText(null), resource.path("ResourceName").asText(null)));
        }
        return new Found(event.path("EventId").asText(), record.path("eventTime").asText(event.path("EventTime").asText()),
                event.path("EventName").asText(), event.path("Username").asText(null), event.path("EventSource").asText(), resources,
                event.path("ReadOnly").asBoolean(), record.path("errorCode").asText(null), event.path("AccessKeyId").asText(null));
    }
}
