package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.monitor.core.audit.internal.TrailFiles;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An HTTP API audited through the filter, over real HTTP on loopback. */
class AuditFilterTest {
    @TempDir
    Path dir;

    @Test
    void everyRequestIsRecordedWithWhoFromWhereAndTheOutcome() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<JsonNode> records = new ArrayList<>();
        try (AuditTrail trail = AuditTrail.builder().dataDir(dir).sync().build()) {
            server.createContext("/", exchange -> {
                int status = exchange.getRequestURI().getPath().contains("missing") ? 404 : 200;
                exchange.sendResponseHeaders(status, 2);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write("ok".getBytes());
                }
            }).getFilters().add(AuditFilter.builder(trail, "orders.shop.example").identity(exchange -> {
                String user = exchange.getRequestHeaders().getFirst("X-User");
                if ("crash".equals(user)) {
                    throw new IllegalStateException("a broken extractor");
                }
                return user == null ? null : UserIdentity.user(user);
            }).resources(exchange -> {
                String path = exchange.getRequestURI().getPath();
                return path.startsWith("/orders/")
                        ? List.of(AuditResource.of("Shop::Order", "arn:monitor:shop:::order/" + path.substring("/orders/".length())))
                        : List.of();
            }).build());
            server.start();
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> read = http.send(HttpRequest.newBuilder(base.resolve("/orders?id=o-1&token=abc")).header("X-User", "ann")
                    .header("User-Agent", "shop-web/2").build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(read.headers().firstValue("X-Request-Id").isPresent(), "the request id is sent back");
            http.send(HttpRequest.newBuilder(base.resolve("/orders/o-1")).DELETE().header("X-User", "mallory")
                    .header("X-Forwarded-For", "198.51.100.9, 10.0.0.1").header("X-Request-Id", "req-42").build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(base.resolve("/missing")).header("X-User", "crash").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode(), "a failing identity extractor does not break the request");
            // The client has its response before the filter's record is written: wait for the third.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (trail.lookupEventsTree(null, Instant.EPOCH, Instant.now().plusSeconds(60), 50, null).get("Events").size() < 3
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            trail.deliverNow();
            for (Path file : trail.trailFiles()) {
                new ObjectMapper().readTree(TrailFiles.gunzip(file)).path("Records").forEach(records::add);
            }
        } finally {
            server.stop(0);
        }
        assertEquals(3, records.size());
        JsonNode get = records.get(0);
        assertEquals("GetOrders", get.get("eventName").asText());
        assertEquals("orders.shop.example", get.get("eventSource").asText());
        assertTrue(get.get("readOnly").asBoolean());
        assertEquals("ann", get.at("/userIdentity/userName").asText());
        assertEquals("127.0.0.1", get.get("sourceIPAddress").asText());
        assertEquals("shop-web/2", get.get("userAgent").asText());
        assertEquals("o-1", get.at("/requestParameters/id").asText());
        assertEquals(Redactor.REDACTED, get.at("/requestParameters/token").asText());
        JsonNode delete = records.get(1);
        assertEquals("DeleteOrders", delete.get("eventName").asText());
        assertFalse(delete.get("readOnly").asBoolean());
        assertEquals("mallory", delete.at("/userIdentity/userName").asText());
        assertEquals("198.51.100.9", delete.get("sourceIPAddress").asText());
        assertEquals("req-42", delete.get("requestID").asText());
        assertEquals("/orders/o-1", delete.at("/requestParameters/path").asText());
        assertEquals("arn:monitor:shop:::order/o-1", delete.at("/resources/0/ARN").asText());
        assertEquals("Shop::Order", delete.at("/resources/0/type").asText());
        assertFalse(get.has("resources"), "the list request named no resource");
        JsonNode notFound = records.get(2);
        assertEquals("NotFound", notFound.get("errorCode").asText());
        assertFalse(notFound.has("userIdentity"));
        assertTrue(Instant.parse(notFound.get("eventTime").asText()).isBefore(Instant.now().plusSeconds(1)));
    }
}
