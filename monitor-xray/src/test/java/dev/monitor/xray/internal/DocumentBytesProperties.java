package dev.monitor.xray.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.core.JsonArbitraries;
import dev.monitor.testing.ManualClock;
import dev.monitor.xray.Sampler;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Segment documents written by {@code JsonBytes} ({@link Documents}) are byte for byte what
 * Jackson's text generator wrote before ({@link JacksonDocuments}, the old code kept as the
 * reference), encoded as the exporters encode them, and read back by Jackson as the same tree:
 * for any text (escapes, control characters, non-ASCII, pairs and lone surrogates), numbers of
 * every kind Java hands over, nested maps and lists, a user's objects, secrets and cut documents.
 */
class DocumentBytesProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ManualClock CLOCK = ManualClock.at("2026-12-02T07:00:00.123456Z");
    private static TraceEngine tracer;

    @BeforeContainer
    static void tracer() {
        tracer = TraceEngine.builder().clock(CLOCK).sampler(Sampler.fromJson(
                "{\"version\": 2, \"rules\": [], \"default\": {\"fixed_target\": 1000000, \"rate\": 1}}", CLOCK)).build();
    }

    @AfterContainer
    static void close() {
        tracer.close();
    }

    @Provide
    Arbitrary<String> texts() {
        return JsonArbitraries.texts();
    }

    @Provide
    Arbitrary<Object> scalars() {
        return JsonArbitraries.scalars(Arbitraries.shorts().map(s -> (Object) s));
    }

    @Provide
    Arbitrary<Object> values() {
        return JsonArbitraries.values(scalars(), 3);
    }

    @Provide
    Arbitrary<String> annotationKeys() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(12);
    }

    @Property(tries = 300)
    void sameBytesAndTreeAsJackson(@ForAll("texts") String name, @ForAll("annotationKeys") String key,
                                   @ForAll("scalars") Object annotation, @ForAll("values") Object metadata,
                                   @ForAll("values") Object request, @ForAll("texts") String sql, @ForAll("texts") String message,
                                   @ForAll boolean withChild, @ForAll boolean childOpen) {
        Segment segment = tracer.beginSegment(name.isEmpty() ? "s" : name);
        Entity root = (Entity) segment;
        root.putAnnotation(key, annotation);
        root.putAnnotation("token", "hidden");
        root.putMetadata(null, "value", metadata);
        root.putMetadata("ns", "secret_key", "hidden");
        root.putHttpRequest("url", "https://shop.example.com/" + message);
        root.putHttpRequest("extra", request);
        root.setHttpResponse(201, 512);
        root.setUser(message);
        root.putAws("operation", metadata);
        Subsegment child = null;
        if (withChild) {
            child = tracer.beginSubsegment(message.isEmpty() ? "c" : message);
            ((Entity) child).putSql("sanitized_query", sql);
            ((Entity) child).putSql("url", "jdbc:postgresql://user:pw@db/" + sql);
            ((Entity) child).addException(new IllegalStateException(message, new RuntimeException(sql)));
            ((Entity) child).setNamespace("remote");
            if (!childOpen) {
                child.close();
            }
        }
        try {
            for (boolean cut : new boolean[] {false, true}) {
                Documents.Snapshot snapshot = Documents.Snapshot.of(root);
                same(Documents.write(root, false, cut, snapshot).toByteArray(),
                        JacksonDocuments.write(root, false, cut, snapshot));
                same(Documents.write(root, false, cut, null).toByteArray(), JacksonDocuments.write(root, false, cut, null));
                if (child != null) {
                    Entity sub = (Entity) child;
                    same(Documents.write(sub, true, cut, null).toByteArray(), JacksonDocuments.write(sub, true, cut, null));
                }
            }
        } finally {
            if (child != null && childOpen) {
                child.close();
            }
            segment.close();
        }
    }

    /** Exceptions get fresh random ids at every write: those are the only bytes allowed to differ. */
    private static void same(byte[] written, String jackson) {
        String ours = ids(new String(written, StandardCharsets.ISO_8859_1));
        String theirs = ids(new String(jackson.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        assertEquals(theirs, ours);
        try {
            JsonNode tree = JSON.readTree(written);
            assertEquals(ids(JSON.readTree(jackson.getBytes(StandardCharsets.UTF_8)).toString()), ids(tree.toString()));
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + ours, e);
        }
    }

    private static String ids(String document) {
        return document.replaceAll("\"(id|cause)\":\"[0-9a-f]{16}\"", "\"$1\":\"ID\"");
    }
}
