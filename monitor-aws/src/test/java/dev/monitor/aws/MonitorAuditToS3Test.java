package dev.monitor.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.monitor.core.Monitor;
import dev.monitor.core.metrics.BuiltinMetrics;
import dev.monitor.testing.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code type: s3} found by ServiceLoader and wired into a monitor's audit trail as a user configures
 * it: an audited call reaches the loopback S3 as a CloudTrail log file, and the digest follows with
 * its signature in the object metadata.
 */
class MonitorAuditToS3Test {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;
    private HttpServer server;
    /** Each PUT: the path, the signature metadata, the gunzipped object. */
    private final List<String[]> puts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        MonitorOnAwsTest.setCredentials(true);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if ("PUT".equals(exchange.getRequestMethod())) {
                    String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
                    if (sha != null && sha.startsWith("STREAMING-")) {
                        body = unchunk(body);
                    }
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                        puts.add(new String[] {exchange.getRequestURI().getPath(),
                                String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-meta-signature")),
                                new String(in.readAllBytes(), StandardCharsets.UTF_8)});
                    }
                }
                exchange.getResponseHeaders().add("ETag", "\"0\"");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static byte[] unchunk(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int end = at;
            while (in[end] != '\r') {
                end++;
            }
            String header = new String(in, at, end - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";")[0].trim(), 16);
            at = end + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(in, at, size);
            at += size + 2;
        }
    }

    @Test
    void anAuditedCallReachesS3AsACloudTrailLogFileAndItsDigest() {
        Map<String, Object> s3 = new HashMap<>(Map.of("region", "eu-west-1", "endpoint", "http://127.0.0.1:" + server.getAddress().getPort(),
                "bucket", "shop-trail", "account", "123456789012", "forcePathStyle", true, "retryBaseDelay", "1ms",
                "retryMaxBackoff", "10ms", "callTimeout", "5s"));
        Monitor.Builder builder = Monitor.builder().namespace("Shop").dataDir(dir).clock(new ManualClock(T0)).tickEvery(Duration.ZERO);
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        try (Monitor monitor = builder.exporterOfType("s3", s3).build()) {
            monitor.audit().call("PlaceOrder").source("orders.shop").run(() -> { });
            monitor.audit().digestNow();
        }
        List<String[]> logs = puts.stream().filter(p -> p[0].contains("/CloudTrail/")).toList();
        assertEquals(1, logs.size(), puts.stream().map(p -> p[0]).toList().toString());
        assertTrue(logs.get(0)[0].startsWith("/shop-trail/AWSLogs/123456789012/CloudTrail/eu-west-1/2026/12/02/"), logs.get(0)[0]);
        assertTrue(logs.get(0)[2].contains("\"eventName\":\"PlaceOrder\""), logs.get(0)[2]);
        List<String[]> digests = puts.stream().filter(p -> p[0].contains("/CloudTrail-Digest/")).toList();
        assertTrue(!digests.isEmpty(), puts.stream().map(p -> p[0]).toList().toString());
        assertTrue(digests.get(0)[1].matches("[0-9a-f]{512}"), "a 2048-bit RSA signature in hex: " + digests.get(0)[1]);
        assertTrue(digests.get(0)[2].contains(logs.get(0)[0].substring("/shop-trail/".length())), digests.get(0)[2]);
    }
}
