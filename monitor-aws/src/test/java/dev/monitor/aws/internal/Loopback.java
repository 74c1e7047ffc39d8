package dev.monitor.aws.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP endpoint that records each request exactly as the SDK sent it (method, path,
 * query, headers, body) and answers what the test's {@link Responder} says: the raw protocol, for
 * the REST services (X-Ray's REST-JSON, S3's REST-XML) whose tests decode it themselves.
 */
final class Loopback implements AutoCloseable {
    /** One request as received. */
    record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        static Response of(int status, String contentType, String body) {
            return new Response(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Chooses the answer to the {@code index}-th request (from 0). */
    @FunctionalInterface
    interface Responder {
        Response reply(Request request, int index);
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger index = new AtomicInteger();
    volatile Responder responder;

    Loopback(Responder responder) throws IOException {
        this.responder = responder;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body);
            requests.add(request);
            Response response = responder.reply(request, index.getAndIncrement());
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000");
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
