package dev.monitor.core.logs;

import dev.monitor.core.logs.internal.LogJson;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monitor.core.syntax.ParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Query results against a naive evaluation of the same events. */
class QueryProperties {

    record Event(String level, int latency, String region) {
        String line(long micros) {
            return "{\"timestamp\":\"" + LogJson.timestamp(micros) + "\",\"level\":\"" + level + "\",\"latency\":" + latency
                    + ",\"region\":\"" + region + "\"}";
        }
    }

    @Provide
    Arbitrary<Event> events() {
        return Combinators.combine(Arbitraries.of("INFO", "WARN", "ERROR"), Arbitraries.integers().between(0, 2000),
                Arbitraries.of("eu", "us", "ap")).as(Event::new);
    }

    private static QueryResult run(String query, List<Event> events) {
        QueryEngine engine = new QueryEngine(InsightsQuery.parse(query));
        long micros = 1_767_225_600_000_000L;
        for (Event event : events) {
            micros += 1_000_000;
            String line = event.line(micros);
            engine.accept(new EventRow(micros, "/g", "s", line, engine.fieldsRead()), line.length() + 1);
        }
        return engine.result();
    }

    @Property(tries = 300)
    void filteredStatsByRegionMatchANaiveEvaluation(@ForAll @Size(max = 300) List<@net.jqwik.api.From("events") Event> events,
                                                    @ForAll @IntRange(max = 2000) int threshold,
                                                    @ForAll("levels") String level,
                                                    @ForAll @IntRange(min = 1, max = 100) int percentile) {
        String query = "filter latency >= " + threshold + " and level != \"" + level + "\""
                + " | stats count(*) as n, sum(latency) as total, min(latency) as low, max(latency) as high, "
                + "avg(latency) as mean, pct(latency, " + percentile + ") as p by region | sort region";
        QueryResult result = run(query, events);
        Map<String, List<Integer>> expected = new TreeMap<>(events.stream()
                .filter(e -> e.latency() >= threshold && !e.level().equals(level))
                .collect(Collectors.groupingBy(Event::region, Collectors.mapping(Event::latency, Collectors.toList()))));
        List<Map<String, String>> rows = new ArrayList<>();
        expected.forEach((region, latencies) -> {
            List<Integer> sorted = latencies.stream().sorted().toList();
            int rank = (int) Math.max(1, Math.ceil(percentile / 100.0 * sorted.size()));
            Map<String, String> row = new LinkedHashMap<>();
            row.put("region", region);
            row.put("n", String.valueOf(sorted.size()));
            long total = sorted.stream().mapToLong(Integer::longValue).sum();
            row.put("total", String.valueOf(total));
            row.put("low", String.valueOf(sorted.get(0)));
            row.put("high", String.valueOf(sorted.get(sorted.size() - 1)));
            row.put("mean", QueryEngine.format((double) total / sorted.size()));
            row.put("p", String.valueOf(sorted.get(rank - 1)));
            rows.add(row);
        });
        assertEquals(rows, result.rows(), query);
        assertEquals(expected.values().stream().mapToLong(List::size).sum(), result.matched());
        assertEquals(events.size(), result.scanned());
    }

    @Provide
    Arbitrary<String> levels() {
        return Arbitraries.of("INFO", "WARN", "ERROR");
    }

    @Property(tries = 200)
    void sortAndLimitMatchANaiveEvaluation(@ForAll @Size(max = 200) List<@net.jqwik.api.From("events") Event> events,
                                           @ForAll @IntRange(min = 1, max = 50) int limit, @ForAll boolean descending) {
        QueryResult result = run("fields latency, region | sort latency " + (descending ? "desc" : "asc")
                + " | limit " + limit, events);
        Comparator<Integer> order = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        List<String> expected = events.stream().map(Event::latency).sorted(order).limit(limit).map(String::valueOf).toList();
        assertEquals(expected, result.rows().stream().map(r -> r.get("latency")).toList());
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.of("fields", "filter", "stats", "sort", "limit", "parse", "display", "dedup", " ", "|", "a", "@message",
                "=", "!=", "like", "/x+/", "\"s\"", "(", ")", "count(*)", "by", "bin(5m)", "and", "not", "in", "[", "]", ",",
                "5", "#c\n", "`b c`", "as", "desc").list().ofMaxSize(12).map(parts -> String.join(" ", parts));
    }

    @Property(tries = 2000)
    void anyQueryParsesOrFailsWithALineAndColumn(@ForAll("noise") String text) {
        try {
            InsightsQuery.parse(text);
        } catch (ParseException e) {
            assertEquals(true, e.line() >= 1 && e.column() >= 1, e.getMessage());
        }
    }
}
