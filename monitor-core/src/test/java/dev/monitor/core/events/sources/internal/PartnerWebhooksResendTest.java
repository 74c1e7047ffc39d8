package dev.monitor.core.events.sources.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.events.sources.PartnerSource;
import dev.monitor.testing.ManualClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The 503 a full bus queue answers says "send it again": the identical resend must then be taken, not refused as a replay. */
class PartnerWebhooksResendTest {
    private static final String SECRET = "whsec-0123456789abcdef";

    @Test
    void aWebhookAnswered503IsTakenWhenSentAgainAndOnlyThenRefusedAsReplayed() throws Exception {
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        AtomicBoolean full = new AtomicBoolean(true);
        List<String> put = new CopyOnWriteArrayList<>();
        PartnerWebhooks handler = new PartnerWebhooks(List.of(PartnerSource.of("example.com", "orders", SECRET)), bus -> { },
                (bus, eventJson) -> !full.get() && put.add(eventJson), clock, "123456789012", "us-east-1", Metrics.noop());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PartnerSource.PATH, handler);
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String body = "{\"orderId\": \"o-1\"}";
            long t = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                            + "/events/partner/example.com/orders"))
                    .header(PartnerSource.SIGNATURE_HEADER, "t=" + t + ",v1=" + PartnerWebhooks.sign(SECRET, t, body.getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();

            HttpResponse<String> throttled = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, throttled.statusCode(), throttled.body());
            assertTrue(throttled.body().contains("send it again"), throttled.body());

            full.set(false);
            HttpResponse<String> resent = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, resent.statusCode(), "the resend the 503 asked for: " + resent.body());
            assertEquals(1, put.size());

            HttpResponse<String> replayed = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(401, replayed.statusCode(), replayed.body());
            assertTrue(replayed.body().contains("already accepted"), replayed.body());
            assertEquals(1, put.size());
        } finally {
            server.stop(0);
        }
    }
}
