package dev.monitor.core.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Label values and HELP texts as the text format escapes them
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#comments-help-text-and-type-information):
 * backslash, double quote and line feed in a label value; backslash and line feed in a 0.0.4 HELP.
 */
class EscapingProperties {

    @Property
    void anEscapedLabelValueReadsBackAsItWasAndStaysOnOneQuotedLine(@ForAll String value) {
        StringBuilder out = new StringBuilder();
        Exposition.escape(out, value, true);
        String escaped = out.toString();
        assertFalse(escaped.contains("\n"));
        assertEquals(value, unescape(escaped));
        // every quote is escaped: the value cannot end the label early
        for (int i = 0; i < escaped.length(); i++) {
            if (escaped.charAt(i) == '\\') {
                i++;
            } else {
                assertFalse(escaped.charAt(i) == '"', escaped);
            }
        }
    }

    @Property
    void anEscapedHelpReadsBackAsItWas(@ForAll String help) {
        StringBuilder out = new StringBuilder();
        Exposition.escape(out, help, false);
        assertFalse(out.toString().contains("\n"));
        assertEquals(help, unescape(out.toString()));
    }

    @Example
    void theThreeEscapes() {
        StringBuilder out = new StringBuilder();
        Exposition.escape(out, "a\\b\"c\nd", true);
        assertEquals("a\\\\b\\\"c\\nd", out.toString());
        out.setLength(0);
        Exposition.escape(out, "a\\b\"c\nd", false);
        assertEquals("a\\\\b\"c\\nd", out.toString());
    }

    /** The reading side, as Prometheus' parser does it. */
    static String unescape(String escaped) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\' && i + 1 < escaped.length()) {
                char next = escaped.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
