package dev.monitor.core.syntax;

/**
 * Text in one of Monitor's languages (filter patterns, Logs Insights queries, metric math, alarm rules, X-Ray filter
 * expressions, sampling rules) that cannot be read: where (line, column, offset), what would have been valid there and
 * what was found. Every message has one shape:
 * {@code filter pattern '{ $.a = }', line 1, column 9: expected a value but found '}'}, preceded by the rule the text
 * broke when it is more than the grammar ({@code ...: '>' compares numbers; expected a number but found 'fast'}).
 *
 * <p>It is an {@link IllegalArgumentException}, so callers that catch that keep working. Immutable, so safe to share
 * between threads; made only when text is refused, never on a recording path.
 */
public final class ParseException extends IllegalArgumentException {
    /** Longer texts are quoted by their start in the message; {@link #input()} keeps all of it. */
    private static final int QUOTED = 60;
    /** Longer lines are shown around the column by {@link #render()}. */
    private static final int SHOWN = 100;

    private final Language language;
    private final String input;
    private final int offset;
    private final int line;
    private final int column;
    private final String problem;
    private final String expected;
    private final String found;

    private ParseException(Language language, String input, int offset, int line, int column, String problem,
            String expected, String found) {
        super(language.humanName() + " '" + quoted(input) + "', line " + line + ", column " + column + ": "
                + (problem.isEmpty() ? "" : problem + "; ") + "expected " + expected + " but found " + found);
        this.language = language;
        this.input = input;
        this.offset = offset;
        this.line = line;
        this.column = column;
        this.problem = problem;
        this.expected = expected;
        this.found = found;
    }

    /**
     * A syntax error at {@code offset} (0-based; clamped to the text) of {@code input}. A null {@code found} is
     * described from the text: the word or character at the offset, or the language's end of input.
     */
    public static ParseException of(Language language, String input, int offset, String expected, String found) {
        return of(language, input, offset, "", expected, found);
    }

    /**
     * An error at {@code offset} where the text breaks a rule beyond the grammar, such as a depth limit or a wrong
     * number of arguments; {@code problem} names the rule and comes first in the message.
     */
    public static ParseException of(Language language, String input, int offset, String problem, String expected,
            String found) {
        String text = input == null ? "" : input;
        int at = Math.max(0, Math.min(offset, text.length()));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new ParseException(language, text, at, line, at - lineStart + 1, problem == null ? "" : problem, expected,
                found != null ? found : found(language, text, at));
    }

    /** The word (letters, digits, _) or the one character at {@code at}, quoted, or the end of the input. */
    private static String found(Language language, String text, int at) {
        if (at >= text.length()) {
            return language.endOfInput();
        }
        int end = at;
        while (end < text.length() && end - at < 30 && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        if (end == at) {
            end = at + Character.charCount(text.codePointAt(at));
        }
        return "'" + text.substring(at, end).replace("\n", "\\n") + "'";
    }

    private static String quoted(String text) {
        String start = text.length() > QUOTED + 20 ? text.substring(0, QUOTED) + "..." : text;
        return start.replace("\n", "\\n").replace("\r", "\\r");
    }

    public Language language() {
        return language;
    }

    /** The whole text that was read. */
    public String input() {
        return input;
    }

    /** The 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** The 1-based column of the problem in its line, in chars; past the line's last character at its end. */
    public int column() {
        return column;
    }

    /** The 0-based char offset of the problem in {@link #input()}, at most its length. */
    public int offset() {
        return offset;
    }

    /** What would have been valid at the position, such as "a term, a quoted string or '{'". */
    public String expected() {
        return expected;
    }

    /** What was there, such as "')'" or "the end of the pattern". */
    public String found() {
        return found;
    }

    /** The rule the text broke beyond the grammar, such as a depth limit; empty for a plain syntax error. */
    public String problem() {
        return problem;
    }

    /** A caret under the column, indented to line up under {@link #sourceLine()} (tabs are kept for that). */
    public String caret() {
        String shown = sourceLine();
        int before = shownColumn() - 1;
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < before; i++) {
            caret.append(i < shown.length() && shown.charAt(i) == '\t' ? '\t' : ' ');
        }
        return caret.append('^').toString();
    }

    /** The line of the input holding the problem; a long line is cut to the part around the column, marked "...". */
    public String sourceLine() {
        String whole = wholeLine();
        if (whole.length() <= SHOWN) {
            return whole;
        }
        int from = windowStart(whole);
        int to = Math.min(whole.length(), from + SHOWN);
        return (from > 0 ? "..." : "") + whole.substring(from, to) + (to < whole.length() ? "..." : "");
    }

    /** The two lines for a terminal: {@link #sourceLine()} and {@link #caret()} under it. */
    public String render() {
        return sourceLine() + "\n" + caret();
    }

    private String wholeLine() {
        int start = input.lastIndexOf('\n', offset - 1) + 1;
        int end = input.indexOf('\n', offset);
        String whole = input.substring(start, end < 0 ? input.length() : end);
        return whole.endsWith("\r") ? whole.substring(0, whole.length() - 1) : whole;
    }

    private int windowStart(String whole) {
        return Math.max(0, Math.min(column - 1 - SHOWN / 2, whole.length() - SHOWN));
    }

    private int shownColumn() {
        String whole = wholeLine();
        if (whole.length() <= SHOWN) {
            return column;
        }
        int from = windowStart(whole);
        return column - from + (from > 0 ? 3 : 0);
    }
}
