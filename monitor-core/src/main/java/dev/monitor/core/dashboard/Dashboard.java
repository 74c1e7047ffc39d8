package dev.monitor.core.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.core.alarms.AlarmStatus;
import dev.monitor.core.alarms.Alarms;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.MetricRegistry;
import dev.monitor.core.metrics.StatisticsJson;
import dev.monitor.core.metrics.StatisticsQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small web dashboard over the metrics held in memory, served by the JDK's own HTTP server on
 * one daemon thread of its own. It binds to the address it is given; the monitor gives it the
 * loopback address unless configured otherwise.
 *
 * <ul>
 *   <li>{@code GET /}: the page: every metric with its latest statistics and a sparkline, refreshed
 *       every 5 seconds;</li>
 *   <li>{@code GET /api/metrics}: the same as JSON;</li>
 *   <li>{@code GET /api/alarms}: every alarm's state and reason, as DescribeAlarms lists them;</li>
 *   <li>{@code GET /api/statistics?namespace=..&metricName=..&dimensions=Name=k,Value=v&statistics=Average,Maximum&extendedStatistics=p99&period=60&startTime=..&endTime=..}:
 *       a {@code GetMetricStatistics} answer in the AWS CLI's JSON; a bad query is a 400 naming the problem.</li>
 * </ul>
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Points per metric in {@code /api/metrics}: an hour of minutes. */
    private static final int POINTS_PER_METRIC = 60;

    private final MetricRegistry metrics;
    private final Alarms alarms;
    private final HttpServer server;
    private final ExecutorService executor;

    private Dashboard(MetricRegistry metrics, Alarms alarms, HttpServer server, ExecutorService executor) {
        this.metrics = metrics;
        this.alarms = alarms;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code metrics} and {@code alarms} on {@code address} (port 0 picks a free port).
     *
     * @throws UncheckedIOException when the address cannot be bound, naming it
     */
    public static Dashboard start(MetricRegistry metrics, Alarms alarms, InetSocketAddress address) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("the dashboard cannot listen on " + address + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "monitor-dashboard");
            thread.setDaemon(true);
            return thread;
        });
        Dashboard dashboard = new Dashboard(metrics, alarms, server, executor);
        server.createContext("/", dashboard::handle);
        server.setExecutor(executor);
        server.start();
        return dashboard;
    }

    /** Where the page is, such as {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "application/json", error("only GET is served"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/", "/index.html" -> send(exchange, 200, "text/html; charset=utf-8", page());
                case "/api/metrics" -> send(exchange, 200, "application/json", JSON.writeValueAsBytes(metricsTree()));
                case "/api/alarms" -> send(exchange, 200, "application/json", JSON.writeValueAsBytes(alarmsTree()));
                case "/api/statistics" -> statistics(exchange);
                default -> send(exchange, 404, "application/json", error("no such page: " + path));
            }
        } catch (RuntimeException e) {
            LOG.warn("dashboard request {} failed", exchange.getRequestURI(), e);
        }
    }

    private void statistics(HttpExchange exchange) throws IOException {
        Map<String, List<String>> parameters = parameters(exchange.getRequestURI().getRawQuery());
        try {
            List<Dimension> dimensions = new ArrayList<>();
            for (String dimension : parameters.getOrDefault("dimensions", List.of())) {
                String[] parts = dimension.split(",", 2);
                if (parts.length != 2 || !parts[0].startsWith("Name=") || !parts[1].startsWith("Value=")) {
                    throw new IllegalArgumentException("dimensions '" + dimension + "' is not of the form Name=k,Value=v");
                }
                dimensions.add(new Dimension(parts[0].substring(5), parts[1].substring(6)));
            }
            StatisticsQuery query = new StatisticsQuery(required(parameters, "namespace"), required(parameters, "metricName"),
                    dimensions, time(parameters, "startTime"), time(parameters, "endTime"), period(parameters),
                    list(parameters, "statistics"), list(parameters, "extendedStatistics"));
            send(exchange, 200, "application/json", StatisticsJson.pretty(metrics.getStatistics(query)).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            send(exchange, 400, "application/json", error(e.getMessage()));
        }
    }

    /** Every metric held in memory, its latest datapoint's statistics and its recent averages. */
    ObjectNode metricsTree() {
        Map<String, List<Datapoint>> byMetric = new TreeMap<>();
        Map<String, MetricId> ids = new LinkedHashMap<>();
        for (Datapoint datapoint : metrics.recentDatapoints()) {
            MetricId id = datapoint.metric();
            String key = id.namespace() + "\u0000" + id.name() + "\u0000" + id.dimensions();
            byMetric.computeIfAbsent(key, k -> new ArrayList<>()).add(datapoint);
            ids.put(key, id);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("generatedAt", Instant.now().toString());
        ArrayNode list = root.putArray("metrics");
        for (Map.Entry<String, List<Datapoint>> entry : byMetric.entrySet()) {
            MetricId id = ids.get(entry.getKey());
            List<Datapoint> points = entry.getValue();
            points.sort(Comparator.comparing(Datapoint::timestamp));
            ObjectNode metric = list.addObject();
            metric.put("namespace", id.namespace());
            metric.put("name", id.name());
            ObjectNode dims = metric.putObject("dimensions");
            id.dimensions().forEach(d -> dims.put(d.name(), d.value()));
            metric.put("unit", id.unit().cloudWatchName());
            metric.put("storageResolution", id.resolution().seconds());
            Datapoint last = points.get(points.size() - 1);
            ObjectNode latest = metric.putObject("latest");
            latest.put("timestamp", last.timestamp().toString());
            latest.put("sampleCount", last.sampleCount());
            latest.put("sum", last.sum());
            latest.put("average", last.average());
            latest.put("minimum", last.minimum());
            latest.put("maximum", last.maximum());
            latest.put("p50", clamp(last.values().percentile(50), last));
            latest.put("p99", clamp(last.values().percentile(99), last));
            ArrayNode series = metric.putArray("points");
            for (Datapoint point : points.subList(Math.max(0, points.size() - POINTS_PER_METRIC), points.size())) {
                series.addObject().put("t", point.timestamp().toString()).put("average", point.average())
                        .put("sum", point.sum());
            }
        }
        return root;
    }

    /** Every alarm with its state, in DescribeAlarms' field names. */
    ObjectNode alarmsTree() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("Alarms");
        for (AlarmStatus status : alarms.describeAll()) {
            list.addObject()
                    .put("AlarmName", status.name())
                    .put("StateValue", status.state().name())
                    .put("StateReason", status.reason())
                    .put("StateUpdatedTimestamp", status.updated().toString())
                    .put("ActionsEnabled", status.actionsEnabled())
                    .put("ActionsSuppressedBy", status.actionsSuppressedBy());
        }
        return root;
    }

    private static double clamp(double value, Datapoint datapoint) {
        return Math.min(datapoint.maximum(), Math.max(datapoint.minimum(), value));
    }

    private static byte[] page() throws IOException {
        try (InputStream in = Dashboard.class.getResourceAsStream("dashboard.html")) {
            if (in == null) {
                throw new IOException("dashboard.html is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    private static byte[] error(String message) throws IOException {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put("error", message));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, List<String>> parameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String required(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.get(0).isEmpty()) {
            throw new IllegalArgumentException("parameter '" + name + "' is required");
        }
        return values.get(0);
    }

    private static List<String> list(Map<String, List<String>> parameters, String name) {
        List<String> all = new ArrayList<>();
        for (String value : parameters.getOrDefault(name, List.of())) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    all.add(item.trim());
                }
            }
        }
        return all;
    }

    private static Instant time(Map<String, List<String>> parameters, String name) {
        String text = required(parameters, name);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("parameter '" + name + "' value '" + text
                    + "' is not an ISO-8601 instant such as 2026-11-22T10:00:00Z");
        }
    }

    private static int period(Map<String, List<String>> parameters) {
        String text = required(parameters, "period");
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter 'period' value '" + text + "' is not a whole number of seconds");
        }
    }
}
