package dev.monitor.core.events;

import static dev.monitor.core.events.EventsFixture.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.core.Monitor;
import dev.monitor.core.events.EventsFixture.MetricCapture;
import dev.monitor.core.files.DataLayout;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API destination targets over real loopback HTTP, with each kind of connection; the OAuth token
 * endpoint is served here too. EventBridge's rules for API destinations:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html (retried answers,
 * the 5-second timeout, the invocation rate limit, the authorization types).
 */
class WebhookTargetTest {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    record Request(String path, String method, Map<String, String> headers, String body) {
    }

    private HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Statuses the hook answers, one per request, then 200. */
    private final Map<String, ConcurrentLinkedQueue<Integer>> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            Request request = record(exchange);
            Integer status = statuses.getOrDefault(request.path(), new ConcurrentLinkedQueue<>()).poll();
            String bearer = request.headers().get("authorization");
            if (status == null && bearer != null && bearer.startsWith("Bearer ") && !bearer.equals("Bearer tok-" + tokensIssued.get())) {
                status = 401; // a token that is not the latest one issued has been revoked
            }
            answer(exchange, status == null ? 200 : status, "{}");
        });
        server.createContext("/token", exchange -> {
            Request request = record(exchange);
            String expected = "Basic " + Base64.getEncoder().encodeToString("client-1:s3cret".getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(request.headers().get("authorization")) || !request.body().equals("grant_type=client_credentials&scope=events")) {
                answer(exchange, 401, "{\"error\":\"invalid_client\"}");
                return;
            }
            answer(exchange, 200, "{\"access_token\":\"tok-" + tokensIssued.incrementAndGet() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Request record(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
        Request request = new Request(exchange.getRequestURI().getPath(), exchange.getRequestMethod(), headers,
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(request);
        return request;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private List<Request> to(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private Monitor.Builder monitor(MetricCapture metrics) {
        return quiet(dir, new ManualClock(T0), metrics).events(EventSettings.builder().retryBackoff(Duration.ofMillis(10))
                .connection(new Connection("basic", new Connection.Basic("ops", "pa:ss")))
                .connection(new Connection("key", new Connection.ApiKey("x-api-key", "k-123")))
                .connection(new Connection("oauth", new Connection.OAuthClientCredentials(uri("/token"), "client-1", "s3cret", "events")))
                .apiDestination(ApiDestination.post("basic", "basic", uri("/hook/basic")))
                .apiDestination(ApiDestination.post("key", "key", uri("/hook/key")))
                .apiDestination(ApiDestination.post("oauth", "oauth", uri("/hook/oauth")))
                .build());
    }

    @Test
    void eachKindOfConnectionAuthorizesTheRequest() throws Exception {
        try (Monitor monitor = monitor(new MetricCapture()).build()) {
            monitor.events().putRule(Rule.builder("alarms").eventPattern("{\"source\": [\"shop\"]}")
                    .target(Target.apiDestination("b", "basic"))
                    .target(Target.apiDestination("k", "key").withInputPath("$.detail"))
                    .target(Target.apiDestination("o", "oauth")).build());
            monitor.events().putEvents(PutEventsEntry.of("shop", "Alarm", "{\"n\": 1}"));
            assertTrue(monitor.flush(Duration.ofSeconds(15)));
            monitor.events().putEvents(PutEventsEntry.of("shop", "Alarm", "{\"n\": 2}"));
            assertTrue(monitor.flush(Duration.ofSeconds(15)));
        }
        Request basic = to("/hook/basic").get(0);
        assertEquals("POST", basic.method());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("ops:pa:ss".getBytes(StandardCharsets.UTF_8)), basic.headers().get("authorization"));
        assertEquals("application/json; charset=utf-8", basic.headers().get("content-type"));
        JsonNode event = EventsFixture.json(basic.body());
        assertEquals(1, event.get("detail").get("n").asInt(), "the body is the event");
        Request key = to("/hook/key").get(0);
        assertEquals("k-123", key.headers().get("x-api-key"));
        assertEquals("{\"n\":1}", key.body(), "the input path's part");
        assertEquals(List.of("Bearer tok-1", "Bearer tok-1"), to("/hook/oauth").stream().map(r -> r.headers().get("authorization")).toList());
        assertEquals(1, to("/token").size(), "the token is kept until it expires");
        assertEquals(2, to("/hook/basic").size());
    }

    @Test
    void aRevokedOAuthTokenIsFetchedAgainAndTheEventRetried() throws Exception {
        try (Monitor monitor = monitor(new MetricCapture()).build()) {
            monitor.events().putRule(Rule.builder("r").eventPattern("{\"source\": [\"shop\"]}").target(Target.apiDestination("o", "oauth")).build());
            monitor.events().putEvents(PutEventsEntry.of("shop", "Alarm", "{}"));
            assertTrue(monitor.flush(Duration.ofSeconds(15)));
            tokensIssued.incrementAndGet(); // the server revokes tok-1: the hook answers 401 to it
            monitor.events().putEvents(PutEventsEntry.of("shop", "Alarm", "{}"));
            assertTrue(monitor.flush(Duration.ofSeconds(15)));
        }
        List<String> used = to("/hook/oauth").stream().map(r -> r.headers().get("authorization")).toList();
        assertEquals(List.of("Bearer tok-1", "Bearer tok-1", "Bearer tok-3"), used, "401, then a new token and a retry");
    }

    @Test
    void serverErrorsAreRetriedAndClientErrorsGoStraightToTheDeadLetterFile() throws Exception {
        MetricCapture metrics = new MetricCapture();
        statuses.put("/hook/basic", new ConcurrentLinkedQueue<>(List.of(503, 429)));
        statuses.put("/hook/key", new ConcurrentLinkedQueue<>(List.of(400)));
        try (Monitor monitor = monitor(metrics).build()) {
            monitor.events().putRule(Rule.builder("flaky").eventPattern("{\"source\": [\"shop\"]}").target(Target.apiDestination("b", "basic")).build());
            monitor.events().putRule(Rule.builder("refused").eventPattern("{\"source\": [\"shop\"]}").target(Target.apiDestination("k", "key")).build());
            monitor.events().putEvents(PutEventsEntry.of("shop", "Alarm", "{}"));
            assertTrue(monitor.flush(Duration.ofSeconds(15)));
        }
        assertEquals(3, to("/hook/basic").size(), "503 and 429 are retried");
        assertEquals(1, to("/hook/key").size(), "400 is not");
        DataLayout layout = new DataLayout(dir);
        assertEquals(List.of(), EventsFixture.lines(layout.eventDeadLetterFile("default", "flaky")));
        List<JsonNode> dead = EventsFixture.lines(layout.eventDeadLetterFile("default", "refused"));
        assertEquals(1, dead.size());
        assertEquals("SDK_CLIENT_ERROR", dead.get(0).get("ERROR_CODE").asText(), "EventBridge's codes: rule-dlq.html");
        assertEquals("arn:aws:events:local:000000000000:api-destination/key", dead.get(0).get("TARGET_ARN").asText());
        assertTrue(dead.get(0).get("ERROR_MESSAGE").asText().startsWith("HTTP 400 from POST " + uri("/hook/key")), dead.get(0).toString());
        assertEquals(0, dead.get(0).get("RETRY_ATTEMPTS").asInt());
        assertEquals(1.0, metrics.sum("AWS/Events", "Invocations", "RuleName", "flaky"));
        assertEquals(0.0, metrics.sum("AWS/Events", "FailedInvocations", "RuleName", "flaky"));
        assertEquals(1.0, metrics.sum("AWS/Events", "FailedInvocations", "RuleName", "refused"));
        assertEquals(0.0, metrics.sum("AWS/Events", "DeadLetterInvocations", "RuleName", "refused"), "invoked: eb-monitoring.html");
        assertEquals(1.0, metrics.sum("AWS/Events", "InvocationsSentToDlq", "RuleName", "refused"));
    }

    /** An error answer's body is read only as far as the dead letter's message needs: a huge or endless one costs nothing. */
    @Test
    void anErrorAnswersEndlessBodyIsNotWaitedFor() throws Exception {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        server.createContext("/endless", exchange -> {
            record(exchange);
            exchange.sendResponseHeaders(500, 0); // chunked, and never ended
            byte[] chunk = "x".repeat(1000).getBytes(StandardCharsets.UTF_8);
            try {
                for (int i = 0; i < 1000 && done.getCount() > 0; i++) { // up to 1 MB, slowly
                    exchange.getResponseBody().write(chunk);
                    exchange.getResponseBody().flush();
                    done.await(20, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
                done.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (IOException | InterruptedException closedByTheClient) {
                // the client stopped reading: what this test wants
            } finally {
                exchange.close();
            }
        });
        Path deadLetters = new DataLayout(dir).eventDeadLetterFile("default", "alarm");
        try (Monitor monitor = quiet(dir, new ManualClock(T0), new MetricCapture()).events(EventSettings.builder()
                .connection(new Connection("key", new Connection.ApiKey("x-api-key", "k")))
                .apiDestination(new ApiDestination("endless", "key", uri("/endless"), "POST", 10)).build()).build()) {
            monitor.events().putRule(Rule.builder("alarm").eventPattern("{\"source\": [\"shop\"]}")
                    .target(Target.apiDestination("e", "endless").withRetryPolicy(RetryPolicy.of(0, 60))).build());
            monitor.events().putEvents(PutEventsEntry.of("shop", "Alarm", "{}"));
            dev.monitor.core.Await.until(Duration.ofSeconds(4), () -> !EventsFixture.lines(deadLetters).isEmpty(),
                    () -> "no dead letter: the body is still being read");
            JsonNode letter = EventsFixture.lines(deadLetters).get(0);
            assertEquals("HTTP 500 from POST " + uri("/endless") + ": " + "x".repeat(256) + "...", letter.get("ERROR_MESSAGE").asText());
        } finally {
            done.countDown();
        }
    }

    @Test
    void invocationsOverTheDestinationsRateWaitAndAreCountedAsThrottled() throws Exception {
        MetricCapture metrics = new MetricCapture();
        try (Monitor monitor = quiet(dir, new ManualClock(T0), metrics).events(EventSettings.builder()
                .connection(new Connection("key", new Connection.ApiKey("x-api-key", "k")))
                .apiDestination(new ApiDestination("slow", "key", uri("/hook/slow"), "PUT", 2)).build()).build()) {
            monitor.events().putRule(Rule.builder("burst").eventPattern("{\"source\": [\"shop\"]}").target(Target.apiDestination("s", "slow")).build());
            for (int i = 0; i < 4; i++) {
                monitor.events().putEvents(PutEventsEntry.of("shop", "Tick", "{\"i\": " + i + "}"));
            }
            assertTrue(monitor.flush(Duration.ofSeconds(20)));
        }
        assertEquals(4, to("/hook/slow").size(), "every event is delivered in the end");
        assertEquals("PUT", to("/hook/slow").get(0).method());
        assertTrue(metrics.sum("AWS/Events", "ThrottledRules", "RuleName", "burst") >= 2, "two a second: the rest waited");
        assertEquals(4.0, metrics.sum("AWS/Events", "Invocations", "RuleName", "burst"));
    }
}
