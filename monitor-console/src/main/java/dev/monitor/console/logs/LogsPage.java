package dev.monitor.console.logs;

import dev.monitor.api.subscription.Subscription;
import dev.monitor.console.ApiException;
import dev.monitor.console.ApiRequest;
import dev.monitor.console.ConsoleApi;
import dev.monitor.console.ConsolePage;
import dev.monitor.core.Monitor;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.logs.LiveTail;
import dev.monitor.core.logs.LogService;
import dev.monitor.core.logs.QueryResult;
import dev.monitor.core.syntax.ParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Logs: the log groups and their streams, a live tail of the events as they are written (with a
 * filter pattern), and a Logs Insights query box whose results are a table, and for
 * {@code stats ... by bin(...)} a chart of the bins.
 *
 * <ul>
 *   <li>{@code GET /api/logs/groups}: every log group, each with its streams, their stored bytes and when
 *       they were last written;</li>
 *   <li>{@code GET /api/logs/tail?group=G&group=..&filter=PATTERN&streamPrefix=P}: server-sent events, one
 *       {@code events} event per second that had matching events (as StartLiveTail's sessionUpdate), or one
 *       {@code problem} event when the pattern cannot be read;</li>
 *   <li>{@code GET /api/logs/query?query=..&group=..&start=..&end=..}: a Logs Insights query; a query that cannot
 *       be read is a 400 naming the line, the column, what was expected and what was found.</li>
 * </ul>
 */
public final class LogsPage implements ConsolePage {
    /** StartLiveTail's and StartQuery's limit on log groups. */
    static final int MAX_GROUPS = 10;
    /** A query that groups by a time bin: its answer is drawn too. */
    private static final Pattern BINNED = Pattern.compile("(?is).*\\bstats\\b.*\\bby\\b.*\\bbin\\s*\\(.*");
    /** How Logs Insights writes a time: {@code 2026-11-22 10:00:00.000}, in UTC. */
    private static final DateTimeFormatter INSIGHTS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @Override
    public String id() {
        return "logs";
    }

    @Override
    public String title() {
        return "Logs";
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public void install(ConsoleApi api, Monitor monitor) {
        LogService logs = monitor.logs();
        api.get("groups", request -> groups(logs));
        api.get("query", request -> query(logs, request));
        api.stream("tail", (request, sink) -> tail(logs, request, sink));
    }

    /** A log group and its streams, with DescribeLogGroups' {@code storedBytes}: the size of its files (gzipped ones as stored). */
    record Group(String name, long storedBytes, Instant lastIngestionTime, List<LogStream> streams) {
    }

    /** A log stream, as DescribeLogStreams gives it: the size of its files and when they were last written. */
    record LogStream(String name, long storedBytes, Instant lastIngestionTime, int files) {
    }

    /** One tailed event, as StartLiveTail's {@code LiveTailSessionLogEvent}. */
    record TailEvent(String logGroupIdentifier, String logStreamName, Instant timestamp, String message) {
    }

    /** One second's tailed events; {@code matched} exceeds the events' number when they are a sample. */
    record TailBatch(Instant start, List<TailEvent> events, long matched, boolean sampled) {
    }

    /** A line of a chart. */
    record Series(String label, List<Point> points) {
    }

    /** A value of a chart. */
    record Point(Instant t, double value) {
    }

    /**
     * An Insights answer: the rows, the fields in the order they first come, the statistics of
     * GetQueryResults, and for a {@code by bin(...)} query the bins as a chart (null otherwise).
     */
    record Answer(List<String> fields, List<Map<String, String>> rows, long recordsMatched, long recordsScanned,
                  long bytesScanned, List<String> problems, List<Series> chart) {
    }

    /**
     * Every log group with its streams, as DescribeLogGroups and DescribeLogStreams tell them: from
     * the files' sizes and times, without reading an event, as the page asks every few seconds.
     */
    static Map<String, Object> groups(LogService logs) {
        List<Group> groups = new ArrayList<>();
        for (String group : knownGroups(logs)) {
            Path groupDir = logs.directory().resolve(LogService.directoryOf(group));
            List<LogStream> streams = new ArrayList<>();
            for (Path folder : folders(groupDir)) {
                streams.add(stream(DataLayout.nameOfFolder(folder.getFileName().toString()), folder));
            }
            long bytes = streams.stream().mapToLong(LogStream::storedBytes).sum();
            Instant last = streams.stream().map(LogStream::lastIngestionTime).filter(Objects::nonNull)
                    .max(Instant::compareTo).orElse(null);
            groups.add(new Group(group, bytes, last, streams));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("defaultGroup", logs.defaultGroup());
        answer.put("stream", logs.stream());
        answer.put("groups", groups);
        return answer;
    }

    /** A stream's files: their bytes, and when the newest was last written (null without files). */
    private static LogStream stream(String name, Path folder) {
        long bytes = 0;
        Instant last = null;
        int files = 0;
        try (Stream<Path> children = Files.list(folder)) {
            for (Path file : (Iterable<Path>) children::iterator) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file,
                            BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        files++;
                        bytes += attributes.size();
                        Instant modified = attributes.lastModifiedTime().toInstant();
                        last = last == null || modified.isAfter(last) ? modified : last;
                    }
                } catch (IOException e) {
                    // rotated away (gzipped and deleted) while listed: its twin is counted
                }
            }
        } catch (IOException e) {
            return new LogStream(name, 0, null, 0);
        }
        return new LogStream(name, bytes, last, files);
    }

    /** The groups this run writes to and those earlier runs left files of. */
    private static Set<String> knownGroups(LogService logs) {
        Set<String> groups = new TreeSet<>(logs.groups());
        folders(logs.directory()).forEach(folder -> groups.add(DataLayout.nameOfFolder(folder.getFileName().toString())));
        return groups;
    }

    /** The folders in {@code directory}, by name; none when it cannot be listed. */
    private static List<Path> folders(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The groups a request names ({@code group}, repeated), or the default group. */
    private static List<String> requestedGroups(LogService logs, ApiRequest request) {
        List<String> groups = new ArrayList<>(new LinkedHashSet<>(request.all("group")));
        groups.removeIf(String::isEmpty);
        if (groups.isEmpty()) {
            groups.add(logs.defaultGroup());
        }
        if (groups.size() > MAX_GROUPS) {
            throw ApiException.badRequest(groups.size() + " log groups were given; at most " + MAX_GROUPS + " may be");
        }
        Set<String> known = knownGroups(logs);
        for (String group : groups) {
            if (!known.contains(group)) {
                throw ApiException.badRequest("log group '" + group + "' does not exist; the log groups are " + known);
            }
        }
        return groups;
    }

    static Answer query(LogService logs, ApiRequest request) {
        String text = request.required("query");
        List<String> groups = requestedGroups(logs, request);
        ApiRequest.TimeRange range = request.range();
        QueryResult result;
        try {
            result = logs.query(text, groups, range.start(), range.end());
        } catch (ParseException e) {
            throw ApiException.badRequest(e.getMessage() + "\n" + e.render());
        }
        Set<String> fields = new LinkedHashSet<>();
        result.rows().forEach(row -> fields.addAll(row.keySet()));
        List<Series> chart = BINNED.matcher(text).matches() ? chart(result.rows(), List.copyOf(fields)) : null;
        return new Answer(List.copyOf(fields), result.rows(), result.matched(), result.scanned(), result.bytesScanned(),
                result.problems(), chart);
    }

    /**
     * The bins of a {@code stats ... by bin(...)} answer as lines: the field whose values are all
     * times is the x axis, each numeric field a line, split by the other fields' values (the other
     * groups of the {@code by}).
     */
    static List<Series> chart(List<Map<String, String>> rows, List<String> fields) {
        String bin = fields.stream().filter(f -> rows.stream().allMatch(row -> time(row.get(f)) != null)).findFirst().orElse(null);
        if (bin == null || rows.isEmpty()) {
            return List.of();
        }
        List<String> numbers = fields.stream().filter(f -> !f.equals(bin))
                .filter(f -> rows.stream().allMatch(row -> row.get(f) == null || number(row.get(f)) != null)).toList();
        List<String> labels = fields.stream().filter(f -> !f.equals(bin) && !numbers.contains(f)).toList();
        Map<String, List<Point>> lines = new LinkedHashMap<>();
        for (Map<String, String> row : rows) {
            List<String> group = new ArrayList<>();
            labels.forEach(f -> group.add(row.getOrDefault(f, "")));
            for (String field : numbers) {
                Double value = number(row.get(field));
                if (value != null) {
                    String label = group.isEmpty() ? field : String.join(" ", group) + (numbers.size() > 1 ? " " + field : "");
                    lines.computeIfAbsent(label, l -> new ArrayList<>()).add(new Point(time(row.get(bin)), value));
                }
            }
        }
        List<Series> series = new ArrayList<>();
        lines.forEach((label, points) -> {
            points.sort(java.util.Comparator.comparing(Point::t));
            series.add(new Series(label, points));
        });
        return series;
    }

    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text, INSIGHTS_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Double number(String text) {
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Tells the client why its tail cannot start; the exception has the console end the stream
     * (the page closes its source on this event, so the browser does not ask again).
     */
    private static IllegalArgumentException problem(ConsoleApi.EventSink sink, String message) {
        sink.send("problem", Map.of("error", message));
        return new IllegalArgumentException(message);
    }

    /** Subscribes the client to the live tail until it leaves; a pattern that cannot be read is told as a {@code problem} event. */
    static AutoCloseable tail(LogService logs, ApiRequest request, ConsoleApi.EventSink sink) {
        List<String> groups;
        try {
            groups = requestedGroups(logs, request);
        } catch (ApiException e) {
            throw problem(sink, e.getMessage());
        }
        String filter = request.optional("filter").orElse("");
        String prefix = request.optional("streamPrefix").orElse("");
        Subscription[] subscription = new Subscription[1];
        try {
            subscription[0] = logs.tail(groups, prefix, filter, batch -> {
                List<TailEvent> events = new ArrayList<>();
                for (LiveTail.Event event : batch.events()) {
                    events.add(new TailEvent(event.logGroup(), event.logStream(), event.timestamp(), event.message()));
                }
                if (!sink.send("events", new TailBatch(batch.start(), events, batch.matched(), batch.sampled()))) {
                    Subscription own = subscription[0];
                    if (own != null) {
                        own.close(); // the client has gone
                    }
                }
            });
        } catch (ParseException e) {
            throw problem(sink, e.getMessage() + "\n" + e.render());
        }
        sink.send("started", Map.of("groups", groups, "filter", filter, "streamPrefix", prefix));
        return subscription[0];
    }
}
