package dev.monitor.core.events.internal;

import dev.monitor.core.internal.JsonBytes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * EventBridge's event envelope, written with {@link JsonBytes} in its {@link JsonBytes.Style#EVENTS events style}:
 * the detail is a JSON object the put already checked, so it is copied in as it was given rather
 * than parsed and written again.
 */
final class Envelope {
    /** One writer per thread that makes envelopes (the dispatcher, the scheduler's tick): reused, so a put's envelope allocates only its text. */
    private static final ThreadLocal<JsonBytes> WRITER = ThreadLocal.withInitial(() -> new JsonBytes(JsonBytes.Style.EVENTS));

    private Envelope() {
    }

    /** {@code {"version":"0","id":..,"detail-type":..,"source":..,"account":..,"time":..,"region":..,"resources":[..],"detail":{..}}}. */
    static String of(String id, String detailType, String source, String account, Instant time, String region, List<String> resources,
                     String detail) {
        JsonBytes json = WRITER.get();
        json.reset();
        json.startObject().stringField("version", "0").stringField("id", id).stringField("detail-type", detailType)
                .stringField("source", source).stringField("account", account).stringField("time", time(time))
                .stringField("region", region).name("resources").startArray();
        if (resources != null) {
            for (int i = 0; i < resources.size(); i++) {
                json.element().string(resources.get(i));
            }
        }
        json.endArray().name("detail").raw(detail.strip().getBytes(StandardCharsets.UTF_8));
        return json.endObject().text();
    }

    /** An envelope's time: UTC to the second, as EventBridge writes it ({@code 2015-11-11T21:29:54Z}). */
    static String time(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
    }
}
