package dev.monitor.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpServer;
import dev.monitor.api.logs.Logger;
import dev.monitor.api.metrics.Counter;
import dev.monitor.core.Monitor;
import dev.monitor.core.config.ConfigException;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.BuiltinMetrics;
import dev.monitor.testing.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor with this module on the classpath, as a user wires it: {@code type: cloudwatch} and
 * {@code type: cloudwatch-logs} found by ServiceLoader, pointed at a loopback endpoint with fake
 * credentials (system properties; never real ones).
 */
class MonitorOnAwsTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private HttpServer server;
    /** Each request's operation and decoded body, as one entry: requests arrive on several threads. */
    private final List<Map.Entry<String, JsonNode>> requests = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    @BeforeEach
    void start() throws Exception {
        setCredentials(true);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                hold.await();
                byte[] body = exchange.getRequestBody().readAllBytes();
                if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                        body = in.readAllBytes();
                    }
                }
                String path = exchange.getRequestURI().getPath();
                boolean cbor = path.startsWith("/service/");
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                requests.add(Map.entry(cbor ? path.substring(path.lastIndexOf('/') + 1) : target.substring(target.indexOf('.') + 1),
                        cbor ? CBOR.readTree(body) : JSON.readTree(body)));
                byte[] reply = cbor ? CBOR.writeValueAsBytes(Map.of()) : "{}".getBytes();
                exchange.getResponseHeaders().add("Content-Type", cbor ? "application/cbor" : "application/x-amz-json-1.1");
                if (cbor) {
                    exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
                }
                exchange.sendResponseHeaders(200, reply.length);
                exchange.getResponseBody().write(reply);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterEach
    void stop() {
        hold.countDown();
        server.stop(0);
        setCredentials(true);
    }

    static void setCredentials(boolean present) {
        System.setProperty("aws.sharedCredentialsFile", Path.of("target", "no-such-credentials").toAbsolutePath().toString());
        System.setProperty("aws.configFile", Path.of("target", "no-such-config").toAbsolutePath().toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        if (present) {
            System.setProperty("aws.accessKeyId", "AKIDMONITORTEST00001");
            System.setProperty("aws.secretAccessKey", "fake/secret/for/loopback/tests/only00000");
        } else {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    private Map<String, Object> aws(String... more) {
        Map<String, Object> settings = new HashMap<>(Map.of("region", "us-east-1", "endpoint", "http://127.0.0.1:" + server.getAddress().getPort(),
                "retryBaseDelay", "1ms", "retryMaxBackoff", "10ms", "socketTimeout", "2s", "callTimeout", "3s"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    private Monitor.Builder monitor(ManualClock clock) {
        Monitor.Builder builder = Monitor.builder().namespace("Shop").dataDir(dir).clock(clock).tickEvery(Duration.ZERO);
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        return builder;
    }

    private List<String> operations() {
        return requests.stream().map(Map.Entry::getKey).toList();
    }

    private boolean sentMetric(String name) {
        for (Map.Entry<String, JsonNode> request : requests) {
            if (request.getKey().equals("PutMetricData")) {
                for (JsonNode d : request.getValue().get("MetricData")) {
                    if (d.get("MetricName").asText().equals(name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean sentLog(String text) {
        for (Map.Entry<String, JsonNode> request : requests) {
            if (request.getKey().equals("PutLogEvents")) {
                for (JsonNode e : request.getValue().get("logEvents")) {
                    if (e.get("message").asText().contains(text)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void metricsAndLogsReachTheServicesTheyImitate() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (Monitor monitor = monitor(clock).exporterOfType("cloudwatch", aws()).exporterOfType("cloudwatch-logs", aws()).build()) {
            monitor.metrics().counter("OrdersPlaced").increment();
            monitor.logs().logger("shop.Checkout").info("order placed");
            clock.advance(Duration.ofMinutes(1));
            assertTrue(monitor.flush(Duration.ofSeconds(20)));
            assertTrue(sentMetric("OrdersPlaced"), operations().toString());
            assertTrue(sentLog("order placed"), operations().toString());
        }
        assertTrue(operations().containsAll(List.of("PutMetricData", "PutLogEvents")));
    }

    /** The sum of Monitor's recent {@code name} datapoints in {@code namespace} that have dimension {@code name=value}. */
    private static double recent(Monitor monitor, String namespace, String name, String dimension, String value) {
        double sum = 0;
        for (dev.monitor.core.metrics.RecentMetric metric : monitor.recentMetrics()) {
            if (metric.metric().namespace().equals(namespace) && metric.metric().name().equals(name)
                    && metric.metric().dimensions().contains(new dev.monitor.api.metrics.Dimension(dimension, value))) {
                for (dev.monitor.core.metrics.Datapoint d : metric.datapoints()) {
                    sum += d.sum();
                }
            }
        }
        return sum;
    }

    private long requests(String operation) {
        return requests.stream().filter(r -> r.getKey().equals(operation)).count();
    }

    @Test
    void whatTheExporterSendsIsBilledAndItsMonthlyBudgetStopsIt() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (StderrCapture stderr = new StderrCapture();
             Monitor monitor = monitor(clock).exporterOfType("cloudwatch", aws())
                     .billing(dev.monitor.core.export.BillingSettings.builder().monthlyBudget("cloudwatch", 0.0001).build()).build()) {
            Counter orders = monitor.metrics().counter("OrdersPlaced");
            orders.increment();
            clock.advance(Duration.ofMinutes(1));
            assertTrue(monitor.flush(Duration.ofSeconds(20)));
            assertTrue(sentMetric("OrdersPlaced"), operations().toString());
            long sent = requests("PutMetricData");
            // one request and a custom metric-hour each (USD 0.30 a metric-month / 744 hours) are over USD 0.0001
            for (int minute = 0; minute < 2; minute++) {
                orders.increment(); // the hot path does not notice
                clock.advance(Duration.ofMinutes(1));
                assertTrue(monitor.flush(Duration.ofSeconds(20)));
            }
            assertEquals(sent, requests("PutMetricData"), "over its budget the exporter sends nothing more");
            assertTrue(recent(monitor, "Monitor", "Dropped", "Reason", "MonthlyBudget") >= 1, monitor.recentMetrics().toString());
            assertTrue(recent(monitor, "Monitor/Billing", "EstimatedCharges", "ServiceName", "AmazonCloudWatch") > 0.0001);
            assertTrue(stderr.text().contains("reached its monthly budget"), stderr.text());
        }
    }

    @Test
    void withoutCredentialsTheApplicationRunsOnAndTheWarningSaysWhatToSet() throws Exception {
        setCredentials(false);
        ManualClock clock = new ManualClock(T0);
        try (StderrCapture stderr = new StderrCapture();
             Monitor monitor = monitor(clock).exporterOfType("cloudwatch", aws()).build()) {
            monitor.metrics().counter("OrdersPlaced").increment();
            clock.advance(Duration.ofMinutes(1));
            monitor.flush(Duration.ofSeconds(20));
            assertTrue(requests.isEmpty());
            assertTrue(stderr.text().contains("no AWS credentials for 'cloudwatch': set the environment variables AWS_ACCESS_KEY_ID"),
                    stderr.text());
        }
    }

    @Test
    void withoutARegionTheConfigurationSaysWhereToSetOne() {
        String region = System.clearProperty("aws.region");
        try {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> monitor(new ManualClock(T0)).exporterOfType("cloudwatch", Map.of()).build());
            assertTrue(e.getMessage().contains("no AWS region for 'cloudwatch': set region: in its configuration, or the AWS_REGION "
                    + "environment variable"), e.getMessage());
        } finally {
            if (region != null) {
                System.setProperty("aws.region", region);
            }
        }
    }

    @Test
    void aRegionTypoIsAConfigurationProblem() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> monitor(new ManualClock(T0)).exporterOfType("cloudwatch-logs", Map.of("region", "eu-wset-1")).build());
        assertTrue(e.getMessage().contains("'eu-wset-1' is not a region the AWS SDK knows; did you mean eu-west-1?"), e.getMessage());
    }

    @Test
    void recordingAndLoggingReturnWhileTheServiceHangs() throws Exception {
        ManualClock clock = new ManualClock(T0);
        hold = new CountDownLatch(1); // every request waits until released: the services hang
        try (StderrCapture stderr = new StderrCapture();
             Monitor monitor = monitor(clock).exporterOfType("cloudwatch", aws()).exporterOfType("cloudwatch-logs", aws()).build()) {
            Counter orders = monitor.metrics().counter("OrdersPlaced");
            Logger log = monitor.logs().logger("shop.Checkout");
            for (int minute = 0; minute < 3; minute++) {
                for (int i = 0; i < 10_000; i++) {
                    orders.increment();
                }
                for (int i = 0; i < 100; i++) {
                    log.info("order {}", i);
                }
                clock.advance(Duration.ofMinutes(1));
                monitor.flush(Duration.ofMillis(100)); // hands the periods over; the exporters are stuck
            }
            assertEquals(1, hold.getCount(), "all of it was recorded while the services still hung");
            assertFalse(sentMetric("OrdersPlaced"));
            hold.countDown();
            clock.advance(Duration.ofMinutes(2)); // past the exporters' pause after the timeouts
            assertTrue(monitor.flush(Duration.ofSeconds(30)));
            assertTrue(sentMetric("OrdersPlaced") && sentLog("order 99"), operations().toString());
            assertFalse(stderr.text().contains("\tat "), "an outage is told in a line, without a stack trace: " + stderr.text());
        }
    }
}
