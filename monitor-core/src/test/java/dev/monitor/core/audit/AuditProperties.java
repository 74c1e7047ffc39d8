package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.audit.internal.FileModes;
import dev.monitor.core.audit.internal.LookupIndex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Selectors against their definition, and redaction at any depth. */
class AuditProperties {
    private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "authorization", "apikey");

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("DeleteOrder", "GetOrder", "PutOrder", "ListOrders", "Ping", "DeleteUser");
    }

    @Provide
    Arbitrary<String> sources() {
        return Arbitraries.of("orders.shop", "users.shop", "orders.admin", "monitor.local");
    }

    @Property
    void aSelectorMatchesExactlyWhenEveryConditionHolds(@ForAll("names") String name, @ForAll("sources") String source,
                                                          @ForAll boolean readOnly, @ForAll boolean data,
                                                          @ForAll("names") String excluded, @ForAll("sources") String prefixOf) {
        String prefix = prefixOf.substring(0, prefixOf.indexOf('.') + 1);
        EventSelector selector = EventSelector.builder("s").equalTo("readOnly", "false").startsWith("eventSource", prefix)
                .notEqualTo("eventName", excluded).endsWith("eventName", "Order", "Orders").build();
        AuditEvent.Builder builder = AuditEvent.builder(name).source(source);
        if (readOnly) {
            builder.read();
        }
        if (data) {
            builder.data();
        }
        boolean expected = !readOnly && source.startsWith(prefix) && !name.equals(excluded)
                && (name.endsWith("Order") || name.endsWith("Orders"));
        assertEquals(expected, selector.matches(builder.build()));
        EventSelector management = EventSelector.allManagementEvents();
        assertEquals(!data, management.matches(builder.build()));
    }

    @Provide
    Arbitrary<Map<String, Object>> documents() {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                Arbitraries.of("password", "dbPassword", "X-Api-Token", "Authorization", "clientSecret", "apiKey"));
        Arbitrary<Object> leaves = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMaxLength(6).map(s -> (Object) ("v" + s)),
                Arbitraries.integers().map(i -> (Object) i));
        Arbitrary<Object> level2 = Arbitraries.maps(keys, leaves).ofMaxSize(4).map(m -> (Object) new LinkedHashMap<>(m));
        Arbitrary<Object> values = Arbitraries.oneOf(leaves, level2, level2.list().ofMaxSize(3).map(l -> (Object) l));
        return Arbitraries.maps(keys, values).ofMaxSize(6).map(LinkedHashMap::new);
    }

    @Property
    void noValueUnderASecretKeySurvivesAndEveryOtherValueDoes(@ForAll("documents") Map<String, Object> request) {
        Redactor redactor = new Redactor(SECRET_WORDS, new ObjectMapper());
        JsonNode written = redactor.elements(request);
        check(new ObjectMapper().valueToTree(request), written, redactor);
    }

    private static void check(JsonNode original, JsonNode written, Redactor redactor) {
        if (original.isObject()) {
            original.fields().forEachRemaining(field -> {
                JsonNode out = written.get(field.getKey());
                // The rule itself, not the redactor's own check: a key naming any secret word, in any case.
                boolean secret = SECRET_WORDS.stream().anyMatch(word -> field.getKey().toLowerCase(java.util.Locale.ROOT)
                        .contains(word.toLowerCase(java.util.Locale.ROOT)));
                assertEquals(secret, redactor.isSecret(field.getKey()), field.getKey());
                if (secret) {
                    assertEquals(Redactor.REDACTED, out.asText(), field.getKey());
                } else {
                    check(field.getValue(), out, redactor);
                }
            });
        } else if (original.isArray()) {
            for (int i = 0; i < original.size(); i++) {
                check(original.get(i), written.get(i), redactor);
            }
        } else {
            assertEquals(original, written);
            assertFalse(written.asText().equals(Redactor.REDACTED));
        }
    }

    /** The index reads event times without a formatter: it must agree with one, and refuse what it refuses. */
    @Property
    void eventTimesReadAsTheFormatterReadsThem(@ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 253_402_300_799L) long second,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 19) int mangled, @ForAll char replacement) {
        String text = java.time.Instant.ofEpochSecond(second).toString();
        assertEquals(java.time.Instant.parse(text), LookupIndex.time(text), text);
        String broken = text.substring(0, mangled) + replacement + text.substring(mangled + 1);
        java.time.Instant expected;
        try {
            expected = java.time.Instant.parse(broken);
        } catch (java.time.format.DateTimeParseException e) {
            org.junit.jupiter.api.Assertions.assertThrows(java.time.format.DateTimeParseException.class, () -> LookupIndex.time(broken), broken);
            return;
        }
        assertEquals(expected, LookupIndex.time(broken), broken);
    }

    @Provide
    Arbitrary<String> permissions() {
        return Arbitraries.of('r', '-').list().ofSize(3).flatMap(read -> Arbitraries.of('w', '-').list().ofSize(3).flatMap(write ->
                Arbitraries.of('x', '-').list().ofSize(3).map(execute -> {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < 3; i++) {
                        text.append(read.get(i)).append(write.get(i)).append(execute.get(i));
                    }
                    return text.toString();
                })));
    }

    /** Any {@code ls -l} permissions are taken exactly when the owner may read and write (the trail reads back what it writes). */
    @Property
    void filePermissionsAreTakenExactlyWhenTheOwnerMayReadAndWrite(@ForAll("permissions") String permissions) {
        boolean ownerReadsAndWrites = permissions.startsWith("rw");
        try {
            new FileModes(permissions);
            assertTrue(ownerReadsAndWrites, permissions + " was taken");
        } catch (IllegalArgumentException e) {
            assertFalse(ownerReadsAndWrites, permissions + " was refused: " + e.getMessage());
            assertEquals("file permissions '" + permissions + "' must let the owner read and write (rw-......)", e.getMessage());
        }
    }
}
