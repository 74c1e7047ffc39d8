package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
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

    /** A user's object in the parameters: Jackson makes its tree by its accessors. */
    record Price(String currency, BigDecimal amount) {
    }

    private final Arbitrary<String> keys = Arbitraries.oneOf(texts(), Arbitraries.of("password", "apiToken", "clientSecret"));

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("\u0000\u0001\u001f\"\\/\b\f\n\r\t\u007f\u0080\u00e9\u07ff\u0800\u20ac\uffff"
                        + "\ud83d\ude00\ud800\udfff password=hunter2 ").ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.strings().alpha().ofMaxLength(12));
    }

    @Provide
    Arbitrary<String> optionalTexts() {
        return texts().injectNull(0.2);
    }

    @Provide
    Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(texts().map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, 1.0, 1e-5, 1e21, -0.0, 0.1f, Float.NaN, 42.5f),
                Arbitraries.floats().map(f -> (Object) f),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.of(new BigDecimal("1.500"), new BigDecimal("1E+3"), new BigInteger("123456789012345678901234567890"),
                        new Price("EUR", new BigDecimal("129.90")), 'c', (byte) 7, (short) -3));
    }

    @Provide
    Arbitrary<Object> values() {
        return values(3);
    }

    /** Scalars, nulls, and maps and lists of them nested at most {@code depth} deep. */
    private Arbitrary<Object> values(int depth) {
        if (depth == 0) {
            return Arbitraries.frequencyOf(Tuple.of(4, scalars()), Tuple.of(1, Arbitraries.just(null)));
        }
        return Arbitraries.frequencyOf(Tuple.of(4, scalars()), Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(1, maps(depth - 1).map(m -> (Object) m)),
                Tuple.of(1, values(depth - 1).list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l))));
    }

    private Arbitrary<Map<String, Object>> maps(int depth) {
        return Arbitraries.maps(keys, values(depth)).ofMaxSize(3).map(LinkedHashMap::new);
    }

    @Provide
    Arbitrary<Map<String, Object>> maps() {
        return maps(2);
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
