package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Answers are printed byte for byte as the AWS CLI prints a response: Python's json.dump(indent=4, ensure_ascii=False). */
class OutputTest {
    @Test
    void numbersAreWrittenAsPythonWritesThem() {
        // Each expected text is what Python 3 prints for repr(value).
        Object[][] cases = {
                {1E-06, "1e-06"}, {1.5E-06, "1.5e-06"}, {12345678.0, "12345678.0"}, {0.0001, "0.0001"}, {1E-05, "1e-05"},
                {1000000000000000.0, "1000000000000000.0"}, {1E+16, "1e+16"},
                {1.2345678901234568E+17, "1.2345678901234568e+17"}, {-2.5, "-2.5"}, {100.0, "100.0"}, {0.1, "0.1"},
                {0.3333333333333333, "0.3333333333333333"}, {5E-324, "5e-324"},
                {1.7976931348623157E+308, "1.7976931348623157e+308"}, {-0.0, "-0.0"}, {0.5, "0.5"}, {99.99, "99.99"}};
        for (Object[] c : cases) {
            assertEquals(c[1], Output.pythonRepr((Double) c[0]), "repr(" + c[0] + ")");
        }
    }

    @Property(tries = 2000)
    void everyFiniteNumberReadsBackAsItself(@ForAll double value) {
        Assume.that(Double.isFinite(value));
        String text = Output.pythonRepr(value);
        assertEquals(value, Double.parseDouble(text), text);
        assertTrue(text.matches("-?(\\d+\\.\\d+|\\d(\\.\\d+)?e[-+]\\d{2,3})"), text);
    }

    @Test
    void theLayoutIsJsonDumpsWithIndentFour() throws Exception {
        ObjectNode answer = Output.JSON.createObjectNode();
        answer.putArray("Empty");
        answer.putObject("Nothing");
        answer.putArray("Values").add(1).add(2.5e-7).add("café 🍕");
        answer.put("Big", 12345678.0);
        // json.dumps({"Empty": [], "Nothing": {}, "Values": [1, 2.5e-07, "café 🍕"], "Big": 12345678.0}, indent=4, ensure_ascii=False)
        assertEquals("""
                {
                    "Empty": [],
                    "Nothing": {},
                    "Values": [
                        1,
                        2.5e-07,
                        "café 🍕"
                    ],
                    "Big": 12345678.0
                }""", Output.awsCliJson(answer));
    }
}
