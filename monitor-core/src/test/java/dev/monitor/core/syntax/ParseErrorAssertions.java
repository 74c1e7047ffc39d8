package dev.monitor.core.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every parse error must hold, whichever language made it: shared by the parsers' tests (monitor-core's test-jar). */
public final class ParseErrorAssertions {

    private ParseErrorAssertions() {
    }

    /** Line, column and offset agree with the text; the message and the caret show the same place. */
    public static void assertWellPlaced(ParseException e, String text) {
        assertTrue(e.offset() >= 0 && e.offset() <= text.length(), "offset " + e.offset() + ": " + e.getMessage());
        assertTrue(e.column() >= 1 && e.column() <= text.length() + 1, "column " + e.column() + ": " + e.getMessage());
        String before = text.substring(0, e.offset());
        assertEquals(before.chars().filter(c -> c == '\n').count() + 1, e.line(), e.getMessage());
        assertEquals(e.offset() - before.lastIndexOf('\n'), e.column(), e.getMessage());
        assertTrue(e.getMessage().startsWith(e.language().humanName() + " '"), e.getMessage());
        assertTrue(e.getMessage().contains("line " + e.line() + ", column " + e.column() + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("expected " + e.expected() + " but found " + e.found()), e.getMessage());
        assertTrue(e.caret().endsWith("^") && e.caret().indexOf('^') == e.caret().length() - 1, e.caret());
        assertEquals(e.sourceLine() + "\n" + e.caret(), e.render());
    }
}
