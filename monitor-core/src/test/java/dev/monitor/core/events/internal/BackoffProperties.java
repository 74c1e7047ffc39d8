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

    /**
     * The case the old shift ({@code backoff << min(retries, 30)}) got wrong: 2^34 + 1 ns (about 17 s)
     * shifted by 30 wraps past 2^64 to 2^30 ns, a retry after about a second instead of 5 minutes.
     */
    @Test
    void aSeventeenSecondBackoffSaturatesInsteadOfWrapping() {
        long backoff = (1L << 34) + 1;
        for (int retries = 5; retries <= 40; retries++) {
            assertEquals(MAX, Delivery.ceilingNanos(backoff, retries), "retry " + retries);
        }
        assertEquals(backoff << 4, Delivery.ceilingNanos(backoff, 4));
    }
}
