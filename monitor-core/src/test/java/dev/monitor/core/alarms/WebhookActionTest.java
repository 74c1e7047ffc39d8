package dev.monitor.core.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.QuietMonitor;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.Monitor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookActionTest {
    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");

    /** The threads a webhook's client runs on: its executor's and the JDK client's (selector, default workers). */
    private static Set<Thread> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("monitor-webhook-")
                        || t.getName().startsWith("HttpClient-"))
                .collect(Collectors.toSet());
    }

    @Test
    void closingTheMonitorEndsEveryThreadOfItsWebhooks() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LinkedBlockingQueue<String> alarms = new LinkedBlockingQueue<>();
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            alarms.add(exchange.getRequestHeaders().getFirst("x-monitor-alarm"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        Set<Thread> before = clientThreads();
        try {
            Monitor.Builder builder = QuietMonitor.builder(dir, clock);
            Monitor monitor = builder.build();
            try (monitor) {
                URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
                monitor.alarms().registerAction("hook", AlarmActions.webhook(uri));
                monitor.alarms().putMetricAlarm(MetricAlarm.builder("Errors")
                        .metric("Shop", "Errors").statistic("Sum").period(10).threshold(1)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                        .onState(AlarmState.ALARM, "hook").build());
                monitor.metrics().counterBuilder("Errors").resolution(Resolution.HIGH).register().increment();
                for (int i = 0; i < 10; i++) {
                    clock.advance(Duration.ofSeconds(1));
                    monitor.flush(Duration.ofSeconds(10));
                }
                assertEquals("Errors", alarms.poll(10, TimeUnit.SECONDS), "the webhook was called");
                assertTrue(monitor.alarms().awaitActions(Duration.ofSeconds(5)));
                Set<Thread> started = clientThreads();
                started.removeAll(before);
                assertTrue(!started.isEmpty(), "the webhook's client runs threads while the monitor is open");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Set<Thread> left;
            while (true) {
                left = clientThreads();
                left.removeAll(before);
                if (left.isEmpty() || System.nanoTime() > deadline) {
                    break;
                }
                System.gc(); // on JDK 17 the client's selector thread ends once the client is collected
                TimeUnit.MILLISECONDS.sleep(50);
            }
            assertEquals(Set.of(), left, "no webhook client thread remains after close, though the closed monitor is still referenced");
            java.lang.ref.Reference.reachabilityFence(monitor);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aClosedWebhookRefusesToSend() {
        WebhookAction action = (WebhookAction) AlarmActions.webhook(URI.create("http://127.0.0.1:9/hook"));
        action.close();
        action.close(); // idempotent
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> action.run(null));
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
