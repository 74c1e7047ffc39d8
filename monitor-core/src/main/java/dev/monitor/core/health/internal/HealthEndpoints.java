package dev.monitor.core.health.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.monitor.api.health.Status;
import dev.monitor.core.health.CheckOptions;
import dev.monitor.core.health.CheckStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Not API: the health endpoints on the monitor's server, in MicroProfile Health's wire format
 * (https://download.eclipse.org/microprofile/microprofile-health-4.0/microprofile-health-spec-4.0.html):
 * {@code /health} every check, {@code /health/live}, {@code /health/ready}, {@code /health/started}
 * and {@code /health/group/NAME} a group's; {@code {"status":"UP|DOWN","checks":[{"name","status","data"}]}},
 * 200 when UP and 503 otherwise. Monitor's own status (DEGRADED, UNKNOWN...) and the reason are in
 * each check's {@code data}. And the feeds: {@code /health/feed.rss} and {@code /health/feed.atom},
 * {@code ?component=NAME} for one component's.
 */
public final class HealthEndpoints implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HealthEngine engine;
    private final Supplier<URI> base;

    public HealthEndpoints(HealthEngine engine, Supplier<URI> base) {
        this.engine = engine;
        this.base = base;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, "application/json", "{\"error\":\"only GET and HEAD\"}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/health", "/health/" -> group(exchange, null);
            case "/health/live" -> group(exchange, CheckOptions.LIVENESS);
            case "/health/ready" -> group(exchange, CheckOptions.READINESS);
            case "/health/started" -> group(exchange, CheckOptions.STARTUP);
            case "/health/feed.rss", "/health/feed.atom" -> feed(exchange, path.endsWith(".rss"));
            default -> {
                if (path.startsWith("/health/group/") && path.length() > "/health/group/".length()) {
                    group(exchange, path.substring("/health/group/".length()));
                } else {
                    send(exchange, 404, "application/json", "{\"error\":\"no health endpoint at " + path.replace("\"", "")
                            + "; there are /health, /health/live, /health/ready, /health/started, /health/group/NAME, /health/feed.rss, "
                            + "/health/feed.atom\"}");
                }
            }
        }
    }

    private void group(HttpExchange exchange, String group) throws IOException {
        List<CheckStatus> checks = engine.checks().stream().filter(c -> group == null || c.groups().contains(group)).toList();
        Status status = checks.isEmpty() ? Status.UP : Status.worstOf(checks.stream().map(CheckStatus::status).toList());
        send(exchange, status == Status.UP ? 200 : 503, "application/json", wire(status, checks));
    }

    static String wire(Status status, List<CheckStatus> checks) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", status.microProfile());
        ArrayNode list = body.putArray("checks");
        for (CheckStatus check : checks) {
            ObjectNode node = list.addObject();
            node.put("name", check.name());
            node.put("status", check.status().microProfile());
            ObjectNode data = node.putObject("data");
            data.put("monitorStatus", check.status().name());
            data.put("component", check.component());
            if (check.reason() != null) {
                data.put("reason", check.reason());
            }
            for (Map.Entry<String, Object> detail : check.details().entrySet()) {
                Object value = detail.getValue();
                if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    data.put(detail.getKey(), ((Number) value).longValue());
                } else if (value instanceof Number number) {
                    data.put(detail.getKey(), number.doubleValue());
                } else if (value instanceof Boolean bool) {
                    data.put(detail.getKey(), bool);
                } else {
                    data.put(detail.getKey(), String.valueOf(value));
                }
            }
        }
        return body.toString();
    }

    private void feed(HttpExchange exchange, boolean rss) throws IOException {
        String component = query(exchange.getRequestURI().getRawQuery(), "component");
        HealthFiles files = new HealthFiles(engine.layout());
        List<Feeds.Item> items = Feeds.items(files.changes(), files.events(), component);
        URI root = base.get();
        String suffix = component == null ? "" : "?component=" + URLEncoder.encode(component, StandardCharsets.UTF_8);
        URI self = root.resolve("/health/feed." + (rss ? "rss" : "atom") + suffix);
        URI page = root.resolve("/#/health");
        String title = component == null ? "Monitor health" : "Monitor health: " + component;
        String body = rss ? Feeds.rss(items, title, page, self, engine.clock().instant())
                : Feeds.atom(items, title, page, self, engine.clock().instant());
        send(exchange, 200, rss ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8", body);
    }

    private static String query(String raw, String key) {
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            if (pair.startsWith(key + "=")) {
                String value = URLDecoder.decode(pair.substring(key.length() + 1), StandardCharsets.UTF_8);
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
