package dev.monitor.benchmarks;

import com.amazonaws.xray.strategy.sampling.CentralizedSamplingStrategy;
import com.amazonaws.xray.strategy.sampling.LocalizedSamplingStrategy;
import com.sun.net.httpserver.HttpServer;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.aws.AwsClientSettings;
import dev.monitor.aws.internal.AwsClients;
import dev.monitor.aws.internal.CentralizedSampling;
import dev.monitor.aws.internal.UsageMetrics;
import dev.monitor.xray.Sampler;
import dev.monitor.xray.SamplingRequest;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One sampling decision, the caller's cost, with the same five rules in each strategy (four of
 * them matched by host, method and path, then the default; the requests cycle through a health
 * check, a static file, an order and a page that only the default matches):
 * <ul>
 *   <li>Monitor's local rules ({@link Sampler}, the SDK's version-2 JSON) and its centralized
 *       sampling ({@link CentralizedSampling}, the rules fetched with {@code GetSamplingRules} from
 *       a loopback X-Ray, its poller running);</li>
 *   <li>the X-Ray SDK for Java's {@code LocalizedSamplingStrategy} (the same JSON file) and
 *       {@code CentralizedSamplingStrategy} (the same rules, from the same loopback endpoint as its
 *       daemon address, its pollers running).</li>
 * </ul>
 * Without targets every centralized rule borrows one a second, then applies its fixed rate, in
 * both. The requests are made once in setup: what is measured is the decision, not building the
 * request (Monitor's tracer makes one small record per decision on top).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SamplingBenchmark {
    static final String LOCAL_RULES = """
            {"version": 2, "rules": [
              {"description": "health", "host": "*", "http_method": "GET", "url_path": "/health", "fixed_target": 0, "rate": 0},
              {"description": "static", "host": "*", "http_method": "*", "url_path": "/static/*", "fixed_target": 1, "rate": 0.01},
              {"description": "admin", "host": "*", "http_method": "*", "url_path": "/admin/*", "fixed_target": 1, "rate": 1},
              {"description": "orders", "host": "*", "http_method": "POST", "url_path": "/orders*", "fixed_target": 5, "rate": 0.1}],
             "default": {"fixed_target": 1, "rate": 0.05}}
            """;

    static String rule(String name, int priority, int reservoir, double rate, String method, String path) {
        return "{\"SamplingRule\":{\"RuleName\":\"" + name + "\",\"RuleARN\":\"arn:aws:xray:us-east-1:123456789012:sampling-rule/"
                + name + "\",\"ResourceARN\":\"*\",\"Priority\":" + priority + ",\"FixedRate\":" + rate + ",\"ReservoirSize\":"
                + reservoir + ",\"ServiceName\":\"*\",\"ServiceType\":\"*\",\"Host\":\"*\",\"HTTPMethod\":\"" + method
                + "\",\"URLPath\":\"" + path + "\",\"Version\":1,\"Attributes\":{}},\"CreatedAt\":1.7E9,\"ModifiedAt\":1.7E9}";
    }

    static final String CENTRAL_RULES = "{\"SamplingRuleRecords\":[" + String.join(",",
            rule("Default", 10000, 1, 0.05, "*", "*"), rule("health", 1, 0, 0.0, "GET", "/health"),
            rule("static", 2, 1, 0.01, "*", "/static/*"), rule("admin", 3, 1, 1.0, "*", "/admin/*"),
            rule("orders", 4, 5, 0.1, "POST", "/orders*")) + "]}";

    /** The strategies, shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Strategies {
        HttpServer xray;
        Sampler local;
        CentralizedSampling centralized;
        ScheduledExecutorService lane;
        LocalizedSamplingStrategy sdkLocal;
        CentralizedSamplingStrategy sdkCentralized;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            xray = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            xray.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    byte[] body = (exchange.getRequestURI().getPath().equals("/GetSamplingRules") ? CENTRAL_RULES
                            : "{\"SamplingTargetDocuments\":[],\"UnprocessedStatistics\":[]}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            xray.start();
            int port = xray.getAddress().getPort();
            System.setProperty("aws.accessKeyId", "AKIDBENCHMARK0000001");
            System.setProperty("aws.secretAccessKey", "benchmark/secret/for/a/loopback/endpoint");
            local = Sampler.fromJson(LOCAL_RULES, Clock.systemUTC());
            AwsClients clients = AwsClients.open("sampling-benchmark",
                    AwsClientSettings.defaults().withRegion("us-east-1").withEndpoint(URI.create("http://127.0.0.1:" + port)),
                    new UsageMetrics(Metrics.noop()));
            lane = Executors.newSingleThreadScheduledExecutor();
            centralized = new CentralizedSampling(clients.build(software.amazon.awssdk.services.xray.XRayClient.builder()),
                    Clock.systemUTC(), local).start(lane, clients);
            await(() -> centralized.sample(ADMIN), "Monitor's centralized rules");

            Path rules = Files.writeString(Files.createTempFile("sampling-rules", ".json"), LOCAL_RULES);
            sdkLocal = new LocalizedSamplingStrategy(rules.toUri().toURL());
            System.setProperty("com.amazonaws.xray.emitters.daemonAddress", "tcp:127.0.0.1:" + port + " udp:127.0.0.1:" + port);
            sdkCentralized = new CentralizedSamplingStrategy(rules.toUri().toURL());
            await(() -> sdkCentralized.shouldTrace(SDK_ADMIN).isSampled(), "the X-Ray SDK's centralized rules");
        }

        /** Waits until 50 decisions in a row sample an admin request: only the centralized admin rule (rate 1) does. */
        private static void await(BooleanSupplier admin, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int inARow = 0;
            while (inARow < 50) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(what + " did not arrive in 20 s");
                }
                inARow = admin.getAsBoolean() ? inARow + 1 : 0;
                if (inARow == 0) {
                    Thread.sleep(50);
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            centralized.close();
            lane.shutdownNow();
            sdkCentralized.shutdown();
            xray.stop(0);
        }
    }

    static final SamplingRequest ADMIN = SamplingRequest.of("shop", "shop.example.com", "GET", "/admin/users");
    static final com.amazonaws.xray.strategy.sampling.SamplingRequest SDK_ADMIN = sdk("GET", "/admin/users");
    static final SamplingRequest[] REQUESTS = {
        SamplingRequest.of("shop", "shop.example.com", "GET", "/health"),
        SamplingRequest.of("shop", "shop.example.com", "GET", "/static/app.js"),
        SamplingRequest.of("shop", "shop.example.com", "POST", "/orders/17"),
        SamplingRequest.of("shop", "shop.example.com", "GET", "/cart")};
    static final com.amazonaws.xray.strategy.sampling.SamplingRequest[] SDK_REQUESTS = {
        sdk("GET", "/health"), sdk("GET", "/static/app.js"), sdk("POST", "/orders/17"), sdk("GET", "/cart")};

    static com.amazonaws.xray.strategy.sampling.SamplingRequest sdk(String method, String path) {
        return new com.amazonaws.xray.strategy.sampling.SamplingRequest("arn:aws:iam::123456789012:role/shop", null, "shop",
                "shop.example.com", method, path, null, Map.of());
    }

    /** Which request of the cycle a thread decides next. */
    @State(Scope.Thread)
    public static class Cycle {
        int next;

        int next() {
            int i = next;
            next = (i + 1) & 3;
            return i;
        }
    }

    @Benchmark
    public boolean monitorLocal(Strategies s, Cycle c) {
        return s.local.sample(REQUESTS[c.next()]);
    }

    @Benchmark
    public boolean monitorCentralized(Strategies s, Cycle c) {
        return s.centralized.sample(REQUESTS[c.next()]);
    }

    @Benchmark
    public boolean xraySdkLocalized(Strategies s, Cycle c) {
        return s.sdkLocal.shouldTrace(SDK_REQUESTS[c.next()]).isSampled();
    }

    @Benchmark
    public boolean xraySdkCentralized(Strategies s, Cycle c) {
        return s.sdkCentralized.shouldTrace(SDK_REQUESTS[c.next()]).isSampled();
    }
}
