package dev.monitor.core.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.JsonArbitraries;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * The event envelope written by {@code JsonBytes} is byte for byte what the hand-written envelope
 * wrote before ({@link #handWritten}, the old code kept as the reference), as UTF-8, and Jackson reads
 * it back as the values it was made of: for any text (quotes, backslashes, control characters,
 * non-ASCII, pairs and lone surrogates) in every field, any number of resources, any detail object.
 * The envelope's fields are those of EventBridge's events
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html).
 */
class EnvelopeProperties {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<String> texts() {
        return JsonArbitraries.texts();
    }

    @Provide
    Arbitrary<List<String>> resources() {
        return texts().list().ofMaxSize(3);
    }

    @Provide
    Arbitrary<Map<String, Object>> details() {
        return JsonArbitraries.maps(JsonArbitraries.scalars(), 2);
    }

    @Property(tries = 500)
    void sameBytesAsTheHandWrittenEnvelopeAndTheSameValuesReadBack(
            @ForAll("texts") String id, @ForAll("texts") String detailType, @ForAll("texts") String source,
            @ForAll("texts") String account, @ForAll("texts") String region,
            @ForAll("resources") List<String> resources, @ForAll("details") Map<String, Object> detailValues,
            @ForAll @LongRange(min = 0, max = 4_000_000_000L) long second, @ForAll boolean noResources) throws Exception {
        String detail = " " + JSON.writeValueAsString(detailValues) + "\n";
        Instant time = Instant.ofEpochSecond(second, 999_999_999);
        List<String> given = noResources ? null : resources;

        String envelope = Envelope.of(id, detailType, source, account, time, region, given, detail);

        String before = handWritten(id, detailType, source, account, time, region, given, detail);
        assertEquals(hex(before.getBytes(StandardCharsets.UTF_8)), hex(envelope.getBytes(StandardCharsets.UTF_8)));
        JsonNode read = JSON.readTree(envelope.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"),
                fieldNames(read));
        assertEquals("0", read.get("version").asText());
        assertEquals(asSent(id), read.get("id").asText());
        assertEquals(asSent(detailType), read.get("detail-type").asText());
        assertEquals(asSent(source), read.get("source").asText());
        assertEquals(asSent(account), read.get("account").asText());
        assertEquals(Instant.ofEpochSecond(second).toString(), read.get("time").asText());
        assertEquals(asSent(region), read.get("region").asText());
        List<String> readResources = new ArrayList<>();
        read.get("resources").forEach(resource -> readResources.add(resource.asText()));
        assertEquals(given == null ? List.of() : given.stream().map(EnvelopeProperties::asSent).toList(), readResources);
        assertEquals(JSON.readTree(detail.getBytes(StandardCharsets.UTF_8)), read.get("detail"));
    }

    /** A text as UTF-8 carries it: an unpaired surrogate is not text, and goes as {@code ?} (as {@link String#getBytes} sends it). */
    private static String asSent(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("<%02x>", b & 0xff));
        }
        return text.toString();
    }

    /** The envelope as it was written by hand before it went through JsonBytes: the reference. */
    private static String handWritten(String id, String detailType, String source, String account, Instant time, String region,
                                      List<String> resources, String detail) {
        StringBuilder json = new StringBuilder(160 + detail.length());
        json.append("{\"version\":\"0\",\"id\":");
        string(json, id).append(",\"detail-type\":");
        string(json, detailType).append(",\"source\":");
        string(json, source).append(",\"account\":");
        string(json, account).append(",\"time\":");
        string(json, Envelope.time(time)).append(",\"region\":");
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

    private static StringBuilder string(StringBuilder json, String value) {
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
