package dev.monitor.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Values a JSON writer must get right, for the properties that compare one writer's bytes with
 * another's (audit records, segment documents, event envelopes): text with every kind of escape
 * (control characters, quotes, non-ASCII, pairs and lone surrogates, secrets), numbers of every kind
 * Java hands over, a user's objects, and maps and lists of them.
 */
public final class JsonArbitraries {
    /** A user's object among the values: Jackson makes its tree by its accessors. */
    public record Price(String currency, BigDecimal amount) {
    }

    private JsonArbitraries() {
    }

    /** Short texts: mostly the characters a JSON writer escapes or encodes specially, any character, letters. */
    public static Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("\u0000\u0001\u001f\"\\/\b\f\n\r\t\u007f\u0080\u00e9\u07ff\u0800\u20ac\uffff"
                        + "\ud83d\ude00\ud800\udfff password=hunter2 ").ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.strings().alpha().ofMaxLength(12));
    }

    /** Keys of maps: texts, and names a redactor hides. */
    public static Arbitrary<String> keys() {
        return Arbitraries.oneOf(texts(), Arbitraries.of("password", "apiToken", "clientSecret"));
    }

    /** Texts, every kind of number (NaN and infinities too), booleans, big numbers, a {@link Price}, and {@code more}. */
    @SafeVarargs
    public static Arbitrary<Object> scalars(Arbitrary<Object>... more) {
        java.util.List<Arbitrary<Object>> all = new ArrayList<>(java.util.List.of(texts().map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, 1e-5, 1e21, -0.0, 0.1f, Float.NaN, 42.5f),
                Arbitraries.floats().map(f -> (Object) f),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.of(new BigDecimal("1.500"), new BigDecimal("1E+3"), new BigInteger("123456789012345678901234567890"),
                        new Price("EUR", new BigDecimal("129.90")))));
        all.addAll(java.util.List.of(more));
        return Arbitraries.oneOf(all);
    }

    /** {@code scalars}, nulls, and maps (with {@link #keys()}) and lists of them nested at most {@code depth} deep. */
    public static Arbitrary<Object> values(Arbitrary<Object> scalars, int depth) {
        if (depth == 0) {
            return Arbitraries.frequencyOf(Tuple.of(4, scalars), Tuple.of(1, Arbitraries.just(null)));
        }
        return Arbitraries.frequencyOf(Tuple.of(4, scalars), Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(1, maps(scalars, depth - 1).map(m -> (Object) m)),
                Tuple.of(1, values(scalars, depth - 1).list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l))));
    }

    /** Maps of at most three {@link #keys()} to {@link #values} nested at most {@code depth} deep, in insertion order. */
    public static Arbitrary<Map<String, Object>> maps(Arbitrary<Object> scalars, int depth) {
        return Arbitraries.maps(keys(), values(scalars, depth)).ofMaxSize(3).map(LinkedHashMap::new);
    }
}
