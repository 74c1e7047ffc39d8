package dev.monitor.core.logs;

/** A Logs Insights query that cannot be parsed; the message names the line, the column and what was expected. */
public final class QuerySyntaxException extends IllegalArgumentException {
    private final int line;
    private final int column;
    private final int offset;

    QuerySyntaxException(int line, int column, String message) {
        this(line, column, 0, message);
    }

    QuerySyntaxException(int line, int column, int offset, String message) {
        super("line " + line + ", column " + column + ": " + message);
        this.line = line;
        this.column = column;
        this.offset = offset;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The 0-based character offset of the problem in the query text. */
    int offset() {
        return offset;
    }
}
