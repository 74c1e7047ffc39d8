package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.JsonArbitraries;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Audit records written by {@code JsonBytes} ({@link RecordWriter}) are byte for byte what the
 * Jackson tree and {@code writeValueAsBytes} made before ({@link JacksonRecords}, the old code kept
 * as the reference), so trail files and the digests that hash them keep their format, and read
 * back by Jackson as the same tree: for any text (escapes, control characters, non-ASCII, pairs and
 * lone surrogates), numbers of every kind, nested maps and lists, a user's objects, secrets at any
 * depth, cut user agents and parameters over CloudTrail's 100 KB.
 */
class RecordBytesProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SECRET_WORDS = List.of("password", "secret", "token");

    @Provide
    Arbitrary<String> texts() {
        return JsonArbitraries.texts();
    }

    @Provide
    Arbitrary<String> optionalTexts() {
        return texts().injectNull(0.2);
    }

    @Provide
    Arbitrary<Map<String, Object>> maps() {
        // chars, bytes and shorts: a user's parameters hold them, and Jackson writes each its own way
        return JsonArbitraries.maps(JsonArbitraries.scalars(Arbitraries.of('c', (byte) 7, (short) -3)), 2);
    }

    @Property(tries = 400)
    void sameBytesAndTreeAsJackson(@ForAll("optionalTexts") String userName, @ForAll("optionalTexts") String arn,
                                   @ForAll("optionalTexts") String agent, @ForAll("maps") Map<String, Object> request,
                                   @ForAll("maps") Map<String, Object> response, @ForAll("optionalTexts") String errorMessage,
                                   @ForAll("optionalTexts") String traceId, @ForAll boolean withResource,
                                   @ForAll @LongRange(min = 0, max = 4_000_000_000L) long second,
                                   @ForAll @IntRange(min = 0, max = 2) int sizes) {
        AuditEvent.Builder builder = AuditEvent.builder("DeleteOrder").source("orders.shop")
                .by(new UserIdentity("IAMUser", userName, arn, null, "AKIDEXAMPLE", userName,
                        userName == null ? null : Map.of("attributes", Map.of("mfaAuthenticated", "false", "token", "x"))))
                .from("203.0.113.7").userAgent(sizes == 1 && agent != null ? agent.repeat(400) : agent)
                .request(sizes == 2 ? Map.of("big", "x".repeat(Redactor.MAX_ELEMENTS), "also", request) : request)
                .response(response).requestId("r-1");
        if (errorMessage != null) {
            builder.error("AccessDenied", errorMessage);
        }
        if (withResource) {
            builder.resource(AuditResource.of("Shop::Order", "arn:monitor:shop:::order/" + userName));
        }
        AuditEvent event = builder.write().build();
        Instant time = Instant.ofEpochSecond(second, 123_456_789);
        UUID id = UUID.randomUUID();
        Redactor redactor = new Redactor(SECRET_WORDS, JSON);
        byte[] written = new RecordWriter("123456789012", "eu-west-1", redactor, JSON).line(event, time, traceId, id).bytes();
        byte[] before;
        try {
            before = new JacksonRecords("123456789012", "eu-west-1", redactor).line(event, time, traceId, id);
            assertEquals(JSON.readTree(before), JSON.readTree(written));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertArrayEquals(before, written, () -> new String(written, StandardCharsets.UTF_8) + "\nwas\n"
                + new String(before, StandardCharsets.UTF_8));
        assertEquals('\n', written[written.length - 1]);
    }

    @Property(tries = 50)
    void oversizedParametersAreCutAndNamed(@ForAll @IntRange(min = 0, max = 2000) int over) throws Exception {
        Map<String, Object> request = Map.of("body", "y".repeat(Redactor.MAX_ELEMENTS - 10 + over));
        AuditEvent event = AuditEvent.builder("PutOrder").source("orders.shop").request(request).write().build();
        Redactor redactor = new Redactor(SECRET_WORDS, JSON);
        byte[] line = new RecordWriter("1", "r", redactor, JSON).line(event, Instant.EPOCH, null, UUID.randomUUID()).bytes();
        var record = JSON.readTree(line);
        int size = JSON.writeValueAsBytes(request).length;
        if (size > Redactor.MAX_ELEMENTS) {
            assertEquals(size, record.at("/requestParameters/originalSize").asInt());
            assertTrue(record.at("/additionalEventData/omittedFields").toString().contains("requestParameters"));
        } else {
            assertEquals(request.get("body"), record.at("/requestParameters/body").asText());
        }
    }
}
