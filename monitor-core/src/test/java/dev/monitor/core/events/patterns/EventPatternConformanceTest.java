package dev.monitor.core.events.patterns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.Conformance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code ../shared/conformance/eventbridge-patterns.json}: an event pattern and an event, and what
 * AWS's TestEventPattern answered for them (match, no match, or the pattern refused with AWS's message). The
 * cases are AWS's behaviour, recorded; each runs as its own test, named after the case.
 *
 * <p>{@link Conformance} finds the file: the test fails on CI without it, and is skipped elsewhere.
 */
class EventPatternConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode cases() throws IOException {
        return Conformance.read("eventbridge-patterns.json").get("cases");
    }

    @Test
    void theFileHoldsTheCasesItAnnounces() throws IOException {
        JsonNode cases = cases();
        int match = 0;
        int noMatch = 0;
        int error = 0;
        for (JsonNode c : cases) {
            switch (c.get("expect").asText()) {
                case "match" -> match++;
                case "no-match" -> noMatch++;
                case "error" -> error++;
                default -> fail("unknown expectation in " + c.get("name"));
            }
        }
        assertEquals(List.of(155, 66, 51, 38), List.of(cases.size(), match, noMatch, error));
    }

    @TestFactory
    Stream<DynamicTest> everyRecordedCaseGetsAwsAnswer() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases()) {
            String name = c.get("name").asText();
            String pattern = JSON.writeValueAsString(c.get("eventPattern"));
            String event = JSON.writeValueAsString(c.get("event"));
            String expect = c.get("expect").asText();
            tests.add(DynamicTest.dynamicTest(name + " (" + expect + ")", () -> {
                if (expect.equals("error")) {
                    InvalidEventPatternException refused = assertThrows(InvalidEventPatternException.class,
                            () -> EventPattern.parse(pattern), pattern);
                    assertEquals(c.get("awsMessage").asText(), refused.getMessage(), pattern);
                } else {
                    assertEquals(expect.equals("match"), EventPattern.parse(pattern).matches(event),
                            pattern + " against " + event);
                }
            }));
        }
        assertTrue(tests.size() > 0);
        return tests.stream();
    }
}
