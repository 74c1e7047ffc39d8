package dev.monitor.core.health.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.health.HealthEvent;
import dev.monitor.core.health.HealthEvent.AffectedEntity;
import dev.monitor.core.health.HealthEvent.Category;
import dev.monitor.core.health.HealthEvent.EventStatus;
import dev.monitor.core.internal.AwsCliTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * Not API: a {@link HealthEvent} in each of its JSON shapes: the AWS Health API's
 * ({@code DescribeEvents}, {@code DescribeEventDetails}, {@code DescribeAffectedEntities}), the
 * EventBridge detail of an "AWS Health Event", and the stored line. Public for the CLI and the console.
 */
public final class HealthEventJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The EventBridge detail's times: "Fri, 27 Jan 2023 06:02:51 GMT" as AWS Health sends them. */
    static final DateTimeFormatter GMT = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private HealthEventJson() {
    }

    /** As {@code DescribeEvents} answers it (https://docs.aws.amazon.com/health/latest/APIReference/API_Event.html), times as the AWS CLI prints them. */
    public static ObjectNode toEventJson(HealthEvent e) {
        return eventFields(e, AwsCliTime::format);
    }

    /** The fields of an {@code Event}, in its order, with times written by {@code time}. */
    private static ObjectNode eventFields(HealthEvent e, Function<Instant, String> time) {
        ObjectNode out = JSON.createObjectNode();
        out.put("arn", e.arn());
        out.put("service", e.service());
        out.put("eventTypeCode", e.eventTypeCode());
        out.put("eventTypeCategory", e.eventTypeCategory().wire());
        out.put("region", e.region());
        out.put("startTime", time.apply(e.startTime()));
        if (e.endTime() != null) {
            out.put("endTime", time.apply(e.endTime()));
        }
        out.put("lastUpdatedTime", time.apply(e.lastUpdatedTime()));
        out.put("statusCode", e.statusCode().wire());
        out.put("eventScopeCode", e.eventScopeCode());
        return out;
    }

    /** An entry of {@code DescribeEventDetails}' {@code successfulSet}: the event, its description and metadata. */
    public static ObjectNode toDetailsJson(HealthEvent e) {
        ObjectNode out = JSON.createObjectNode();
        out.set("event", toEventJson(e));
        out.putObject("eventDescription").put("latestDescription", e.description());
        out.putObject("eventMetadata").put("component", e.component());
        return out;
    }

    /** Its entities as {@code DescribeAffectedEntities} answers them. */
    public static ArrayNode toEntitiesJson(HealthEvent e, String account) {
        ArrayNode out = JSON.createArrayNode();
        for (HealthEvent.AffectedEntity entity : e.entities()) {
            ObjectNode node = out.addObject();
            node.put("entityArn", entity.entityArn());
            node.put("eventArn", e.arn());
            node.put("entityValue", entity.entityValue());
            node.put("awsAccountId", account);
            node.put("lastUpdatedTime", AwsCliTime.format(entity.lastUpdatedTime()));
            node.put("statusCode", entity.statusCode());
        }
        return out;
    }

    /**
     * The {@code detail} of the "AWS Health Event" EventBridge delivers
     * (https://docs.aws.amazon.com/health/latest/ug/aws-health-events-eventbridge-schema.html): times in
     * RFC 1123 GMT, the description per language, the affected entities with their status.
     */
    public static ObjectNode toBusDetail(HealthEvent e, String account) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("eventArn", e.arn());
        detail.put("service", e.service());
        detail.put("eventScopeCode", e.eventScopeCode());
        detail.put("communicationId", e.arn().substring(e.arn().lastIndexOf('/') + 1) + "-" + e.lastUpdatedTime().toEpochMilli());
        detail.put("lastUpdatedTime", GMT.format(e.lastUpdatedTime()));
        detail.put("statusCode", e.statusCode().wire());
        detail.put("eventRegion", e.region());
        detail.put("eventTypeCode", e.eventTypeCode());
        detail.put("eventTypeCategory", e.eventTypeCategory().wire());
        detail.put("startTime", GMT.format(e.startTime()));
        if (e.endTime() != null) {
            detail.put("endTime", GMT.format(e.endTime()));
        }
        detail.putArray("eventDescription").addObject().put("language", "en_US").put("latestDescription", e.description());
        ArrayNode entities = detail.putArray("affectedEntities");
        for (AffectedEntity entity : e.entities()) {
            entities.addObject().put("entityValue", entity.entityValue()).put("lastUpdatedTime", GMT.format(entity.lastUpdatedTime()))
                    .put("status", entity.statusCode());
        }
        detail.put("affectedAccount", account);
        detail.put("page", "1");
        detail.put("totalPages", "1");
        return detail;
    }

    /** The stored form, one line of {@code health/events-*.jsonl}: every field, times as ISO instants. */
    public static ObjectNode toStored(HealthEvent e) {
        ObjectNode out = eventFields(e, Instant::toString);
        out.put("component", e.component());
        out.put("description", e.description());
        ArrayNode list = out.putArray("entities");
        for (HealthEvent.AffectedEntity entity : e.entities()) {
            list.addObject().put("entityArn", entity.entityArn()).put("entityValue", entity.entityValue())
                    .put("statusCode", entity.statusCode()).put("lastUpdatedTime", entity.lastUpdatedTime().toString());
        }
        return out;
    }

    /** Reads {@link #toStored}'s form. */
    public static HealthEvent fromStored(JsonNode node) {
        List<AffectedEntity> entities = new java.util.ArrayList<>();
        for (var entity : node.path("entities")) {
            entities.add(new AffectedEntity(entity.path("entityArn").asText(null), entity.path("entityValue").asText(),
                    entity.path("statusCode").asText(), Instant.parse(entity.path("lastUpdatedTime").asText())));
        }
        return new HealthEvent(node.path("arn").asText(), node.path("service").asText(), node.path("eventTypeCode").asText(),
                Category.of(node.path("eventTypeCategory").asText()), node.path("region").asText(),
                Instant.parse(node.path("startTime").asText()),
                node.hasNonNull("endTime") ? Instant.parse(node.path("endTime").asText()) : null,
                Instant.parse(node.path("lastUpdatedTime").asText()), EventStatus.of(node.path("statusCode").asText()),
                node.path("eventScopeCode").asText("ACCOUNT_SPECIFIC"), node.path("component").asText(),
                node.path("description").asText(""), entities);
    }
}
