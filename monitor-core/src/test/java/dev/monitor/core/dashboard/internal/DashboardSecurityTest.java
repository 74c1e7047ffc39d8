package dev.monitor.core.dashboard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.dashboard.DashboardSettings;
import dev.monitor.core.internal.Scheduler;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard server against hostile or careless clients, over real sockets on loopback. */
class DashboardSecurityTest {
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> slowClients = new ArrayList<>();
    private MetricRegistry metrics;
    private HttpDashboardServer dashboard;
    private Scheduler scheduler;

    @BeforeEach
    void registry() {
        metrics = new MetricRegistry("Shop", clock, Resolution.STANDARD, 1000);
        metrics.counter("Orders").increment(3);
        metrics.collect(Resolution.STANDARD, clock.instant());
        scheduler = new Scheduler(metrics.forNamespace(MetricRegistry.SELF_NAMESPACE)); // its tick lane runs the watchdog
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : slowClients) {
            socket.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        scheduler.close();
    }

    private HttpDashboardServer start(Duration requestTimeout) {
        return start(DashboardSettings.builder().loopback(0).build(), requestTimeout);
    }

    /** A server with one page, {@code /api/metrics}, that answers a small JSON document to GET and an echo to POST. */
    private HttpDashboardServer start(DashboardSettings settings, Duration requestTimeout) {
        dashboard = HttpDashboardServer.start(settings, metrics, requestTimeout, scheduler.ticks());
        dashboard.serve("/api/metrics", exchange -> {
            byte[] body = ("{\"metrics\":[\"Orders\"],\"method\":\"" + exchange.getRequestMethod() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });
        return dashboard;
    }

    /** A client that sends half a request line and then nothing, keeping its connection open. */
    private Socket slowClient() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), dashboard.uri().getPort());
        socket.getOutputStream().write("GET /api/metr".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        slowClients.add(socket);
        return socket;
    }

    /** Whether the server closed the connection: end of stream, or a reset because the request was left unread. */
    private static boolean closed(Socket socket) {
        try {
            return socket.getInputStream().read() == -1;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    private HttpResponse<String> get(String path, Duration within) throws Exception {
        return http.send(HttpRequest.newBuilder(dashboard.uri().resolve(path)).timeout(within).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a raw request and returns the status line and headers. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), dashboard.uri().getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private String withHost(String host) throws IOException {
        return raw("GET /api/metrics HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n") + "Connection: close\r\n\r\n");
    }

    private static void waitFor(BooleanSupplier condition, Duration deadline, String what) throws InterruptedException {
        dev.monitor.core.Await.until(deadline, condition::getAsBoolean, () -> what);
    }

    @Test
    void aClientThatNeverFinishesItsRequestDoesNotHoldUpTheOthers() throws Exception {
        start(HttpDashboardServer.REQUEST_TIMEOUT);
        slowClient();
        long started = System.nanoTime();
        HttpResponse<String> answer = get("api/metrics", Duration.ofSeconds(5));
        assertEquals(200, answer.statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0,
                "answered while the slow client still holds its connection");
    }

    @Test
    void moreSlowClientsThanWorkersAreCutOffAtTheDeadline() throws Exception {
        start(Duration.ofMillis(500));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < HttpDashboardServer.WORKERS + 2; i++) {
            slow.add(slowClient());
        }
        HttpResponse<String> answer = get("api/metrics", Duration.ofSeconds(10));
        assertEquals(200, answer.statusCode(), "answered once the slow clients' time was up");
        for (Socket socket : slow) {
            socket.setSoTimeout(10_000);
            assertTrue(closed(socket), "the server closed a connection whose request never ended");
        }
        metrics.collect(Resolution.STANDARD, Instant.parse("2026-11-22T10:00:00Z"));
        double timedOut = metrics.recentDatapoints().stream()
                .filter(d -> d.metric().name().equals("DashboardRequestsTimedOut")).mapToDouble(Datapoint::sum).sum();
        assertTrue(timedOut >= HttpDashboardServer.WORKERS, "each cut-off request is counted: " + timedOut);
    }

    @Test
    void requestsBeyondTheQueueAreRefusedAndCountedWhileTheServerRecovers() throws Exception {
        start(Duration.ofSeconds(1));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < HttpDashboardServer.WORKERS + HttpDashboardServer.QUEUE_CAPACITY + 4; i++) {
            slow.add(slowClient());
        }
        // While the queue is full a request is refused (the connection is closed); one a moment later is
        // served: the deadline counts from the hand-over, so the queue empties within about one deadline.
        dev.monitor.core.Await.until(Duration.ofSeconds(5), () -> {
            try {
                return get("api/metrics", Duration.ofSeconds(5)).statusCode() == 200;
            } catch (IOException refused) {
                return false;
            }
        }, () -> "served within about one deadline of the flood");
        for (Socket socket : slow) {
            socket.setSoTimeout(10_000);
            assertTrue(closed(socket), "every slow connection is refused or cut off");
        }
        metrics.collect(Resolution.STANDARD, Instant.parse("2026-11-22T10:00:00Z"));
        double rejected = metrics.recentDatapoints().stream()
                .filter(d -> d.metric().name().equals("DashboardRequestsRejected")).mapToDouble(Datapoint::sum).sum();
        assertTrue(rejected >= 1, "requests beyond the queue are counted: " + rejected);
    }

    @Test
    void onlyRequestsForItsOwnAddressAreServed() throws Exception {
        start(HttpDashboardServer.REQUEST_TIMEOUT);
        int port = dashboard.uri().getPort();
        assertTrue(withHost("127.0.0.1:" + port).startsWith("HTTP/1.1 200"));
        assertTrue(withHost("localhost:" + port).startsWith("HTTP/1.1 200"));
        assertTrue(withHost("LOCALHOST:" + port).startsWith("HTTP/1.1 200"));
        // DNS rebinding: a page of another site, its name now resolving to 127.0.0.1, sends its own name.
        String rebound = withHost("attacker.example:" + port);
        assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        assertTrue(rebound.contains("Host 'attacker.example:" + port + "' is not this dashboard's address"), rebound);
        assertFalse(rebound.contains("Orders"), "no data leaks to the other site");
        assertTrue(withHost("127.0.0.1:" + (port == 65535 ? 1 : port + 1)).startsWith("HTTP/1.1 403"), "another port");
        assertTrue(withHost("localhost.attacker.example:" + port).startsWith("HTTP/1.1 403"));
        assertTrue(raw("GET /api/metrics HTTP/1.0\r\n\r\n").startsWith("HTTP/1.1 403"), "no Host at all");
    }

    @Test
    void everyAnswerForbidsSniffingFramingAndScriptsFromElsewhere() throws Exception {
        start(HttpDashboardServer.REQUEST_TIMEOUT);
        for (String path : List.of("", "api/metrics", "nothing-here", "api/metrics/deeper")) {
            HttpResponse<String> answer = get(path, Duration.ofSeconds(5));
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            assertEquals("DENY", answer.headers().firstValue("X-Frame-Options").orElse(""), path);
            String policy = answer.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'")
                    && policy.contains("frame-ancestors 'none'"), path + ": " + policy);
            assertFalse(policy.contains("unsafe"), policy);
        }
        assertEquals(200, get("api/metrics/deeper", Duration.ofSeconds(5)).statusCode(), "a route serves the paths below it");
        assertEquals(404, get("api/metricsX", Duration.ofSeconds(5)).statusCode(), "but not a longer name");
        HttpResponse<String> missing = get("", Duration.ofSeconds(5));
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("no page at /"), missing.body());
    }

    @Test
    void headIsAnsweredLikeGetWithoutABody() throws Exception {
        start(HttpDashboardServer.REQUEST_TIMEOUT);
        for (String path : List.of("api/metrics", "nothing-here")) {
            HttpResponse<String> get = get(path, Duration.ofSeconds(5));
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(dashboard.uri().resolve(path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(get.statusCode(), head.statusCode(), path);
            assertEquals("", head.body(), path);
            for (String header : List.of("Content-Type", "X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy")) {
                assertEquals(get.headers().firstValue(header), head.headers().firstValue(header), path + " " + header);
            }
        }
    }

    /** A page of another site can post a form to loopback, but cannot add a header without a preflight. */
    @Test
    void aRequestThatChangesSomethingMustCarryTheConsolesHeader() throws Exception {
        start(HttpDashboardServer.REQUEST_TIMEOUT);
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(dashboard.uri().resolve("api/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode());
        assertTrue(forged.body().contains("X-Monitor-Request"), forged.body());
        HttpResponse<String> own = http.send(HttpRequest.newBuilder(dashboard.uri().resolve("api/metrics"))
                .header(HttpDashboardServer.REQUEST_HEADER, "1").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, own.statusCode());
        assertTrue(own.body().contains("\"method\":\"POST\""), own.body());
    }

    @Test
    void aTokenIsAskedOfEveryRequestAndABrowserTradesItForACookieOnce() throws Exception {
        String token = "s3cret-token-0123456789";
        start(DashboardSettings.builder().loopback(0).token(token).build(), HttpDashboardServer.REQUEST_TIMEOUT);
        HttpResponse<String> none = get("api/metrics", Duration.ofSeconds(5));
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"monitor\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertFalse(none.body().contains("Orders"));
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(dashboard.uri().resolve("api/metrics"))
                .header("Authorization", "Bearer " + token.substring(1)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(dashboard.uri().resolve("api/metrics"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, bearer.statusCode());
        HttpResponse<String> first = get("api/metrics?token=" + token, Duration.ofSeconds(5));
        assertEquals(303, first.statusCode());
        assertEquals("/api/metrics", first.headers().firstValue("Location").orElse(""), "sent back without the token in the address");
        String cookie = first.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        HttpResponse<String> withCookie = http.send(HttpRequest.newBuilder(dashboard.uri().resolve("api/metrics"))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, withCookie.statusCode());
    }

    @Test
    void aServerBeyondLoopbackMustHaveAToken() {
        InetSocketAddress everywhere = new InetSocketAddress("0.0.0.0", 0);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> DashboardSettings.builder().address(everywhere).build());
        assertTrue(refused.getMessage().contains("0.0.0.0") && refused.getMessage().contains("token"), refused.getMessage());
        assertTrue(DashboardSettings.builder().address(everywhere).token("0123456789abcdef").build().enabled());
        IllegalArgumentException shortToken = assertThrows(IllegalArgumentException.class,
                () -> DashboardSettings.builder().token("short"));
        assertTrue(shortToken.getMessage().contains("16"), shortToken.getMessage());
        assertFalse(DashboardSettings.builder().loopback(0).token("0123456789abcdef").build().toString().contains("0123456789abcdef"),
                "the token is never printed");
    }

    @Test
    void itsThreadsCannotKeepTheJvmAliveAndEndWhenItCloses() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        assertFalse(Thread.currentThread().isDaemon(), "started from a non-daemon thread, as main is");
        start(HttpDashboardServer.REQUEST_TIMEOUT);
        assertEquals(200, get("api/metrics", Duration.ofSeconds(5)).statusCode());
        List<Thread> started = new ArrayList<>(Thread.getAllStackTraces().keySet());
        started.removeAll(before);
        started.removeIf(thread -> thread.getName().startsWith("HttpClient")); // the test's own client
        assertTrue(started.stream().anyMatch(thread -> thread.getName().equals("HTTP-Dispatcher")), started.toString());
        for (Thread thread : started) {
            assertTrue(thread.isDaemon(), thread.getName() + " is a daemon thread");
        }
        // The watchdog runs on the scheduler's tick lane, which its owner ends (here the test, else the monitor).
        started.removeIf(thread -> thread.getName().equals(Scheduler.THREAD));
        dashboard.close();
        waitFor(() -> started.stream().noneMatch(Thread::isAlive), Duration.ofSeconds(10),
                "every thread ended: " + started);
        dashboard = null;
    }

    @Test
    void addressesOfAServerOnEveryInterfaceAreAllowedButOtherNamesAreNot() {
        HostCheck check = HostCheck.of(new InetSocketAddress("0.0.0.0", 8080), new InetSocketAddress("0.0.0.0", 8080));
        assertTrue(check.allows("10.1.2.3:8080"));
        assertTrue(check.allows("[fe80::1]:8080"));
        assertTrue(check.allows("localhost:8080"));
        assertFalse(check.allows("attacker.example:8080"));
        assertFalse(check.allows("10.1.2.3:8081"));
        assertFalse(check.allows("10.1.2.3"), "no port means 80");
        HostCheck named = HostCheck.of(InetSocketAddress.createUnresolved("dash.internal", 80),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 80));
        assertTrue(named.allows("dash.internal"));
        assertTrue(named.allows("dash.internal:80"));
        assertTrue(named.allows("dash.internal."));
        assertFalse(named.allows("dash.internal.attacker.example"));
        assertFalse(named.allows("[::1"));
        assertFalse(named.allows("localhost:eighty"));
        assertFalse(named.allows(""));
    }
}
