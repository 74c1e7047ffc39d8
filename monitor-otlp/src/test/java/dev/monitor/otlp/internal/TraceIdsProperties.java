package dev.monitor.otlp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.otlp.TraceIds;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * X-Ray trace ids (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html#xray-api-traceids)
 * and W3C traceparent (https://www.w3.org/TR/trace-context/#traceparent-header), both ways.
 */
class TraceIdsProperties {

    @Provide
    Arbitrary<String> xrayIds() {
        net.jqwik.api.arbitraries.StringArbitrary hex = Arbitraries.strings().withChars("0123456789abcdef".toCharArray());
        return net.jqwik.api.Combinators.combine(hex.ofLength(8), hex.ofLength(24))
                .as((time, random) -> "1-" + time + "-" + random)
                .filter(id -> !id.replace("1-", "").replace("-", "").chars().allMatch(c -> c == '0'));
    }

    @Provide
    Arbitrary<String> spanIds() {
        return Arbitraries.strings().withChars("0123456789abcdef".toCharArray()).ofLength(16).filter(id -> !id.matches("0+"));
    }

    @Property
    void anXRayTraceIdSurvivesTheW3cFormAndBack(@ForAll("xrayIds") String xray) {
        String w3c = TraceIds.toW3c(xray);
        assertEquals(32, w3c.length());
        assertEquals(xray.substring(2, 10) + xray.substring(11), w3c, "the epoch digits first, then the random ones");
        assertEquals(xray, TraceIds.toXRay(w3c));
    }

    @Property
    void aTraceparentSurvivesItsHeaderAndBack(@ForAll("xrayIds") String xray, @ForAll("spanIds") String parent, @ForAll boolean sampled) {
        TraceIds.Traceparent context = TraceIds.Traceparent.fromXRay(xray, parent, sampled);
        String header = context.header();
        assertTrue(header.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"), header);
        TraceIds.Traceparent parsed = TraceIds.Traceparent.parse(header);
        assertEquals(context, parsed);
        assertEquals(xray, parsed.xrayTraceId());
        assertEquals(sampled, parsed.sampled());
    }

    @Example
    void theW3cExampleParsesAndAFutureVersionKeepsItsFirstFourFields() {
        TraceIds.Traceparent parsed = TraceIds.Traceparent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertEquals("1-4bf92f35-77b34da6a3ce929d0e0e4736", parsed.xrayTraceId());
        assertEquals("00f067aa0ba902b7", parsed.parentId());
        assertTrue(parsed.sampled());
        assertEquals(parsed.traceId(), TraceIds.Traceparent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra").traceId());
    }

    @Example
    void badIdsAreRefusedNamingTheValueAndTheRule() {
        assertEquals("'1-abc-def' is not an X-Ray trace id: expected 1-, 8 hex digits, -, 24 hex digits",
                assertThrows(IllegalArgumentException.class, () -> TraceIds.toW3c("1-abc-def")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TraceIds.toXRay("0".repeat(32))).getMessage()
                .contains("all-zero trace id"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TraceIds.Traceparent.parse("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).getMessage()
                .contains("version ff is invalid"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TraceIds.Traceparent.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).getMessage()
                .contains("lower-case"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TraceIds.Traceparent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).getMessage()
                .contains("all-zero parent id"));
    }
}
