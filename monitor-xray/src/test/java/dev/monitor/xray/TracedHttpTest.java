package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.monitor.core.Await;
import dev.monitor.xray.internal.TraceEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three traced services and one untraced one on loopback, called over real HTTP: the trace
 * crosses them through the header, and the service map and filter expressions describe it.
 */
class TracedHttpTest {
    private static final ObjectMapper JSON = XRayTracerTest.JSON;

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<HttpServer> servers = new ArrayList<>();
    private TraceEngine tracer;
    private HttpClient http;
    private URI gateway;
    private volatile int paymentStatus = 200;
    private final Map<String, String> headersSeen = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        tracer = TraceEngine.builder().sampler(Sampler.fromJson(
                "{\"version\": 2, \"rules\": [{\"description\": \"health checks are noise\", \"host\": \"*\", \"http_method\": \"GET\","
                        + " \"url_path\": \"/health*\", \"fixed_target\": 0, \"rate\": 0}],"
                        + " \"default\": {\"fixed_target\": 1000, \"rate\": 1}}", java.time.Clock.systemUTC()))
                .exporter("test", XRayTracerTest.into(sent)).build();
        http = TracingHttpClient.wrap(HttpClient.newHttpClient(), tracer,
                request -> request.uri().getPath().startsWith("/stock") ? "inventory-api" : request.uri().getHost());
        URI inventory = serve("inventory", null, exchange -> respond(exchange, 200, "{\"inStock\":true}"));
        URI payments = serve("payments", "payments", exchange -> {
            headersSeen.put("payments", exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id"));
            tracer.current().putAnnotation("amount", 42);
            respond(exchange, paymentStatus, "{}");
        });
        URI orders = serve("orders", "orders", exchange -> {
            headersSeen.put("orders", exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id"));
            tracer.current().putAnnotation("orderId", "o-7");
            call(inventory.resolve("/stock"));
            HttpResponse<String> paid = call(payments.resolve("/pay"));
            respond(exchange, paid.statusCode() == 200 ? 201 : paid.statusCode() == 429 ? 429 : 502, "{}");
        });
        gateway = serve("gateway", "gateway", exchange -> {
            ((dev.monitor.api.trace.Segment) tracer.current()).setUser("ann");
            HttpResponse<String> created = http.sendAsync(HttpRequest.newBuilder(orders.resolve("/orders"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).join();
            respond(exchange, created.statusCode(), created.body());
        });
    }

    private HttpResponse<String> call(URI uri) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private URI serve(String path, String traced, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var context = server.createContext("/", handler);
        if (traced != null) {
            context.getFilters().add(TracingFilter.of(tracer, traced));
        }
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
        tracer.close();
    }

    private HttpResponse<String> order() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.resolve("/checkout")).header("User-Agent", "test")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The documents sent, once {@code expected} have been. A service answers before its filter
     * closes the segment, so a response can arrive before its segments are queued.
     */
    private List<JsonNode> documents(int expected) throws Exception {
        Await.until(Duration.ofSeconds(5), () -> sent.size() >= expected, () -> expected + " documents, not " + sent);
        // the flush sends whatever was queued before it: with the segments closed, a document that should not come has had its chance
        assertTrue(tracer.flush(Duration.ofSeconds(5)));
        List<JsonNode> documents = new ArrayList<>();
        for (String text : sent) {
            JsonNode doc = JSON.readTree(text);
            XRayTracerTest.assertValid(doc, true);
            documents.add(doc);
        }
        return documents;
    }

    @Test
    void oneTraceCrossesThreeServicesThroughTheHeader() throws Exception {
        HttpResponse<String> response = order();
        assertEquals(201, response.statusCode());
        String answered = response.headers().firstValue("X-Amzn-Trace-Id").orElseThrow();
        TraceHeader header = TraceHeader.parse(answered);
        assertNotNull(header, answered);
        assertEquals(Boolean.TRUE, header.sampled());
        List<JsonNode> documents = documents(3);
        assertEquals(3, documents.size(), sent.toString());
        Map<String, JsonNode> byName = new HashMap<>();
        documents.forEach(doc -> byName.put(doc.get("name").asText(), doc));
        for (JsonNode doc : documents) {
            assertEquals(header.root(), doc.get("trace_id").asText(), "one trace");
        }
        JsonNode gatewayDoc = byName.get("gateway");
        assertFalse(gatewayDoc.has("parent_id"));
        assertEquals("GET", gatewayDoc.at("/http/request/method").asText());
        assertTrue(gatewayDoc.at("/http/request/url").asText().endsWith("/checkout"));
        assertEquals("test", gatewayDoc.at("/http/request/user_agent").asText());
        assertEquals("127.0.0.1", gatewayDoc.at("/http/request/client_ip").asText());
        assertEquals(201, gatewayDoc.at("/http/response/status").asInt());
        JsonNode call = gatewayDoc.at("/subsegments/0");
        assertEquals("remote", call.get("namespace").asText());
        assertEquals("POST", call.at("/http/request/method").asText());
        assertEquals(call.get("id").asText(), byName.get("orders").get("parent_id").asText(), "the callee's parent is the caller's subsegment");
        assertEquals(TraceHeader.parse(headersSeen.get("orders")).parent(), call.get("id").asText());
        JsonNode ordersDoc = byName.get("orders");
        assertEquals("inventory-api", ordersDoc.at("/subsegments/0/name").asText());
        assertEquals(ordersDoc.at("/subsegments/1/id").asText(), byName.get("payments").get("parent_id").asText());
        assertEquals(42, byName.get("payments").at("/annotations/amount").asInt());
    }

    @Test
    void statusCodesSetTheFlagsAndTheServiceMapShowsEveryCall() throws Exception {
        order();
        paymentStatus = 503;
        order();
        paymentStatus = 429;
        order();
        assertEquals(9, documents(9).size());
        Instant from = Instant.now().minusSeconds(60);
        Instant to = Instant.now().plusSeconds(60);
        JsonNode graph = tracer.traces().serviceGraphTree(from, to);
        Map<String, JsonNode> services = new HashMap<>();
        graph.get("Services").forEach(s -> services.put(s.get("Name").asText(), s));
        assertEquals(java.util.Set.of("client", "gateway", "orders", "payments", "inventory-api"), services.keySet(), graph.toString());
        assertEquals("remote", services.get("inventory-api").get("Type").asText());
        assertTrue(services.get("gateway").get("Root").asBoolean());
        JsonNode payments = services.get("payments").get("SummaryStatistics");
        assertEquals(3, payments.get("TotalCount").asInt());
        assertEquals(1, payments.get("OkCount").asInt());
        assertEquals(1, payments.at("/FaultStatistics/TotalCount").asInt());
        assertEquals(1, payments.at("/ErrorStatistics/ThrottleCount").asInt());
        assertEquals(List.of("ann"), JSON.convertValue(services.get("payments").at("/UsersImpacted/Fault"), List.class));
        int ordersRef = services.get("orders").get("ReferenceId").asInt();
        int paymentsRef = services.get("payments").get("ReferenceId").asInt();
        int inventoryRef = services.get("inventory-api").get("ReferenceId").asInt();
        List<Integer> ordersCalls = new ArrayList<>();
        services.get("orders").get("Edges").forEach(e -> ordersCalls.add(e.get("ReferenceId").asInt()));
        assertEquals(List.of(inventoryRef, paymentsRef), ordersCalls.stream().sorted((a, b) -> a == inventoryRef ? -1 : 1).toList());
        assertEquals(ordersRef, services.get("gateway").at("/Edges/0/ReferenceId").asInt());
        assertTrue(services.get("gateway").at("/ResponseTimePercentiles/p99").asDouble() > 0);
        // Filter expressions over the same traces.
        assertEquals(3, tracer.traces().traceSummariesTree("service(\"payments\")", from, to).get("TraceSummaries").size());
        JsonNode faulty = tracer.traces().traceSummariesTree("fault AND annotation.orderId = \"o-7\"", from, to).get("TraceSummaries");
        assertEquals(1, faulty.size());
        assertTrue(faulty.get(0).get("HasFault").asBoolean());
        assertEquals(502, faulty.get(0).at("/Http/HttpStatus").asInt());
        assertEquals(1, tracer.traces().traceSummariesTree("throttle", from, to).get("TraceSummaries").size());
        assertEquals(2, tracer.traces().traceSummariesTree("NOT throttle AND user = \"ann\"", from, to).get("TraceSummaries").size());
        assertEquals(1, tracer.traces().traceSummariesTree("http.status = 201", from, to).get("TraceSummaries").size());
        var sla = tracer.traces().slaCheck("gateway", 99, Duration.ofSeconds(30), from, to);
        assertTrue(sla.met() && sla.requests() == 3, sla.toString());
        assertFalse(tracer.traces().slaCheck("gateway", 99, Duration.ofNanos(1), from, to).met());
    }

    @Test
    void samplingRulesSeeTheRequestAndUnsampledRequestsStillAnswerWithTheTrace() throws Exception {
        HttpServer health = servers.get(0);
        java.util.concurrent.CountDownLatch segmentClosed = new java.util.concurrent.CountDownLatch(1);
        // outside the tracing filter: it runs on once the segment is closed (and queued, were it sampled)
        com.sun.net.httpserver.Filter afterSegment = com.sun.net.httpserver.Filter.afterHandler("segment closed", e -> segmentClosed.countDown());
        health.createContext("/health", exchange -> respond(exchange, 200, "ok")).getFilters()
                .addAll(List.of(afterSegment, TracingFilter.of(tracer, "inventory")));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + health.getAddress().getPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.headers().firstValue("X-Amzn-Trace-Id").orElseThrow().endsWith(";Sampled=0"));
        assertTrue(segmentClosed.await(5, java.util.concurrent.TimeUnit.SECONDS), "the request's segment was closed");
        assertTrue(documents(0).isEmpty(), "the health rule samples nothing: " + sent);
    }
}
