package dev.monitor.core.events.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * EventBridge's event envelope, written by hand: the detail is a JSON object the put already
 * checked, so it is copied in as it was given rather than parsed and written again.
 */
final class Envelope {
    private Envelope() {
    }

    /** {@code {"version":"0","id":..,"detail-type":..,"source":..,"account":..,"time":..,"region":..,"resources":[..],"detail":{..}}}. */
    static String of(String id, String detailType, String source, String account, Instant time, String region, List<String> resources,
                     String detail) {
        StringBuilder json = new StringBuilder(160 + detail.length());
        json.append("{\"version\":\"0\",\"id\":");
        string(json, id).append(",\"detail-type\":");
        string(json, detailType).append(",\"source\":");
        string(json, source).append(",\"account\":");
        string(json, account).append(",\"time\":");
        string(json, time(time)).append(",\"region\":");
        string(json, region).append(",\"resources\":[");
        if (resources != null) {
            for (int i = 0; i < resources.size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                string(json, resources.get(i));
            }
        }
        json.append("],\"detail\":").append(detail.strip()).append('}');
        return json.toString();
    }

    /** An envelope's time: UTC to the second, as EventBridge writes it ({@code 2015-11-11T21:29:54Z}). */
    static String time(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@code value} as a JSON string, escaped as RFC 8259 requires. */
    static StringBuilder string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
