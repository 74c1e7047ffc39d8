package dev.monitor.core.events.sources.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.monitor.core.events.sources.PartnerSource;
import dev.monitor.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The webhook signature check over any body, time and header: signed once is taken once; anything else is refused, never thrown. */
class WebhookSignatureProperties {
    private static final String SECRET = "whsec-0123456789abcdef";
    private static final long NOW = 1_764_669_600L; // 2025-12-02T10:00:00Z

    private static WebhookSignatures signatures(List<String> refusals) {
        ManualClock clock = new ManualClock(java.time.Instant.ofEpochSecond(NOW));
        return new WebhookSignatures(new PartnerSource("example.com", "orders", SECRET, Duration.ofMinutes(5)), clock, (reason, message) -> {
            refusals.add(reason);
            return message;
        });
    }

    @Property
    void aBodySignedWithinTheToleranceIsTakenOnceThenRefusedAsReplayed(@ForAll @Size(max = 300) byte[] body,
                                                                       @ForAll @IntRange(min = -300, max = 300) int skew) {
        List<String> refusals = new ArrayList<>();
        WebhookSignatures check = signatures(refusals);
        String header = "t=" + (NOW + skew) + ",v1=" + WebhookSignatures.sign(SECRET, NOW + skew, body);
        assertNull(check.check(header, body));
        assertNotNull(check.check(header, body));
        assertEquals(List.of("Replayed"), refusals);
    }

    @Property
    void anyChangedByteOfTheBodyIsRefused(@ForAll @Size(min = 1, max = 300) byte[] body, @ForAll @IntRange(min = 0, max = 299) int at,
                                          @ForAll @IntRange(min = 1, max = 255) int flip) {
        List<String> refusals = new ArrayList<>();
        String header = "t=" + NOW + ",v1=" + WebhookSignatures.sign(SECRET, NOW, body);
        byte[] changed = body.clone();
        changed[at % body.length] ^= (byte) flip;
        assertNotNull(signatures(refusals).check(header, changed));
        assertEquals(List.of("BadSignature"), refusals);
    }

    @Property
    void aTimeOutsideTheToleranceIsRefusedEvenWhenSigned(@ForAll @Size(max = 100) byte[] body,
                                                         @ForAll @IntRange(min = 301, max = 1_000_000) int skew, @ForAll boolean future) {
        List<String> refusals = new ArrayList<>();
        long t = future ? NOW + skew : NOW - skew;
        assertNotNull(signatures(refusals).check("t=" + t + ",v1=" + WebhookSignatures.sign(SECRET, t, body), body));
        assertEquals(List.of("Expired"), refusals);
    }

    @Property
    void anyOtherHeaderIsRefusedWithoutThrowing(@ForAll("headers") String header, @ForAll @Size(max = 50) byte[] body) {
        List<String> refusals = new ArrayList<>();
        assertNotNull(signatures(refusals).check(header, body));
        assertEquals(1, refusals.size());
    }

    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> parts = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
                Arbitraries.longs().map(t -> "t=" + t), Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).map(h -> "v1=" + h),
                Arbitraries.of("t=", "v1=", "=", ",", "t=abc", "v0=00"));
        return parts.list().ofMaxSize(4).map(list -> String.join(",", list));
    }
}
