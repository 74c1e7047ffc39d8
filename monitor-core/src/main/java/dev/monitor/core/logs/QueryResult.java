package dev.monitor.core.logs;

import java.util.List;
import java.util.Map;

/**
 * A Logs Insights answer, shaped like GetQueryResults: rows of fields and string values, and
 * what the query read.
 *
 * @param rows       each row's fields in order, values as strings
 * @param matched    {@code recordsMatched}: events that passed the query's filters
 * @param scanned    {@code recordsScanned}: events in the time range of the groups
 * @param bytesScanned {@code bytesScanned}: their size as written
 * @param problems   the files (or parts of files) that could not be read, each {@code FILE: REASON};
 *                   the answer is from the rest
 */
public record QueryResult(List<Map<String, String>> rows, long matched, long scanned, long bytesScanned, List<String> problems) {
    public QueryResult {
        problems = List.copyOf(problems);
    }
}
