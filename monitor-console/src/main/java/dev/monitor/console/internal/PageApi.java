package dev.monitor.console.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.monitor.console.ApiException;
import dev.monitor.console.ApiRequest;
import dev.monitor.console.ConsoleApi;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One page's API: its handlers by method and path, matched by the longest path that is the request's or a parent. */
final class PageApi implements ConsoleApi {
    private static final Logger LOG = LoggerFactory.getLogger(PageApi.class);

    private final Clock clock;
    private final Streams streams;
    private final Map<String, Handler> gets = new ConcurrentHashMap<>();
    private final Map<String, Handler> posts = new ConcurrentHashMap<>();
    private final Map<String, Stream> eventStreams = new ConcurrentHashMap<>();

    PageApi(Clock clock, Streams streams) {
        this.clock = clock;
        this.streams = streams;
    }

    @Override
    public void get(String path, Handler handler) {
        add(gets, path, handler);
    }

    @Override
    public void post(String path, Handler handler) {
        add(posts, path, handler);
    }

    @Override
    public void stream(String path, Stream stream) {
        add(eventStreams, path, stream);
    }

    private static <T> void add(Map<String, T> routes, String path, T handler) {
        String normal = trim(path);
        if (routes.putIfAbsent(normal, handler) != null) {
            throw new IllegalArgumentException("API path '" + path + "' is already served");
        }
    }

    private static String trim(String path) {
        String normal = path.startsWith("/") ? path.substring(1) : path;
        return normal.endsWith("/") ? normal.substring(0, normal.length() - 1) : normal;
    }

    void handle(HttpExchange exchange, String below) throws IOException {
        String method = exchange.getRequestMethod();
        String path = trim(below);
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (read) {
            Match<Stream> stream = match(eventStreams, path);
            if (stream != null && stream.prefix.equals(path)) {
                streams.open(exchange, stream.handler, ConsoleServer.request(exchange, "", clock));
                return;
            }
        }
        Match<Handler> match = match(read ? gets : method.equals("POST") ? posts : Map.of(), path);
        if (match == null) {
            boolean other = match(read ? posts : gets, path) != null;
            if (other) {
                exchange.getResponseHeaders().set("Allow", read ? "POST" : "GET, HEAD");
                ConsoleServer.json(exchange, 405, Map.of("error", method + " is not answered at this address"));
            } else {
                ConsoleServer.json(exchange, 404, Map.of("error", "no API at " + exchange.getRequestURI().getPath()));
            }
            return;
        }
        String rest = match.prefix.isEmpty() ? path : path.substring(Math.min(path.length(), match.prefix.length() + 1));
        ApiRequest request = ConsoleServer.request(exchange, rest, clock);
        Object answer;
        try {
            answer = match.handler.answer(request);
        } catch (ApiException e) {
            throw e;
        } catch (IllegalArgumentException e) { // the capabilities' own checks name the value and the rule
            throw ApiException.badRequest(e.getMessage());
        } catch (Exception e) {
            LOG.warn("console API {} failed", exchange.getRequestURI().getPath(), e);
            ConsoleServer.json(exchange, 500, Map.of("error", "the console could not answer: " + e));
            return;
        }
        ConsoleServer.json(exchange, 200, answer);
    }

    private record Match<T>(String prefix, T handler) {
    }

    private static <T> Match<T> match(Map<String, T> routes, String path) {
        Match<T> best = null;
        for (Map.Entry<String, T> route : routes.entrySet()) {
            String prefix = route.getKey();
            boolean matches = prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
            if (matches && (best == null || prefix.length() > best.prefix.length())) {
                best = new Match<>(prefix, route.getValue());
            }
        }
        return best;
    }
}
