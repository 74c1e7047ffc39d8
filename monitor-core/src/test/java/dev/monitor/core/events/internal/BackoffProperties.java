package dev.monitor.core.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The retry wait's ceiling, {@code backoff * 2^retries} at most 5 minutes, for any backoff and any number of retries. */
class BackoffProperties {
    private static final long MAX = Duration.ofMinutes(5).toNanos();

    @Property
    void theCeilingIsTheDoubledBackoffSaturatedAtFiveMinutes(@ForAll @LongRange(min = 1, max = 3_600_000_000_000L) long backoff,
                                                           @ForAll @IntRange(min = 0, max = 200) int retries) {
        BigInteger exact = BigInteger.valueOf(backoff).shiftLeft(retries);
        long expected = exact.min(BigInteger.valueOf(MAX)).longValueExact();
        assertEquals(expected, Delivery.ceilingNanos(backoff, retries), () -> backoff + " ns after " + retries + " retries");
    }

    /** The case the shift overflowed for: a backoff of 10 s, whose 30th doubling passes 2^63 and wrapped to a small wait. */
    @Test
    void aTenSecondBackoffSaturates() {
        long tenSeconds = Duration.ofSeconds(10).toNanos();
        for (int retries = 5; retries <= 40; retries++) {
            assertEquals(MAX, Delivery.ceilingNanos(tenSeconds, retries), "retry " + retries);
        }
        assertEquals(Duration.ofSeconds(160).toNanos(), Delivery.ceilingNanos(tenSeconds, 4));
    }
}
