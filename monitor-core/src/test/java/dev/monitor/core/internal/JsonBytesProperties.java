package dev.monitor.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The hand-written JSON encoder against Jackson's reader: every string must come back as it went in. */
class JsonBytesProperties {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 2000)
    void anyStringRoundTrips(@ForAll String key, @ForAll String value, @ForAll long number, @ForAll boolean flag) throws Exception {
        JsonBytes json = new JsonBytes();
        json.startObject().stringField("k", key).stringField("v", value).name("n").number(number).name("b").bool(flag)
                .name("a").startArray().element().string(value).element().nullValue().endArray().endObject();
        JsonNode read = JSON.readTree(new String(json.array(), 0, json.size(), StandardCharsets.UTF_8));
        // Lone surrogates are not text: like Java's own UTF-8 encoder, the writer puts U+FFFD in their place.
        String expected = new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertEquals(new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), read.get("k").asText());
        assertEquals(expected, read.get("v").asText());
        assertEquals(number, read.get("n").asLong());
        assertEquals(flag, read.get("b").asBoolean());
        assertEquals(expected, read.get("a").get(0).asText());
    }

    @Property(tries = 5000)
    void doublesReadBackAsTheSameDouble(@ForAll double value, @ForAll @net.jqwik.api.constraints.IntRange(min = -6, max = 9) int decimals) throws Exception {
        // Values with a few decimals take the digit-by-digit path; others Double.toString.
        double shaped = Math.rint(value % 1e7 * Math.pow(10, Math.max(0, decimals))) / Math.pow(10, Math.max(0, decimals));
        for (double d : new double[] {value, shaped, -shaped}) {
            if (!Double.isFinite(d)) {
                continue;
            }
            JsonBytes json = new JsonBytes();
            json.startObject().name("d").number(d).endObject();
            JsonNode read = JSON.readTree(new String(json.array(), 0, json.size(), StandardCharsets.UTF_8));
            assertEquals(d, read.get("d").asDouble(), 0.0, () -> new String(json.array(), 0, json.size(), StandardCharsets.UTF_8));
        }
    }
}
