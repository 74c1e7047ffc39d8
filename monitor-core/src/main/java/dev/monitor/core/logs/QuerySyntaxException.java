package dev.monitor.core.logs;

/** A Logs Insights query that cannot be parsed; the message names the line, the column and what was expected. */
public final class QuerySyntaxException extends IllegalArgumentException {
    private final int line;
    private final int column;

    QuerySyntaxException(int line, int column, String message) {
        super("line " + line + ", column " + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
