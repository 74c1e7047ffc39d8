package dev.monitor.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.syntax.ParseException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Term patterns against the plain meaning of "contains", and parser fuzzing. */
class FilterPatternProperties {

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withChars("abcXYZ_019").ofMinLength(1).ofMaxLength(4);
    }

    @Provide
    Arbitrary<String> messages() {
        return Arbitraries.strings().withChars("abcXYZ_019 []\"{}:,.-").ofMaxLength(40);
    }

    @Property
    void aTermMatchesExactlyTheMessagesThatContainIt(@ForAll("words") String term, @ForAll("messages") String message) {
        assertEquals(message.contains(term), FilterPattern.parse(term).matches(message));
        assertEquals(message.contains(term), FilterPattern.parse("\"" + term + "\"").matches(message));
    }

    @Property
    void termsExclusionsAndAlternativesCombineAsDocumented(@ForAll @Size(min = 1, max = 3) List<@net.jqwik.api.From("words") String> required,
                                                           @ForAll @Size(max = 2) List<@net.jqwik.api.From("words") String> excluded,
                                                           @ForAll @Size(max = 2) List<@net.jqwik.api.From("words") String> any,
                                                           @ForAll("messages") String message) {
        StringBuilder pattern = new StringBuilder(String.join(" ", required));
        excluded.forEach(term -> pattern.append(" -").append(term));
        any.forEach(term -> pattern.append(" ?").append(term));
        boolean expected = required.stream().allMatch(message::contains)
                && excluded.stream().noneMatch(message::contains)
                && (any.isEmpty() || any.stream().anyMatch(message::contains));
        assertEquals(expected, FilterPattern.parse(pattern.toString()).matches(message), pattern.toString());
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.of("{", "}", "[", "]", "(", ")", "$.a", "$.b[0]", "=", "!=", ">", "<=", "&&", "||", "\"x\"",
                "\"", "%a+%", "%", "IS NULL", "NOT EXISTS", "IS TRUE", "...", ",", " ", "?", "-", "1", "2.5e3", "*",
                "w1", "ERROR").list().ofMaxSize(14).map(parts -> String.join("", parts));
    }

    @Property(tries = 3000)
    void anyPatternParsesOrFailsWithAPositionedError(@ForAll("noise") String text, @ForAll("messages") String message) {
        try {
            FilterPattern pattern = FilterPattern.parse(text);
            pattern.matches(message);
            pattern.extract(message);
        } catch (ParseException e) {
            assertTrue(e.column() >= 1 && e.column() <= text.length() + 1, e.getMessage());
        }
    }
}
