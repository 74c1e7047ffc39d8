package dev.monitor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SecretWordsTest {
    private static final String MASK = "[REDACTED]";
    private final SecretWords words = new SecretWords(SecretWords.DEFAULTS);

    @Test
    void pairsWhoseKeyIsASecretLoseTheirValue() {
        assertEquals("login failed for ann password=[REDACTED] retry=3",
                words.scrubText("login failed for ann password=hunter2 retry=3", MASK));
        assertEquals("GET /orders?id=7&access_token=[REDACTED]&x=1",
                words.scrubText("GET /orders?id=7&access_token=abc.def&x=1", MASK));
        assertEquals("Authorization: [REDACTED] then",
                words.scrubText("Authorization: Bearer eyJhbGci.x.y then", MASK));
        assertEquals("{\"dbPassword\":\"[REDACTED]\",\"user\":\"ann\"}",
                words.scrubText("{\"dbPassword\":\"s3cr\\\"et\",\"user\":\"ann\"}", MASK));
        assertEquals("X-Api-Key: '[REDACTED]'",
                words.scrubText("X-Api-Key: 'k-123'", MASK));
    }

    @Test
    void aUrlKeepsItsUserButNotItsPassword() {
        assertEquals("cannot reach https://ann:[REDACTED]@db.example:5432/x and http://bob:[REDACTED]@h",
                words.scrubText("cannot reach https://ann:pa55@db.example:5432/x and http://bob:x@h", MASK));
    }

    @Test
    void textWithoutSecretsIsReturnedAsItIs() {
        String text = "order o-7 placed: total=12.50 region=eu at 10:42";
        assertSame(text, words.scrubText(text, MASK));
        assertEquals("no pairs at all", words.scrubText("no pairs at all", MASK));
    }

    @Property
    void aPlantedSecretNeverSurvives(@ForAll("prose") String before, @ForAll("secretKeys") String key,
                                     @ForAll("separators") String separator, @ForAll("secretValues") String value,
                                     @ForAll("prose") String after) {
        String text = before + " " + key + separator + value + " " + after;
        String scrubbed = words.scrubText(text, MASK);
        assertFalse(scrubbed.contains(value), scrubbed);
        assertTrue(scrubbed.contains(before.trim()) && scrubbed.contains(after.trim()), scrubbed);
    }

    @Provide
    Arbitrary<String> prose() {
        return Arbitraries.strings().withChars("abcdefgh ijk.,0123").ofMaxLength(30);
    }

    @Provide
    Arbitrary<String> secretKeys() {
        return Arbitraries.of(SecretWords.DEFAULTS).flatMap(word -> Arbitraries.strings().alpha().ofMaxLength(4)
                .map(prefix -> prefix + (prefix.length() % 2 == 0 ? word : word.toUpperCase())));
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of("=", ": ", ":", " = ");
    }

    @Provide
    Arbitrary<String> secretValues() {
        // marked with Z and Q, which prose never holds, so finding the value means it leaked
        return Arbitraries.strings().withChars("XYZ0123456789_-.").ofMinLength(4).ofMaxLength(20).map(v -> "ZQ" + v);
    }
}
