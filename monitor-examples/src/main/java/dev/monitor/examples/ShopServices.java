package dev.monitor.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.monitor.api.context.Context;
import dev.monitor.api.context.Scope;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Tracer;
import dev.monitor.core.audit.AuditFilter;
import dev.monitor.core.audit.AuditResource;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.audit.UserIdentity;
import dev.monitor.xray.TracingFilter;
import dev.monitor.xray.TracingHttpClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The shop as services on loopback, each traced: a {@code gateway} takes the customers'
 * checkouts and calls {@code orders}, which calls {@code payments}, which asks a
 * {@code fraud-check} API that is not traced (it shows on the service map as a remote node).
 * Every hop is real HTTP and carries the trace in {@code X-Amzn-Trace-Id}.
 */
final class ShopServices implements AutoCloseable {
    static final String ORDER_ARN_PREFIX = "arn:monitor:shop:::order/";

    private final ShopDemo shop;
    private final Tracer tracer;
    private final AuditTrail audit;
    private final HttpClient traced;
    private final HttpClient customers = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "shop-http");
        thread.setDaemon(true);
        return thread;
    });
    private final List<HttpServer> servers = new ArrayList<>();
    private final URI gateway;
    private final URI orders;
    private final URI payments;
    private final URI fraudCheck;

    ShopServices(ShopDemo shop, Tracer tracer, AuditTrail audit) throws IOException {
        this.shop = shop;
        this.tracer = tracer;
        this.audit = audit;
        this.traced = TracingHttpClient.wrap(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), tracer,
                request -> request.uri().getPath().startsWith("/fraud") ? "fraud-check" : request.uri().getHost());
        this.fraudCheck = serve(null, exchange -> respond(exchange, 200, "{\"risk\":\"low\"}"));
        this.payments = serve("payments", this::pay);
        this.orders = serve("orders", this::order);
        this.gateway = serve("gateway", this::checkout);
    }

    /** The untraced fraud-check API's address, which the shop's health checks call. */
    URI fraudCheck() {
        return fraudCheck;
    }

    /** A customer checking out: a plain, untraced call, so the gateway starts the trace. */
    int checkout(String customer, String orderId, String region) {
        URI uri = gateway.resolve("/checkout?customer=" + customer + "&order=" + orderId + "&region=" + region);
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).header("X-User", customer));
    }

    /** An operator deleting an order through the gateway's API: the audit trail records who did it. */
    int deleteOrder(String operator, String orderId) {
        return send(HttpRequest.newBuilder(gateway.resolve("/orders/" + orderId)).DELETE().header("X-User", operator)
                .header("User-Agent", "shop-admin/1.0"));
    }

    private int send(HttpRequest.Builder request) {
        try {
            return customers.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 599;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 599;
        }
    }

    private void checkout(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("DELETE")) {
            respond(exchange, 200, "{\"deleted\":true}");
            return;
        }
        Map<String, String> query = query(exchange);
        if (tracer.current() instanceof Segment segment) {
            segment.setUser(query.get("customer"));
            segment.putAnnotation("orderId", query.get("order")).putAnnotation("region", query.get("region"));
        }
        int status = call(orders.resolve("/orders?order=" + query.get("order") + "&region=" + query.get("region")), "POST");
        respond(exchange, status, "{}");
    }

    private void order(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange);
        String orderId = query.get("order");
        // The request's id follows the order through every log event, next to the trace id.
        try (Scope ignored = Context.current().with("requestId", "r-" + orderId).makeCurrent()) {
            int status = shop.placeOrder(orderId, query.get("region"),
                    () -> call(payments.resolve("/pay?order=" + orderId + "&region=" + query.get("region")), "POST"));
            respond(exchange, status, "{}");
        }
    }

    private void pay(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange);
        call(fraudCheck.resolve("/fraud/score?order=" + query.get("order")), "GET");
        respond(exchange, shop.pay(query.get("order"), query.get("region")), "{}");
    }

    /** A traced call to a service: a remote subsegment of the current one; 599 when it cannot be reached. */
    private int call(URI uri, String method) {
        try {
            return traced.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 599;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 599;
        }
    }

    /** {@code /orders/o-7} acts on the order o-7. */
    static List<AuditResource> orderResources(com.sun.net.httpserver.HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        if (!path.startsWith("/orders/") || path.length() == "/orders/".length()) {
            return List.of();
        }
        return List.of(AuditResource.of("Shop::Order", ORDER_ARN_PREFIX + path.substring("/orders/".length())));
    }

    private URI serve(String service, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var context = server.createContext("/", handler);
        if (service != null) {
            context.getFilters().add(TracingFilter.of(tracer, service));
        }
        if ("gateway".equals(service)) {
            // The public API is audited: each request a record, inside its trace.
            context.getFilters().add(AuditFilter.builder(audit, "shop.example").identity(exchange -> {
                String user = exchange.getRequestHeaders().getFirst("X-User");
                return user == null ? null : UserIdentity.user(user);
            }).resources(ShopServices::orderResources).build());
        }
        server.setExecutor(handlers);
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> values = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    values.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        servers.forEach(server -> server.stop(0));
        handlers.shutdownNow();
    }
}
