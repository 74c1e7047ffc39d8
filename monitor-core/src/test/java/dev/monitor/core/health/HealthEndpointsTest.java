package dev.monitor.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.health.HealthResult;
import dev.monitor.api.health.Status;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.testing.ManualClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoints over real HTTP on loopback, in MicroProfile Health's wire format
 * (https://download.eclipse.org/microprofile/microprofile-health-4.0/microprofile-health-spec-4.0.html:
 * {"status":"UP|DOWN","checks":[{"name","status","data"}]}, 200 for UP, 503 for DOWN).
 */
class HealthEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private final ManualClock clock = ManualClock.at("2026-12-03T10:00:00Z");
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(Monitor monitor, String path) throws Exception {
        URI uri = monitor.dashboardUri().orElseThrow().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachGroupAnswersItsChecksWith200WhenUpAnd503Otherwise() throws Exception {
        AtomicReference<HealthResult> db = new AtomicReference<>(HealthResult.up().withDetail("pool", 3));
        try (Monitor monitor = QuietMonitor.builder(dir, clock).health(HealthChecksTest.noBuiltins())
                .dashboard(new InetSocketAddress("127.0.0.1", 0)).build()) {
            monitor.health().register("alive", CheckOptions.defaults().withGroups(CheckOptions.LIVENESS), HealthResult::up);
            monitor.health().register("db", CheckOptions.defaults().withGroups(CheckOptions.READINESS, "storage"), db::get);
            monitor.health().register("migrated", CheckOptions.defaults().withGroups(CheckOptions.STARTUP), HealthResult::up);
            HealthChecksTest.engine(monitor).tick();
            HealthChecksTest.awaitStatus(monitor, "db", Status.UP);
            HealthChecksTest.awaitStatus(monitor, "alive", Status.UP);
            HealthChecksTest.awaitStatus(monitor, "migrated", Status.UP);

            HttpResponse<String> all = get(monitor, "/health");
            assertEquals(200, all.statusCode());
            assertTrue(all.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode body = JSON.readTree(all.body());
            assertEquals("UP", body.path("status").asText());
            assertEquals(3, body.path("checks").size());
            JsonNode dbCheck = body.path("checks").get(1);
            assertEquals("db", dbCheck.path("name").asText());
            assertEquals("UP", dbCheck.path("status").asText());
            assertEquals(3, dbCheck.path("data").path("pool").asInt());

            JsonNode live = JSON.readTree(get(monitor, "/health/live").body());
            assertEquals("alive", live.path("checks").get(0).path("name").asText());
            assertEquals(1, live.path("checks").size());
            assertEquals("migrated", JSON.readTree(get(monitor, "/health/started").body()).path("checks").get(0).path("name").asText());
            assertEquals("db", JSON.readTree(get(monitor, "/health/group/storage").body()).path("checks").get(0).path("name").asText());

            db.set(HealthResult.degraded("pool 95% in use"));
            clock.advance(Duration.ofSeconds(10));
            HealthChecksTest.engine(monitor).tick();
            HealthChecksTest.awaitStatus(monitor, "db", Status.DEGRADED);
            HttpResponse<String> ready = get(monitor, "/health/ready");
            assertEquals(503, ready.statusCode(), "DEGRADED is not UP: MicroProfile says DOWN");
            JsonNode readyBody = JSON.readTree(ready.body());
            assertEquals("DOWN", readyBody.path("status").asText());
            assertEquals("DEGRADED", readyBody.path("checks").get(0).path("data").path("monitorStatus").asText());
            assertEquals("pool 95% in use", readyBody.path("checks").get(0).path("data").path("reason").asText());
            assertEquals(200, get(monitor, "/health/live").statusCode(), "liveness does not include the database");
            assertEquals(503, get(monitor, "/health").statusCode());
            assertEquals(404, get(monitor, "/health/nothing").statusCode());
        }
    }

    @Test
    void theEndpointsKeepTheServersHostCheck() throws Exception {
        try (Monitor monitor = QuietMonitor.builder(dir, clock).health(HealthChecksTest.noBuiltins())
                .dashboard(new InetSocketAddress("127.0.0.1", 0)).build()) {
            URI uri = monitor.dashboardUri().orElseThrow();
            try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
                socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
            }
            assertEquals(200, get(monitor, "/health").statusCode(), "no checks: UP");
        }
    }
}
