package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * X-Ray's wildcards in sampling rules: {@code *} any text, {@code ?} exactly one character, the
 * rest literal and case-insensitive (https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html,
 * "wildcards"). Checked against a regular expression built the obvious way, and by the laws a user relies on.
 */
class WildcardProperties {

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars("aAbB/.-*?").ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("aAbB/.-*?").ofMaxLength(10);
    }

    private static boolean byRegex(String pattern, String text) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL)
                .matcher(text).matches();
    }

    @Property(tries = 2000)
    void matchesAsTheRegularExpressionOfItsWildcards(@ForAll("patterns") String pattern, @ForAll("texts") String text) {
        assertEquals(byRegex(pattern, text), Wildcard.matches(pattern, text), () -> "'" + pattern + "' against '" + text + "'");
    }

    @Property
    void aTextMatchesItselfInAnyCase(@ForAll("texts") String text) {
        String literal = text.replace("*", "").replace("?", "");
        assertTrue(Wildcard.matches(literal, literal.toUpperCase(Locale.ROOT)));
        assertTrue(Wildcard.matches(literal.toLowerCase(Locale.ROOT), literal));
    }

    @Property
    void aStarMatchesEveryTextAndQuestionMarksTheirLength(@ForAll("texts") String text, @ForAll @IntRange(max = 12) int marks) {
        assertTrue(Wildcard.matches("*", text));
        assertTrue(Wildcard.matches("*", null), "a missing value is the empty text, which * matches");
        assertEquals(text.length() == marks, Wildcard.matches("?".repeat(marks), text));
    }

    @Property
    void aStarInsertedAnywhereKeepsAMatch(@ForAll("patterns") String pattern, @ForAll("texts") String text,
                                          @ForAll @IntRange(max = 8) int at) {
        if (Wildcard.matches(pattern, text)) {
            int i = Math.min(at, pattern.length());
            assertTrue(Wildcard.matches(pattern.substring(0, i) + "*" + pattern.substring(i), text));
        }
    }

    @Example
    void examplesFromTheRulesUsersWrite() {
        assertTrue(Wildcard.matches("/api/state/*", "/api/state/game-1"));
        assertFalse(Wildcard.matches("/api/state/*", "/api/states"));
        assertTrue(Wildcard.matches("GET", "get"));
        assertTrue(Wildcard.matches("*.example.com", "shop.EXAMPLE.com"));
        assertTrue(Wildcard.matches("order?", "orders"));
        assertFalse(Wildcard.matches("order?", "order"));
        assertFalse(Wildcard.matches("", "x"));
        assertTrue(Wildcard.matches("", null));
        assertFalse(Wildcard.matches(null, "x"), "no pattern matches nothing");
    }
}
