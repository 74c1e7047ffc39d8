package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.trace.Segment;
import dev.monitor.core.Monitor;
import dev.monitor.core.config.ConfigException;
import dev.monitor.xray.XRayTracer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code traces: {sampling: {type: centralized, ...}}} in a monitor's configuration: the tracer's
 * decisions follow X-Ray's rules, fetched and reported by a poller on the monitor's I/O lane (never
 * on the application's thread), from a loopback X-Ray decoding what the SDK sends
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sampling.html).
 */
class MonitorCentralizedSamplingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private Fixture fixture;
    private Loopback xray;

    @BeforeEach
    void start() throws Exception {
        fixture = new Fixture();
        String rules = CentralizedSamplingTest.rules(CentralizedSamplingTest.rule("Default", 10000, 1, 0.0, "*", "*", "*", "*", "*"),
                CentralizedSamplingTest.rule("no-health", 1, 0, 0.0, "shop", "AWS::ECS::Container", "*", "GET", "/health"));
        xray = new Loopback((request, i) -> Loopback.Response.of(200, "application/json",
                request.path().equals("/GetSamplingRules") ? rules : "{\"SamplingTargetDocuments\":[]}"));
    }

    @AfterEach
    void stop() {
        xray.close();
        fixture.close();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 10 s for " + what);
            }
            Thread.sleep(20);
        }
    }

    private List<Loopback.Request> calls(String path) {
        return xray.requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Test
    void theTracerSamplesByXRaysRulesAndReportsItsStatistics() throws Exception {
        Path local = Files.writeString(dir.resolve("sample-all.json"), "{\"version\": 2, \"default\": {\"fixed_target\": 0, \"rate\": 1}}");
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                traces:
                  daemonAddress: "off"
                  samplingRules: %s
                  sampling:
                    type: centralized
                    region: us-east-1
                    endpoint: %s
                    serviceType: AWS::ECS::Container
                """.formatted(local, xray.endpoint()));
        try (Monitor monitor = Monitor.builder().config(config).dataDir(dir.resolve("data")).clock(fixture.clock)
                .tickEvery(Duration.ZERO).build()) {
            XRayTracer tracer = (XRayTracer) monitor.tracer();
            await(() -> !calls("/GetSamplingRules").isEmpty(), "GetSamplingRules");
            // Until the poll that fetched the rules ends, the local rules (sample all) decide; then no-health does.
            await(() -> {
                try (Segment probe = tracer.beginSegment("shop", null, "h", "GET", "/health")) {
                    return !probe.sampled();
                }
            }, "the service's rules to decide");
            fixture.clock.advance(Duration.ofSeconds(1));
            try (Segment health = tracer.beginSegment("shop", null, "shop.example.com", "GET", "/health");
                 Segment orders = tracer.beginSegment("shop", null, "shop.example.com", "POST", "/orders");
                 Segment more = tracer.beginSegment("shop", null, "shop.example.com", "POST", "/orders")) {
                assertFalse(health.sampled(), "no-health (rate 0, no reservoir) matches shop's GET /health on ECS");
                assertTrue(orders.sampled(), "Default borrows one a second");
                assertFalse(more.sampled(), "then Default's fixed rate, 0");
            }
            fixture.clock.advance(Duration.ofSeconds(10));
            await(() -> !calls("/SamplingTargets").isEmpty(), "GetSamplingTargets");
            JsonNode statistics = JSON.readTree(calls("/SamplingTargets").get(0).body()).get("SamplingStatisticsDocuments");
            assertEquals(2, statistics.size(), statistics.toString());
            for (JsonNode rule : statistics) {
                assertTrue(rule.get("ClientID").asText().matches("[0-9a-f]{24}"), rule.toString());
                if (rule.get("RuleName").asText().equals("no-health")) {
                    assertTrue(rule.get("RequestCount").asInt() >= 2, rule.toString());
                    assertEquals(0, rule.get("SampledCount").asInt());
                } else {
                    assertEquals("Default", rule.get("RuleName").asText());
                    assertEquals(2, rule.get("RequestCount").asInt(), rule.toString());
                    assertEquals(1, rule.get("BorrowCount").asInt(), rule.toString());
                    assertEquals(0, rule.get("SampledCount").asInt(), rule.toString());
                }
            }
            assertTrue(calls("/GetSamplingRules").get(0).header("Authorization").startsWith("AWS4-HMAC-SHA256 Credential="
                    + Fixture.ACCESS_KEY + "/"), "signed by the SDK with the chain's credentials");
        }
        int after = xray.requests.size();
        fixture.clock.advance(Duration.ofMinutes(10));
        Thread.sleep(1500);
        assertEquals(after, xray.requests.size(), "the poller stopped with the monitor");
    }

    @Test
    void badSamplingSettingsAreConfigurationProblems() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                traces:
                  sampling: {type: centralized, region: us-eats-1, endpoint: "ftp://x", colour: blue}
                """);
        String message = assertThrows(ConfigException.class, () -> Monitor.builder().config(config).dataDir(dir).build()).getMessage();
        assertTrue(message.contains("traces.sampling.region: 'us-eats-1' is not a region the AWS SDK knows; did you mean us-east-1?")
                || message.contains("traces.sampling.region: "), message);
        assertTrue(message.contains("traces.sampling.endpoint: 'ftp://x' is not an http:// or https:// URL"), message);
        assertTrue(message.contains("traces.sampling.colour: unknown setting"), message);
    }
}
