package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** A member's raw text is the member's value: Jackson reads the same tree from it. */
class RawJsonProperties {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 200)
    void theRawMemberIsTheMembersValue(@ForAll String text, @ForAll int number, @ForAll boolean pretty) throws Exception {
        Map<String, Object> detail = Map.of("t", text, "n", number, "list", List.of(text, Map.of("}", "]")), "empty", Map.of());
        Map<String, Object> envelope = Map.of("source", "s\"}", "detail", detail, "after", List.of(text));
        String json = pretty ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(envelope) : JSON.writeValueAsString(envelope);
        JsonNode expected = JSON.valueToTree(detail);
        assertEquals(expected, JSON.readTree(RawJson.member(json, "detail")));
        assertEquals(JSON.valueToTree(List.of(text)), JSON.readTree(RawJson.member(json, "after")));
    }

    @Example
    void escapedKeysAndAbsentMembers() {
        assertEquals("{\"a\":1}", RawJson.member("{\"d\\u0065tail\" : {\"a\":1}}", "detail"));
        assertEquals("7", RawJson.member("{ \"x\": true, \"detail\": 7 }", "detail"));
        assertNull(RawJson.member("{}", "detail"));
        assertNull(RawJson.member("{\"other\":{\"detail\":1}}", "detail"));
    }
}
