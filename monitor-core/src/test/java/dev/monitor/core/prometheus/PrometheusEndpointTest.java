package dev.monitor.core.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.config.ConfigException;
import dev.monitor.testing.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint on a monitor's own server, configured by a file, over real loopback HTTP. */
class PrometheusEndpointTest {
    private static final String OPENMETRICS_ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"; // what Prometheus 2.42 sends
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private Monitor monitor(String prometheusSection) throws IOException {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "namespace: Shop\ndashboard:\n  enabled: true\n  port: 0\n" + prometheusSection);
        return QuietMonitor.quiet(Monitor.builder().config(config).dataDir(dir.resolve("data"))
                .clock(ManualClock.at("2026-01-01T00:00:00Z"))).build();
    }

    private HttpResponse<byte[]> get(Monitor monitor, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(monitor.dashboardUri().orElseThrow().resolve(path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static ManualClock clock(Monitor monitor) {
        return (ManualClock) monitor.clock();
    }

    @Test
    void scrapesGetCumulativeTotalsInTheFormatTheyAskFor() throws Exception {
        try (Monitor monitor = monitor("prometheus:\n  enabled: true\n")) {
            monitor.metrics().counter("Orders").increment(3);
            clock(monitor).advance(Duration.ofMinutes(1));
            monitor.flush(Duration.ofSeconds(5));
            monitor.metrics().counter("Orders").increment(2);
            clock(monitor).advance(Duration.ofMinutes(1));
            monitor.flush(Duration.ofSeconds(5));

            HttpResponse<byte[]> text = get(monitor, "/metrics");
            assertEquals(200, text.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", text.headers().firstValue("Content-Type").orElseThrow());
            String body = new String(text.body(), StandardCharsets.UTF_8);
            assertTrue(body.contains("# TYPE shop_orders_total counter\nshop_orders_total 5\n"), body);

            HttpResponse<byte[]> openMetrics = get(monitor, "/metrics", "Accept", OPENMETRICS_ACCEPT, "Accept-Encoding", "gzip");
            assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                    openMetrics.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("gzip", openMetrics.headers().firstValue("Content-Encoding").orElseThrow());
            String unzipped;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(openMetrics.body()))) {
                unzipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(unzipped.contains("# TYPE shop_orders counter\nshop_orders_total 5\n"), unzipped);
            assertTrue(unzipped.endsWith("# EOF\n"), unzipped);
        }
    }

    @Test
    void nativeHistogramsAreServedInProtobufToScrapersThatAskAndClassicBucketsToOthers() throws Exception {
        String nativeAccept = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,"
                + OPENMETRICS_ACCEPT.replace("version=1.0.0,", "version=1.0.0;q=0.8,"); // Prometheus 2.42 with native histograms on
        try (Monitor monitor = monitor("prometheus:\n  enabled: true\n  histograms: native\n  native-schema: 2\n")) {
            monitor.metrics().timer("OrderLatency").record(Duration.ofMillis(20));
            clock(monitor).advance(Duration.ofMinutes(1));
            monitor.flush(Duration.ofSeconds(5));

            HttpResponse<byte[]> protobuf = get(monitor, "/metrics", "Accept", nativeAccept);
            assertEquals(200, protobuf.statusCode());
            assertEquals("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
                    protobuf.headers().firstValue("Content-Type").orElseThrow());
            byte[] body = protobuf.body();
            int families = 0;
            int at = 0;
            while (at < body.length) { // varint-delimited messages that end exactly with the body
                int length = 0;
                for (int shift = 0; ; shift += 7) {
                    byte b = body[at++];
                    length |= (b & 0x7F) << shift;
                    if (b >= 0) {
                        break;
                    }
                }
                assertEquals(0x0A, body[at], "each MetricFamily starts with its name, field 1");
                at += length;
                families++;
            }
            assertEquals(body.length, at);
            assertTrue(families >= 1);
            assertTrue(new String(body, StandardCharsets.ISO_8859_1).contains("shop_order_latency_seconds"));

            String openMetrics = new String(get(monitor, "/metrics", "Accept", OPENMETRICS_ACCEPT).body(), StandardCharsets.UTF_8);
            assertTrue(openMetrics.contains("shop_order_latency_seconds_bucket{le=\"0.025\"} 1\n"), openMetrics);
        }
        try (Monitor monitor = monitor("prometheus:\n  enabled: true\n")) {
            assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                    get(monitor, "/metrics", "Accept", nativeAccept).headers().firstValue("Content-Type").orElseThrow(),
                    "classic histograms are served in the text formats, whatever the scraper prefers");
        }
    }

    @Test
    void theServersHostAndMethodChecksStillHold() throws Exception {
        try (Monitor monitor = monitor("prometheus:\n  enabled: true\n  path: /prom\n")) {
            URI uri = monitor.dashboardUri().orElseThrow();
            assertEquals(200, get(monitor, "/prom").statusCode());
            assertEquals(404, get(monitor, "/metrics").statusCode());
            assertEquals(404, get(monitor, "/prom/x").statusCode());
            assertEquals(405, http.send(HttpRequest.newBuilder(uri.resolve("/prom")).header("X-Monitor-Request", "1")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            // a page of another site that rebinds its DNS name to loopback names itself in Host
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write("GET /prom HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(response.startsWith("HTTP/1.1 403"), response);
            }
        }
    }

    @Test
    void theEndpointNeedsTheDashboardsServer() throws IOException {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "prometheus:\n  enabled: true\n  buckets: [1, 0.5]\n");
        ConfigException problem = assertThrows(ConfigException.class,
                () -> QuietMonitor.quiet(Monitor.builder().config(config).dataDir(dir.resolve("data"))).build());
        assertEquals(List.of("prometheus.buckets: bounds must be strictly ascending, but 0.5 follows 1.0",
                "prometheus.enabled: the endpoint is served on the dashboard's server, which is off; set dashboard.enabled: true "
                        + "(with its host and port) or turn prometheus off"), problem.problems());
    }
}
