package dev.monitor.core.dashboard.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.core.alarms.AlarmService;
import dev.monitor.core.alarms.AlarmStatus;
import dev.monitor.core.internal.InternalErrors;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.StatisticsQuery;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.core.metrics.internal.StatisticsJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A small web dashboard over the metrics held in memory, served by the JDK's own HTTP server. It
 * binds to the address it is given; the monitor gives it the loopback address unless configured
 * otherwise.
 *
 * <ul>
 *   <li>{@code GET /}: the page: every metric with its latest statistics and a sparkline, refreshed
 *       every 5 seconds; the application's own metrics first, then the built-in JVM and process
 *       metrics, then Monitor's own ({@code Monitor/*});</li>
 *   <li>{@code GET /api/metrics}: the same as JSON;</li>
 *   <li>{@code GET /api/alarms}: every alarm's state and reason, as DescribeAlarms lists them;</li>
 *   <li>{@code GET /api/statistics?namespace=..&metricName=..&dimensions=Name=k,Value=v&statistics=Average,Maximum&extendedStatistics=p99&period=60&startTime=..&endTime=..}:
 *       a {@code GetMetricStatistics} answer in the AWS CLI's JSON; a bad query is a 400 naming the problem.</li>
 * </ul>
 *
 * <p>It has no authentication, so it defends what it can: a request whose {@code Host} is not this
 * server's address (a DNS-rebinding page in a browser) gets 403; every answer forbids framing and
 * content sniffing and carries a Content-Security-Policy that allows only this server's own script;
 * requests run on {@value #WORKERS} daemon workers with a bounded queue, and one that has not been
 * answered within {@link #REQUEST_TIMEOUT} (a client that never finishes its headers) is cut off, so
 * a slow client cannot hold the others up. {@code HEAD} is answered like {@code GET} without the body.
 */
public final class Dashboard implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Points per metric in {@code /api/metrics}: an hour of minutes. */
    private static final int POINTS_PER_METRIC = 60;
    static final int WORKERS = 4;
    static final int QUEUE_CAPACITY = 64;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final MetricRegistry metrics;
    private final AlarmService alarms;
    private final Set<String> builtinNames;
    private final HttpServer server;
    private final RequestPool pool;
    private final HostCheck hosts;
    private final InternalErrors handlerErrors;

    private Dashboard(MetricRegistry metrics, AlarmService alarms, Set<String> builtinNames, HttpServer server, RequestPool pool,
                      HostCheck hosts) {
        this.metrics = metrics;
        this.alarms = alarms;
        this.builtinNames = Set.copyOf(builtinNames);
        this.server = server;
        this.pool = pool;
        this.hosts = hosts;
        this.handlerErrors = new InternalErrors(metrics.forNamespace(MetricRegistry.SELF_NAMESPACE), Dashboard.class)
                .register("monitor-dashboard");
    }

    /**
     * Starts serving {@code metrics} and {@code alarms} on {@code address} (port 0 picks a free port).
     *
     * @param builtinNames the names of the built-in metrics in the registry's namespace, listed after the application's
     * @param ticks        runs the watchdog of slow requests, a short periodic task (a monitor gives its scheduler's
     *                     tick lane); its owner shuts it down, the dashboard only cancels its task at close
     * @throws UncheckedIOException when the address cannot be bound, naming it
     */
    public static Dashboard start(MetricRegistry metrics, AlarmService alarms, InetSocketAddress address, Set<String> builtinNames,
                                  ScheduledExecutorService ticks) {
        return start(metrics, alarms, address, builtinNames, REQUEST_TIMEOUT, ticks);
    }

    static Dashboard start(MetricRegistry metrics, AlarmService alarms, InetSocketAddress address, Set<String> builtinNames,
                           Duration requestTimeout, ScheduledExecutorService ticks) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new UncheckedIOException("the dashboard cannot listen on " + address + ": " + e.getMessage(), e);
        }
        RequestPool pool = new RequestPool(WORKERS, QUEUE_CAPACITY, requestTimeout,
                metrics.forNamespace(MetricRegistry.SELF_NAMESPACE), ticks);
        Dashboard dashboard = new Dashboard(metrics, alarms, builtinNames, server, pool,
                HostCheck.of(address, server.getAddress()));
        server.createContext("/", dashboard::handle);
        server.setExecutor(pool);
        try {
            startOnDaemonThread(server);
        } catch (RuntimeException | Error e) {
            dashboard.close();
            throw e;
        }
        return dashboard;
    }

    /**
     * The JDK's server makes its dispatcher thread non-daemon when it is started from a non-daemon
     * thread (the thread inherits it), and that thread would keep the application's JVM alive after
     * main returns. Started from a daemon thread, the dispatcher is a daemon too.
     */
    private static void startOnDaemonThread(HttpServer server) {
        Throwable[] failure = new Throwable[1];
        Thread starter = new Thread(() -> {
            try {
                server.start();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "monitor-dashboard-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the dashboard was starting", e);
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        } else if (failure[0] instanceof Error e) {
            throw e;
        } else if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
    }

    /** Where the page is, such as {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    /**
     * Serves {@code handler} for every path below {@code path} (a hook for capabilities that take
     * requests, such as partner webhooks), on the dashboard's workers. The dashboard's Host check does
     * not apply there: the handler authenticates what it takes.
     */
    public void route(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, exchange -> {
            try {
                handler.handle(exchange);
            } catch (RuntimeException | Error e) {
                exchange.close();
                handlerErrors.report("monitor-dashboard", e, "request {} failed; the server goes on (further failures are only counted in "
                        + "Monitor/InternalErrors)", exchange.getRequestURI());
            }
        });
    }

    /** Stops listening and ends every thread the dashboard started. */
    @Override
    public void close() {
        try {
            server.stop(0);
        } finally {
            pool.shutdown();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "application/json", error("only GET and HEAD are served, not " + method));
                return;
            }
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (!hosts.allows(host)) {
                send(exchange, 403, "application/json", error(host == null ? "a request must name its Host"
                        : "Host '" + host + "' is not this dashboard's address; use " + hosts.example()));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/", "/index.html" -> send(exchange, 200, "text/html; charset=utf-8", resource("dashboard.html"));
                case "/dashboard.js" -> send(exchange, 200, "text/javascript; charset=utf-8", resource("dashboard.js"));
                case "/dashboard.css" -> send(exchange, 200, "text/css; charset=utf-8", resource("dashboard.css"));
                case "/api/metrics" -> send(exchange, 200, "application/json", JSON.writeValueAsBytes(metricsTree()));
                case "/api/alarms" -> send(exchange, 200, "application/json", JSON.writeValueAsBytes(alarmsTree()));
                case "/api/statistics" -> statistics(exchange);
                default -> send(exchange, 404, "application/json", error("no such page: " + path));
            }
        } catch (RuntimeException | Error e) { // the worker serves the next request whatever this one threw
            handlerErrors.report("monitor-dashboard", e, "dashboard request {} failed; the dashboard goes on (further failures "
                    + "are only counted in Monitor/InternalErrors)", exchange.getRequestURI());
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

    /**
     * Every metric held in memory, its latest datapoint's statistics and its recent values: the
     * application's own namespace first, then its other namespaces, then the built-in metrics,
     * then Monitor's own. A counter is described by its Sum, its increase in the period; a gauge,
     * a timer or a distribution by its Average.
     */
    ObjectNode metricsTree() {
        Map<MetricId, List<Datapoint>> byMetric = new TreeMap<>(Comparator.comparingInt(this::rank)
                .thenComparing(MetricId::namespace).thenComparing(MetricId::name)
                .thenComparing(id -> id.dimensions().toString()).thenComparing(id -> id.unit().apiName())
                .thenComparing(id -> id.resolution().seconds()));
        for (Datapoint datapoint : metrics.recentDatapoints()) {
            byMetric.computeIfAbsent(datapoint.metric(), k -> new ArrayList<>()).add(datapoint);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("generatedAt", Instant.now().toString());
        ArrayNode list = root.putArray("metrics");
        for (Map.Entry<MetricId, List<Datapoint>> entry : byMetric.entrySet()) {
            MetricId id = entry.getKey();
            List<Datapoint> points = entry.getValue();
            points.sort(Comparator.comparing(Datapoint::timestamp));
            ObjectNode metric = list.addObject();
            metric.put("namespace", id.namespace());
            metric.put("name", id.name());
            ObjectNode dims = metric.putObject("dimensions");
            id.dimensions().forEach(d -> dims.put(d.name(), d.value()));
            metric.put("unit", id.unit().apiName());
            metric.put("storageResolution", id.resolution().seconds());
            metric.put("group", switch (rank(id)) {
                case 0, 1 -> "application";
                case 2 -> "builtin";
                default -> "monitor";
            });
            metric.put("statistic", metrics.isCounter(id) ? "Sum" : "Average");
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

    /** 0 the application's namespace, 1 its other namespaces, 2 built-in metrics, 3 Monitor's own. */
    private int rank(MetricId id) {
        if (id.namespace().equals(MetricRegistry.SELF_NAMESPACE)) {
            return 3;
        }
        if (!id.namespace().equals(metrics.namespace())) {
            return 1;
        }
        return builtinNames.contains(id.name()) ? 2 : 0;
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

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    private static byte[] error(String message) throws IOException {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put("error", message));
    }

    /** Sends {@code body} with the headers every answer carries; to a HEAD request, the same headers and no body. */
    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            headers.set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length); // 0 would mean chunked
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
