package dev.monitor.core.events.sources;

import static dev.monitor.core.events.sources.SourcesFixture.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.core.Await;
import dev.monitor.core.Monitor;
import dev.monitor.core.config.ConfigException;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.Target;
import dev.monitor.core.events.sources.internal.PartnerWebhooks;
import dev.monitor.testing.ManualClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partner webhooks over real loopback HTTP: signed ones reach the partner bus once, every other is refused. */
class PartnerWebhookTest {
    private static final String SECRET = "whsec-0123456789abcdef";
    private static final String BUS = "aws.partner/example.com/orders";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");

    private Monitor monitor(SourcesFixture.Events received) {
        Monitor monitor = quiet(dir, clock).dashboard(new InetSocketAddress("127.0.0.1", 0))
                .eventSources(SourceSettings.defaults().withPartnerSource(PartnerSource.of("example.com", "orders", SECRET))).build();
        monitor.events().putRule(Rule.builder("webhooks").eventBus(BUS).eventPattern("{\"source\": [\"" + BUS + "\"]}")
                .target(Target.handler("h", received)).build());
        return monitor;
    }

    private HttpResponse<String> post(Monitor monitor, String path, String signature, String detailType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(monitor.dashboardUri().orElseThrow().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header(PartnerSource.SIGNATURE_HEADER, signature);
        }
        if (detailType != null) {
            request.header(PartnerSource.DETAIL_TYPE_HEADER, detailType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String signed(long t, String body) {
        return "t=" + t + ",v1=" + PartnerWebhooks.sign(SECRET, t, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSignedWebhookReachesThePartnerBusOnceAndItsReplayIsRefused() throws Exception {
        SourcesFixture.Events received = new SourcesFixture.Events();
        try (Monitor monitor = monitor(received)) {
            String body = "{\"orderId\": \"o-1\", \"status\": \"paid\"}";
            long now = clock.instant().getEpochSecond();
            HttpResponse<String> accepted = post(monitor, "/events/partner/example.com/orders", signed(now, body), "Order Paid", body);
            assertEquals(200, accepted.statusCode(), accepted.body());
            String id = SourcesFixture.JSON.readTree(accepted.body()).get("EventId").asText();
            HttpResponse<String> replayed = post(monitor, "/events/partner/example.com/orders", signed(now, body), "Order Paid", body);
            assertEquals(401, replayed.statusCode());
            assertTrue(replayed.body().contains("already accepted"), replayed.body());
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            Await.until(Duration.ofSeconds(10), () -> received.events.size() == 1, () -> "received " + received.events);
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(1, received.events.size(), "the replay never reached the bus");
            JsonNode event = received.events.get(0);
            assertEquals(id, event.get("id").asText());
            assertEquals(BUS, event.get("source").asText());
            assertEquals("Order Paid", event.get("detail-type").asText());
            assertEquals("o-1", event.at("/detail/orderId").asText());
            assertEquals("2026-12-02T10:00:00Z", event.get("time").asText());
            assertTrue(monitor.events().eventBuses().contains(BUS), monitor.events().eventBuses().toString());
        }
    }

    @Test
    void unsignedBadlySignedAndStaleWebhooksAreRefusedWith401() throws Exception {
        SourcesFixture.Events received = new SourcesFixture.Events();
        try (Monitor monitor = monitor(received)) {
            String body = "{\"orderId\": \"o-2\"}";
            long now = clock.instant().getEpochSecond();
            String path = "/events/partner/example.com/orders";
            assertEquals(401, post(monitor, path, null, null, body).statusCode(), "unsigned");
            assertEquals(401, post(monitor, path, "t=" + now + ",v1=" + "0".repeat(64), null, body).statusCode(), "a wrong signature");
            assertEquals(401, post(monitor, path, signed(now, body), null, "{\"orderId\": \"o-3\"}").statusCode(), "another body");
            assertEquals(401, post(monitor, path, "v1=abc", null, body).statusCode(), "no time");
            assertEquals(401, post(monitor, path, signed(now - 301, body), null, body).statusCode(), "signed over five minutes ago");
            assertEquals(401, post(monitor, path, signed(now + 301, body), null, body).statusCode(), "signed in the future");
            assertEquals(401, post(monitor, path, "t=" + now + ",v1=" + PartnerWebhooks.sign("another-secret-0123", now,
                    body.getBytes(StandardCharsets.UTF_8)), null, body).statusCode(), "another secret");
            assertEquals(404, post(monitor, "/events/partner/example.com/other", signed(now, body), null, body).statusCode());
            String notJson = "orderId=o-4";
            assertEquals(400, post(monitor, path, signed(now, notJson), null, notJson).statusCode(), "a body that is no JSON object");
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(monitor.dashboardUri().orElseThrow().resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, get.statusCode());
            String late = "{\"orderId\": \"o-5\"}";
            assertEquals(200, post(monitor, path, signed(now - 299, late), null, late).statusCode(), "within the tolerance");
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            Await.until(Duration.ofSeconds(10), () -> received.events.size() == 1, () -> "received " + received.events);
            assertEquals(List.of("o-5"), received.field("/detail/orderId"), "only the signed, fresh one");
            assertEquals(PartnerSource.DEFAULT_DETAIL_TYPE, received.events.get(0).get("detail-type").asText());
        }
    }

    @Test
    void partnerSourcesAreReadFromTheEventsSectionAndNeedTheServer() throws Exception {
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                dataDir: %s
                events:
                  partnerSources:
                    - {partner: example.com, source: orders, secret: short}
                    - {partner: example.com, source: refunds, secret: %s, tolerance: 1m}
                """.formatted(dir.resolve("data"), SECRET));
        ConfigException failure = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> Monitor.builder().config(config).tickEvery(Duration.ZERO).build());
        assertTrue(failure.getMessage().contains("events.partnerSources[0].secret: partner source example.com/orders: the secret must have "
                + "16 characters or more"), failure.getMessage());
        Path valid = Files.writeString(dir.resolve("valid.yaml"), """
                dataDir: %s
                events:
                  partnerSources:
                    - {partner: example.com, source: refunds, secret: %s, tolerance: 1m}
                """.formatted(dir.resolve("data"), SECRET));
        failure = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> Monitor.builder().config(valid).tickEvery(Duration.ZERO).build());
        assertTrue(failure.getMessage().contains("events.partnerSources: webhooks are taken on the dashboard's server"), failure.getMessage());
    }
}
