package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/** LookupEvents over the trail files: matching records, newest first, in pages. */
final class Lookup {
    private Lookup() {
    }

    static ObjectNode run(List<Path> files, LookupAttribute attribute, Instant start, Instant end, int maxResults,
                          String nextToken, ObjectMapper json) throws IOException {
        if (maxResults < 1 || maxResults > 50) {
            throw new IllegalArgumentException("MaxResults " + maxResults + " is not from 1 to 50");
        }
        int offset = offset(nextToken);
        List<JsonNode> matches = new ArrayList<>();
        for (Path file : files) {
            for (JsonNode record : json.readTree(TrailFiles.gunzip(file)).path("Records")) {
                Instant time = Instant.parse(record.path("eventTime").asText());
                if (!time.isBefore(start) && !time.isAfter(end) && (attribute == null || matches(record, attribute))) {
                    matches.add(record);
                }
            }
        }
        matches.sort(Comparator.comparing((JsonNode r) -> r.path("eventTime").asText()).reversed());
        ObjectNode answer = json.createObjectNode();
        ArrayNode events = answer.putArray("Events");
        for (int i = offset; i < Math.min(matches.size(), offset + maxResults); i++) {
            events.add(event(matches.get(i), json));
        }
        if (offset + maxResults < matches.size()) {
            answer.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("offset:" + (offset + maxResults)).getBytes(StandardCharsets.UTF_8)));
        }
        return answer;
    }

    private static int offset(String token) {
        if (token == null) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("offset:")) {
                return Integer.parseInt(decoded.substring("offset:".length()));
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("NextToken '" + token + "' is not one this trail gave");
    }

    /** LookupEvents' attributes, as CloudTrail reads them from a record. */
    static boolean matches(JsonNode record, LookupAttribute attribute) {
        String value = attribute.value();
        return switch (attribute.key()) {
            case "EventId" -> value.equals(record.path("eventID").asText());
            case "EventName" -> value.equals(record.path("eventName").asText());
            case "ReadOnly" -> value.equals(record.path("readOnly").asText());
            case "Username" -> value.equals(username(record));
            case "EventSource" -> value.equals(record.path("eventSource").asText());
            case "AccessKeyId" -> value.equals(record.at("/userIdentity/accessKeyId").asText());
            case "ResourceType" -> any(record, "type", value);
            default -> any(record, "ARN", value);
        };
    }

    private static boolean any(JsonNode record, String field, String value) {
        for (JsonNode resource : record.path("resources")) {
            if (value.equals(resource.path(field).asText())) {
                return true;
            }
        }
        return false;
    }

    private static String username(JsonNode record) {
        JsonNode identity = record.path("userIdentity");
        return identity.hasNonNull("userName") ? identity.get("userName").asText() : identity.path("principalId").asText(null);
    }

    /** One entry of LookupEvents' {@code Events}, the whole record as the {@code CloudTrailEvent} string. */
    private static ObjectNode event(JsonNode record, ObjectMapper json) throws IOException {
        ObjectNode event = json.createObjectNode();
        event.put("EventId", record.path("eventID").asText());
        event.put("EventName", record.path("eventName").asText());
        event.put("ReadOnly", record.path("readOnly").asText());
        if (record.at("/userIdentity/accessKeyId").isTextual()) {
            event.put("AccessKeyId", record.at("/userIdentity/accessKeyId").asText());
        }
        event.put("EventTime", record.path("eventTime").asText());
        event.put("EventSource", record.path("eventSource").asText());
        String username = username(record);
        if (username != null) {
            event.put("Username", username);
        }
        ArrayNode resources = event.putArray("Resources");
        for (JsonNode resource : record.path("resources")) {
            ObjectNode entry = resources.addObject();
            if (resource.has("type")) {
                entry.put("ResourceType", resource.get("type").asText());
            }
            entry.put("ResourceName", resource.path("ARN").asText());
        }
        event.put("CloudTrailEvent", json.writeValueAsString(record));
        return event;
    }
}
