package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** Trace headers written and read back, in both formats, and garbage never thrown. */
class TraceHeaderProperties {

    @Provide
    Arbitrary<TraceHeader> headers() {
        Arbitrary<String> hex8 = Arbitraries.strings().withChars("0123456789abcdef").ofLength(8);
        Arbitrary<String> hex24 = Arbitraries.strings().withChars("0123456789abcdef").ofLength(24);
        Arbitrary<String> root = Combinators.combine(hex8, hex24).as((a, b) -> "1-" + a + "-" + b);
        Arbitrary<String> parent = Arbitraries.strings().withChars("0123456789abcdef").ofLength(16).injectNull(0.2);
        Arbitrary<Boolean> sampled = Arbitraries.of(true, false).injectNull(0.3);
        Arbitrary<String> lineage = Arbitraries.strings().withChars("0123456789abcdef:").ofMinLength(1).ofMaxLength(20).injectNull(0.5);
        Arbitrary<String> word = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABC0123456789-_").ofMinLength(1).ofMaxLength(12);
        Arbitrary<Map<String, String>> extra = Arbitraries.maps(
                        word.filter(k -> !k.equals("Root") && !k.equals("Parent") && !k.equals("Sampled") && !k.equals("Lineage")), word)
                .ofMaxSize(3).map(LinkedHashMap::new);
        return Combinators.combine(root, parent, sampled, lineage, extra).as(TraceHeader::new);
    }

    @Property
    void anAmznHeaderReadsBackAsWritten(@ForAll("headers") TraceHeader header) {
        TraceHeader read = TraceHeader.parse(header.toString());
        assertEquals(header, read);
        assertEquals(header.toString(), read.toString(), "unknown keys keep their order");
    }

    @Property
    void aTraceparentCarriesTheTraceTheParentAndTheDecision(@ForAll("headers") TraceHeader header) {
        // W3C forbids an all-zero trace id or parent id; X-Ray's format allows them.
        Assume.that(header.parent() != null && !header.parent().equals("0".repeat(16))
                && !header.root().substring(2).replace("-", "").equals("0".repeat(32)));
        TraceHeader read = TraceHeader.parse(header.toTraceparent());
        assertEquals(header.root(), read.root());
        assertEquals(header.parent(), read.parent());
        assertEquals(Boolean.TRUE.equals(header.sampled()), read.sampled());
        assertEquals(header.toTraceparent(), read.toTraceparent());
    }

    @Property
    void garbageIsNullNeverThrown(@ForAll @StringLength(max = 120) String garbage) {
        TraceHeader read = TraceHeader.parse(garbage);
        if (read != null) {
            // Whatever was accepted is a real header that writes back to one that reads the same.
            assertEquals(read, TraceHeader.parse(read.toString()));
        }
    }

    @Property
    void aMalformedRootOrSampledValueIsRejected(@ForAll("headers") TraceHeader header) {
        assertNull(TraceHeader.parse(header.toString().replace("Root=1-", "Root=2-")));
        assertNull(TraceHeader.parse(header.toString().replaceFirst("Sampled=[01?]", "Sampled=yes")));
    }
}
