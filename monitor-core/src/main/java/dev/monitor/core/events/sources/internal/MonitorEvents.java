package dev.monitor.core.events.sources.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.alarms.AlarmService;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.internal.EventEngine;
import dev.monitor.core.events.internal.EventIds;
import dev.monitor.core.export.AuditRecord;
import dev.monitor.core.export.Exporter;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not API: puts Monitor's own events on the {@code default} bus in AWS's shapes. Every call here is
 * a queue insertion on the thread that reports the change (the alarms' action threads, the audit
 * pipeline's thread, the trail's insight thread), never the application's, and never waits: a full
 * bus queue drops the event and counts it in {@code Monitor/Dropped} ({@code Signal=events}).
 *
 * <ul>
 *   <li>"CloudWatch Alarm State Change" from {@code aws.cloudwatch}: each alarm state change, as
 *       {@code AlarmStateChange.eventJson()} writes it;</li>
 *   <li>each audited record, its {@code detail} the CloudTrail record, its {@code source} {@code aws.}
 *       and the first label of the record's {@code eventSource} ({@code s3.amazonaws.com} gives
 *       {@code aws.s3}, {@code signin.amazonaws.com} {@code aws.signin}), its {@code detail-type} by
 *       the record's {@code eventType} as the EventBridge user guide lists them
 *       (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html):
 *       {@code AwsApiCall} "AWS API Call via CloudTrail" (a {@code readOnly} call is not delivered, as
 *       EventBridge does not deliver read-only management events to a rule that did not ask for
 *       them), {@code AwsConsoleSignIn} "AWS Console Sign In via CloudTrail", {@code AwsConsoleAction}
 *       "AWS Console Action via CloudTrail", {@code AwsServiceEvent} "AWS Service Event via CloudTrail",
 *       {@code AwsCloudTrailInsight} "AWS Insight via CloudTrail"; a record without a known
 *       {@code eventType} is taken for an API call;</li>
 *   <li>"AWS Insight via CloudTrail" from {@code aws.cloudtrail}: each Insights start and end record.</li>
 * </ul>
 * The bus is attached once it runs: what is reported before ({@link #attach}) is not put. "AWS Health
 * Event"s ({@code aws.health}) are put by the health engine itself ({@code dev.monitor.core.health.internal.HealthEngine}).
 */
public final class MonitorEvents {
    static final String API_CALL = "AWS API Call via CloudTrail";
    /**
     * The user guide's list spells it "AWS Console Signin via CloudTrail"; the events AWS delivers,
     * and the rules written for them, say "AWS Console Sign In via CloudTrail", which is what a rule
     * must match.
     */
    static final String CONSOLE_SIGN_IN = "AWS Console Sign In via CloudTrail";
    static final String CONSOLE_ACTION = "AWS Console Action via CloudTrail";
    static final String SERVICE_EVENT = "AWS Service Event via CloudTrail";
    static final String INSIGHT = "AWS Insight via CloudTrail";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many audit event ids are remembered: a batch the audit pipeline offers again is not put twice. */
    private static final int SEEN_IDS = 4096;

    private final java.time.Clock clock;
    private final String account;
    private final String region;
    private volatile EventEngine events;
    private final Map<String, Boolean> seen = new LinkedHashMap<>(SEEN_IDS * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_IDS;
        }
    };

    public MonitorEvents(java.time.Clock clock, String account, String region) {
        this.clock = clock;
        this.account = account;
        this.region = region;
    }

    /** From now on, events go to {@code engine}'s {@code default} bus. */
    public void attach(EventEngine engine) {
        this.events = engine;
    }

    /** Puts each state change of {@code alarms} on the bus, from the alarms' action threads. */
    public Subscription alarms(AlarmService alarms) {
        return alarms.onStateChange(change -> put(change.eventJson()));
    }

    /** Puts each Insights record of {@code trail} on the bus. */
    public Subscription insights(AuditTrail trail) {
        return trail.onInsight(record -> {
            try {
                JsonNode detail = JSON.readTree(record);
                put(envelope(INSIGHT, "aws.cloudtrail", detail));
            } catch (IOException | RuntimeException e) {
                // not a record: nothing to put (the trail wrote it, so this does not happen)
            }
        });
    }

    /**
     * The exporter to add to the audit signal: it sees every record the trail delivers, on the audit
     * pipeline's thread, and puts the write calls on the bus. It never fails a batch, so the trail's
     * delivery never waits for the bus.
     */
    public Exporter<AuditRecord> auditExporter() {
        return this::audited;
    }

    private void audited(List<AuditRecord> batch) {
        if (events == null) {
            return;
        }
        for (AuditRecord record : batch) {
            synchronized (seen) {
                if (seen.put(record.eventId(), Boolean.TRUE) != null) {
                    continue;
                }
            }
            try {
                JsonNode detail = JSON.readTree(record.record());
                String detailType = detail == null || !detail.isObject() ? null : detailType(detail.path("eventType").asText(""));
                if (detailType == null || detailType.equals(API_CALL) && detail.path("readOnly").asBoolean(false)) {
                    continue;
                }
                put(envelope(detailType, source(detail.path("eventSource").asText("")), detail));
            } catch (IOException | RuntimeException e) {
                // a record that is not JSON: the trail's files keep it; the bus has nothing to match
            }
        }
    }

    /** The {@code detail-type} EventBridge gives a CloudTrail record of {@code eventType}. */
    static String detailType(String eventType) {
        return switch (eventType) {
            case "AwsConsoleSignIn" -> CONSOLE_SIGN_IN;
            case "AwsConsoleAction" -> CONSOLE_ACTION;
            case "AwsServiceEvent" -> SERVICE_EVENT;
            case "AwsCloudTrailInsight" -> INSIGHT;
            default -> API_CALL;
        };
    }

    /** The {@code source} of a CloudTrail record's event: {@code aws.} and the first label of its {@code eventSource}. */
    static String source(String eventSource) {
        int dot = eventSource.indexOf('.');
        String service = dot < 0 ? eventSource : eventSource.substring(0, dot);
        return "aws." + (service.isEmpty() ? "unknown" : service);
    }

    private String envelope(String detailType, String source, JsonNode detail) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", EventIds.next());
        event.put("detail-type", detailType);
        event.put("source", source);
        event.put("account", detail.path("recipientAccountId").asText(account));
        event.put("time", time(detail.path("eventTime").asText(null)));
        event.put("region", detail.path("awsRegion").asText(region));
        event.putArray("resources");
        event.set("detail", detail);
        return event.toString();
    }

    private String time(String eventTime) {
        Instant time;
        try {
            time = eventTime == null ? clock.instant() : Instant.parse(eventTime);
        } catch (RuntimeException e) {
            time = clock.instant();
        }
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    private void put(String eventJson) {
        EventEngine engine = events;
        if (engine != null) {
            engine.putEnvelope(Rule.DEFAULT_BUS, eventJson);
        }
    }
}
