package dev.monitor.core.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Unit;
import dev.monitor.core.prometheus.PrometheusSettings;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Native buckets hold what was recorded: the index of any positive double at any schema is the one
 * Prometheus' definition gives (https://prometheus.io/docs/specs/native_histograms/#schema), checked
 * in exact integer arithmetic, and whatever a distribution records over several periods, the protobuf
 * exposition's zero and native buckets add up to its count and each value lies in a non-empty bucket
 * (within the 1% that Monitor's own histograms round a value to before it is re-bucketed), with at
 * most {@link Totals#MAX_NATIVE_BUCKETS} buckets per sign.
 */
class NativeBucketsProperties {

    @Provide
    Arbitrary<Double> magnitudes() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, Double.doubleToRawLongBits(Double.MAX_VALUE)).map(Double::longBitsToDouble),
                Arbitraries.longs().between(1, 1L << 40).map(Long::doubleValue),
                Arbitraries.integers().between(-1074, 1023).map(exponent -> Math.scalb(1.0, exponent)),
                Arbitraries.integers().between(-60, 60).map(exponent -> Math.nextUp(Math.scalb(1.0, exponent))),
                Arbitraries.longs().between(Double.doubleToRawLongBits(1e-9), Double.doubleToRawLongBits(1e9)).map(Double::longBitsToDouble));
    }

    @Property(tries = 2000)
    void theIndexIsTheFirstBucketWhoseUpperBoundHoldsTheValue(@ForAll("magnitudes") double value, @ForAll @IntRange(min = -4, max = 8) int schema) {
        int index = NativeBuckets.index(value, schema);
        assertTrue(atMost(value, index, schema), value + " <= 2^(" + index + " / 2^" + schema + ")");
        assertTrue(!atMost(value, index - 1, schema), value + " > 2^(" + (index - 1) + " / 2^" + schema + ")");
    }

    /**
     * Whether {@code value <= 2^(index * 2^-schema)}, in integers: the value is M * 2^e for its
     * significand M, so for a schema s >= 0 it is M^(2^s) <= 2^(index - e * 2^s), and for s < 0 M <= 2^(index * 2^-s - e).
     */
    private static boolean atMost(double value, long index, int schema) {
        long bits = Double.doubleToRawLongBits(value);
        int field = (int) (bits >>> 52);
        BigInteger significand = BigInteger.valueOf(field == 0 ? bits & 0xF_FFFF_FFFF_FFFFL : (bits & 0xF_FFFF_FFFF_FFFFL) | (1L << 52));
        long exponent = field == 0 ? -1074 : field - 1075;
        if (schema < 0) {
            long power = (index << -schema) - exponent;
            return power >= 0 && significand.compareTo(BigInteger.ONE.shiftLeft((int) power)) <= 0;
        }
        long power = index - (exponent << schema);
        BigInteger raised = significand.pow(1 << schema);
        return power >= 0 && raised.compareTo(BigInteger.ONE.shiftLeft((int) power)) <= 0;
    }

    @Property(tries = 200)
    void nativeBucketsAddUpToTheCountAndHoldEachValue(
            @ForAll @Size(max = 4) List<@Size(max = 25) List<@DoubleRange(min = -1e6, max = 1e6) Double>> periods,
            @ForAll @IntRange(min = -4, max = 8) int schema, @ForAll @IntRange(min = 0, max = 3) int zeros) {
        Fixture fixture = new Fixture(PrometheusSettings.builder().enabled(true).histograms(PrometheusSettings.Histograms.NATIVE)
                .nativeSchema(schema).build());
        var values = fixture.registry.distributionBuilder("Values").unit(Unit.NONE).register();
        long count = 0;
        java.util.List<Double> recorded = new java.util.ArrayList<>();
        for (List<Double> period : periods) {
            for (double value : period) {
                values.record(value);
                recorded.add(value);
                count++;
            }
            for (int i = 0; i < zeros; i++) {
                values.record(0);
                count++;
            }
            fixture.collect();
        }
        ProtoMessage family = ProtobufExpositionTest.families(fixture.endpoint.bytes(Exposition.Format.PROTOBUF)).get("shop_values");
        if (count == 0) {
            assertEquals(null, family, "nothing recorded, no series");
            return;
        }
        ProtoMessage histogram = family.message(4).message(7);
        assertEquals(count, histogram.varint(1));
        int served = (int) histogram.sint(5);
        Map<Integer, Long> positive = ProtobufExpositionTest.buckets(histogram, 12, 13);
        Map<Integer, Long> negative = ProtobufExpositionTest.buckets(histogram, 9, 10);
        assertTrue(positive.size() <= Totals.MAX_NATIVE_BUCKETS && negative.size() <= Totals.MAX_NATIVE_BUCKETS, "bounded: " + positive.size()
                + " and " + negative.size());
        // the configured schema, unless the values spread over more buckets than a histogram keeps: then one coarse enough
        assertTrue(served <= schema && served >= NativeBuckets.MIN_SCHEMA, served + " at most " + schema);
        if (served < schema) {
            assertTrue(Math.max(positive.size(), negative.size()) * 2 > Totals.MAX_NATIVE_BUCKETS / 2,
                    "only coarser when needed: " + positive.size() + ", " + negative.size() + " buckets at " + served);
        }
        long zeroCount = histogram.varint(7);
        long total = zeroCount + positive.values().stream().mapToLong(Long::longValue).sum()
                + negative.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(count, total, "zero bucket and native buckets hold every value");
        assertTrue(positive.values().stream().allMatch(n -> n > 0) && negative.values().stream().allMatch(n -> n > 0),
                "only populated buckets are listed");
        assertEquals((long) zeros * periods.size() + recorded.stream().filter(value -> value == 0).count(), zeroCount,
                "the zero bucket has exactly the zeros");
        for (double value : recorded) {
            if (value == 0) {
                continue;
            }
            Map<Integer, Long> side = value > 0 ? positive : negative;
            double magnitude = Math.abs(value);
            boolean held = side.keySet().stream().anyMatch(index -> {
                double upper = NativeBuckets.upperBound(index, served);
                double lower = NativeBuckets.upperBound(index - 1, served);
                return magnitude > lower / 1.01 && magnitude <= upper * 1.01;
            });
            assertTrue(held, value + " in a bucket of " + side + " at schema " + served);
        }
    }
}
