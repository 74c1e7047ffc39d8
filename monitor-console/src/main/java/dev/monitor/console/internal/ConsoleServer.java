package dev.monitor.console.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.monitor.console.ApiException;
import dev.monitor.console.ApiRequest;
import dev.monitor.console.ConsolePage;
import dev.monitor.core.Monitor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the console under the dashboard server's {@code /}: the page shell, static files, each
 * page's script, and {@code /api/ID/...} through each page's {@link PageApi}.
 */
public final class ConsoleServer implements HttpHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final Pattern PAGE_ID = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final Pattern STATIC_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*\\.(js|css|svg|png)");
    private static final String STATIC = "/dev/monitor/console/static/";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    static final ObjectMapper JSON = Json.mapper();

    private final Map<String, ConsolePage> pages = new LinkedHashMap<>();
    private final Map<String, PageApi> apis = new LinkedHashMap<>();
    private final Streams streams = new Streams();

    public ConsoleServer(Monitor monitor, List<ConsolePage> found) {
        List<ConsolePage> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(ConsolePage::order).thenComparing(ConsolePage::id));
        for (ConsolePage page : sorted) {
            String id = page.id();
            if (id == null || !PAGE_ID.matcher(id).matches() || id.equals("pages")) {
                LOG.warn("console page {} is left out: its id '{}' must be lower-case letters, digits and hyphens, not 'pages'",
                        page.getClass().getName(), id);
                continue;
            }
            if (pages.containsKey(id)) {
                LOG.warn("console page {} is left out: {} has its id '{}' already", page.getClass().getName(),
                        pages.get(id).getClass().getName(), id);
                continue;
            }
            PageApi api = new PageApi(monitor.clock(), streams);
            try {
                page.install(api, monitor);
            } catch (RuntimeException e) {
                LOG.warn("console page '{}' failed to install and is left out", id, e);
                continue;
            }
            pages.put(id, page);
            apis.put(id, api);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/") || path.equals("/index.html")) {
            send(exchange, 200, "text/html; charset=utf-8", resource(STATIC + "index.html"));
        } else if (path.startsWith("/static/")) {
            staticFile(exchange, path.substring("/static/".length()));
        } else if (path.equals("/api/pages")) {
            List<Map<String, Object>> list = new ArrayList<>();
            pages.values().forEach(page -> list.add(Map.of("id", page.id(), "title", page.title())));
            json(exchange, 200, Map.of("pages", list));
        } else if (path.startsWith("/api/")) {
            api(exchange, path.substring("/api/".length()));
        } else {
            json(exchange, 404, Map.of("error", "no page at " + path));
        }
    }

    private void api(HttpExchange exchange, String below) throws IOException {
        int slash = below.indexOf('/');
        String id = slash < 0 ? below : below.substring(0, slash);
        PageApi api = apis.get(id);
        if (api == null) {
            json(exchange, 404, Map.of("error", "no console page '" + id + "'; the pages are " + apis.keySet()));
            return;
        }
        try {
            api.handle(exchange, slash < 0 ? "" : below.substring(slash + 1));
        } catch (ApiException e) {
            json(exchange, e.status(), Map.of("error", e.getMessage()));
        }
    }

    private void staticFile(HttpExchange exchange, String name) throws IOException {
        byte[] body = null;
        if (name.startsWith("pages/") && name.endsWith(".js")) {
            ConsolePage page = pages.get(name.substring("pages/".length(), name.length() - 3));
            body = page == null ? null : resource(page.getClass(), page.script());
        } else if (name.equals("vendor/uplot.js")) {
            body = resource(UPLOT + "uPlot.iife.min.js");
        } else if (name.equals("vendor/uplot.css")) {
            body = resource(UPLOT + "uPlot.min.css");
        } else if (STATIC_NAME.matcher(name).matches()) {
            body = resource(STATIC + name);
        }
        if (body == null) {
            json(exchange, 404, Map.of("error", "no file /static/" + name));
            return;
        }
        send(exchange, 200, contentType(name), body);
    }

    private static String contentType(String name) {
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "image/png";
    }

    private static byte[] resource(String name) throws IOException {
        return resource(ConsoleServer.class, name);
    }

    private static byte[] resource(Class<?> owner, String name) throws IOException {
        try (InputStream in = owner.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    static void json(HttpExchange exchange, int status, Object answer) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(answer));
    }

    /** Sends {@code body}; to a HEAD request the same headers and no body. */
    static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length); // 0 would mean chunked
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static String bodyOf(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(1 << 20);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Ends every event stream. */
    @Override
    public void close() {
        streams.close();
    }

    static ApiRequest request(HttpExchange exchange, String rest, java.time.Clock clock) throws IOException {
        String body = "POST".equals(exchange.getRequestMethod()) ? bodyOf(exchange) : "";
        return new ApiRequest(rest, exchange.getRequestURI().getRawQuery(), body, clock);
    }
}
