package dev.monitor.core.dashboard.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.monitor.core.dashboard.DashboardServer;
import dev.monitor.core.dashboard.DashboardSettings;
import dev.monitor.core.internal.InternalErrors;
import dev.monitor.core.metrics.internal.MetricRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The monitor's {@link DashboardServer} on the JDK's own HTTP server. Requests run on
 * {@value #WORKERS} daemon workers with a bounded queue, and one not answered within
 * {@link #REQUEST_TIMEOUT} (a client that never finishes its headers) is cut off, so a slow client
 * cannot hold the others up.
 *
 * <p>Guarded routes defend what they can: a {@code Host} other than this server's address gets
 * 403 (a DNS-rebinding page), a missing or wrong token 401, and a request that changes something
 * (any method but GET and HEAD) must carry {@value #REQUEST_HEADER}, which a page of another site
 * cannot send without a CORS preflight this server never approves (cross-site request forgery).
 */
public final class HttpDashboardServer implements DashboardServer, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int WORKERS = 4;
    static final int QUEUE_CAPACITY = 64;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** The header a request that changes something must carry, with any value. */
    public static final String REQUEST_HEADER = "X-Monitor-Request";
    static final String TOKEN_COOKIE = "monitor_token";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final HttpServer server;
    private final RequestPool pool;
    private final HostCheck hosts;
    private final byte[] token;
    private final InternalErrors handlerErrors;
    private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    private final Set<String> openRoutes = ConcurrentHashMap.newKeySet();

    private HttpDashboardServer(HttpServer server, RequestPool pool, HostCheck hosts, String token, MetricRegistry self) {
        this.server = server;
        this.pool = pool;
        this.hosts = hosts;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.handlerErrors = new InternalErrors(self.forNamespace(MetricRegistry.SELF_NAMESPACE), HttpDashboardServer.class)
                .register("monitor-dashboard");
    }

    /**
     * Starts listening on the address of {@code settings} (port 0 picks a free port).
     *
     * @param registry counts refused requests and failed handlers in its {@code Monitor} namespace
     * @param ticks    runs the watchdog of slow requests, a short periodic task (a monitor gives its scheduler's
     *                 tick lane); its owner shuts it down, the server only cancels its task at close
     * @throws UncheckedIOException when the address cannot be bound, naming it
     */
    public static HttpDashboardServer start(DashboardSettings settings, MetricRegistry registry, ScheduledExecutorService ticks) {
        return start(settings, registry, REQUEST_TIMEOUT, ticks);
    }

    static HttpDashboardServer start(DashboardSettings settings, MetricRegistry registry, Duration requestTimeout,
                                     ScheduledExecutorService ticks) {
        InetSocketAddress address = settings.address().orElseThrow(() -> new IllegalArgumentException("the dashboard is off"));
        HttpServer server;
        try {
            server = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new UncheckedIOException("the dashboard cannot listen on " + address + ": " + e.getMessage(), e);
        }
        RequestPool pool = new RequestPool(WORKERS, QUEUE_CAPACITY, requestTimeout,
                registry.forNamespace(MetricRegistry.SELF_NAMESPACE), ticks);
        HttpDashboardServer dashboard = new HttpDashboardServer(server, pool, HostCheck.of(address, server.getAddress()),
                settings.token().orElse(null), registry);
        server.createContext("/", dashboard::guarded);
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

    @Override
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    @Override
    public void serve(String path, HttpHandler handler) {
        checkPath(path);
        if (routes.putIfAbsent(path, handler) != null) {
            throw new IllegalArgumentException("path '" + path + "' is already served");
        }
    }

    @Override
    public void serveOpen(String path, HttpHandler handler) {
        checkPath(path);
        if (path.equals("/") || !openRoutes.add(path)) {
            throw new IllegalArgumentException("path '" + path + "' is already served");
        }
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

    private void checkPath(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' must start with '/'");
        }
    }

    /** Stops listening and ends every thread the server started. */
    @Override
    public void close() {
        try {
            server.stop(0);
        } finally {
            pool.shutdown();
        }
    }

    private void guarded(HttpExchange exchange) throws IOException {
        boolean detached = false;
        try {
            Headers headers = exchange.getResponseHeaders();
            headers.set("Cache-Control", "no-store");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("Referrer-Policy", "no-referrer");
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (!hosts.allows(host)) {
                error(exchange, 403, host == null ? "a request must name its Host"
                        : "Host '" + host + "' is not this dashboard's address; use " + hosts.example());
                return;
            }
            if (!authorized(exchange)) {
                return;
            }
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method) && exchange.getRequestHeaders().getFirst(REQUEST_HEADER) == null) {
                error(exchange, 403, method + " requests must carry the " + REQUEST_HEADER + " header");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            HttpHandler handler = route(path);
            if (handler == null) {
                error(exchange, 404, !routes.containsKey("/")
                        ? "no page at " + path + ": the console is not on the classpath (add the monitor-console module)"
                        : "no page at " + path);
                return;
            }
            handler.handle(exchange);
            detached = Boolean.TRUE.equals(exchange.getAttribute(DETACHED));
        } catch (RuntimeException | Error e) { // the worker serves the next request whatever this one threw
            handlerErrors.report("monitor-dashboard", e, "dashboard request {} failed; the dashboard goes on (further failures "
                    + "are only counted in Monitor/InternalErrors)", exchange.getRequestURI());
        } finally {
            if (!detached) {
                exchange.close();
            }
        }
    }

    /** The handler of the longest route that is {@code path} or one of its parent folders. */
    private HttpHandler route(String path) {
        HttpHandler best = null;
        int bestLength = -1;
        for (Map.Entry<String, HttpHandler> route : routes.entrySet()) {
            String prefix = route.getKey();
            boolean matches = path.equals(prefix) || (path.startsWith(prefix)
                    && (prefix.endsWith("/") || path.charAt(prefix.length()) == '/'));
            if (matches && prefix.length() > bestLength) {
                best = route.getValue();
                bestLength = prefix.length();
            }
        }
        return best;
    }

    /**
     * Whether the request carries the token: as a bearer token, or as the cookie this server sets.
     * A browser's first visit may bring it as {@code ?token=}; it is then answered with the cookie
     * and sent back to the same address without the token, so it stays out of history and logs.
     */
    private boolean authorized(HttpExchange exchange) throws IOException {
        if (token == null) {
            return true;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) && matches(authorization.substring(7).trim())) {
            return true;
        }
        for (String cookies : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String cookie : cookies.split(";")) {
                String trimmed = cookie.trim();
                if (trimmed.startsWith(TOKEN_COOKIE + "=") && matches(trimmed.substring(TOKEN_COOKIE.length() + 1))) {
                    return true;
                }
            }
        }
        String query = exchange.getRequestURI().getRawQuery();
        String given = query == null ? null : queryToken(query);
        if (given != null && matches(given) && "GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Set-Cookie", TOKEN_COOKIE + "=" + given + "; Path=/; HttpOnly; SameSite=Strict");
            exchange.getResponseHeaders().set("Location", exchange.getRequestURI().getRawPath());
            exchange.sendResponseHeaders(303, -1);
            return false;
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"monitor\"");
        error(exchange, 401, "this dashboard asks for its token: send 'Authorization: Bearer TOKEN', or open ?token=TOKEN once in a browser");
        return false;
    }

    private static String queryToken(String rawQuery) {
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("token=")) {
                return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Compares in time that does not depend on where the strings differ. */
    private boolean matches(String given) {
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = JSON.writeValueAsBytes(Map.of("error", message));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
