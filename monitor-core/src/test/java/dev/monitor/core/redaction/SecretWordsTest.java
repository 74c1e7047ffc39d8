package dev.monitor.core.redaction;

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
    void quotedEscapedAndSingleQuotedKeysLoseTheirValuesToo() {
        assertEquals("{'password': '[REDACTED]', 'user': 'ann'}",
                words.scrubText("{'password': 'two words', 'user': 'ann'}", MASK));
        assertEquals("{\\\"apiKey\\\":\\\"[REDACTED]\\\",\\\"user\\\":\\\"ann\\\"}",
                words.scrubText("{\\\"apiKey\\\":\\\"k 1\\\",\\\"user\\\":\\\"ann\\\"}", MASK),
                "JSON inside a JSON string, as an exception message may hold");
        assertEquals("see https://h.example/cb?state=1&access_token=[REDACTED]&x=1",
                words.scrubText("see https://h.example/cb?state=1&access_token=abc&x=1", MASK),
                "a pair inside the value of another pair");
    }

    @Test
    void aUrlPasswordHoldingAnAtSignGoesWhole() {
        assertEquals("jdbc:postgresql://ann:[REDACTED]@db/x?ssl=true",
                words.scrubText("jdbc:postgresql://ann:p@ss@db/x?ssl=true", MASK));
    }

    @Test
    void scrubbingTwiceChangesNothing() {
        String once = words.scrubText("password=hunter2 url=https://a:b@h \"token\": \"t\"", MASK);
        assertEquals("password=[REDACTED] url=https://a:[REDACTED]@h \"token\": \"[REDACTED]\"", once);
        assertSame(once, words.scrubText(once, MASK));
    }

    @Test
    void aKeyBeforeAPlaceIsFound() {
        assertTrue(words.keyBefore("login with password=", 20));
        assertTrue(words.keyBefore("{\"apiKey\": \"", 12));
        assertTrue(words.keyBefore("Authorization: Bearer ", 22));
        assertTrue(words.keyBefore("dbPassword = '", 14));
        assertFalse(words.keyBefore("user=", 5));
        assertFalse(words.keyBefore("password is ", 12));
        assertFalse(words.keyBefore("", 0));
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

    @Property
    void scrubbingIsIdempotent(@ForAll("prose") String before, @ForAll("secretKeys") String key,
                               @ForAll("separators") String separator, @ForAll("secretValues") String value) {
        String once = words.scrubText(before + " " + key + separator + value + " https://u:" + value + "@h", MASK);
        assertEquals(once, words.scrubText(once, MASK));
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
