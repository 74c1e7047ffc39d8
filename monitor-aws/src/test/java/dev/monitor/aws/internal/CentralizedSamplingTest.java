package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.xray.SamplingRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.xray.XRayClient;

/**
 * Centralized sampling against a loopback X-Ray answering {@code POST /GetSamplingRules} and
 * {@code POST /SamplingTargets} in REST-JSON, checked against the X-Ray SDKs' documented behaviour
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html: reservoir quota
 * with a TTL, one request a second borrowed without a valid quota, rules every 5 minutes and
 * targets every 10 s; https://docs.aws.amazon.com/xray/latest/api/API_GetSamplingTargets.html).
 */
class CentralizedSamplingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Fixture fixture;
    private Loopback xray;
    private AwsClients clients;
    private CentralizedSampling sampling;
    private final AtomicReference<String> rulesBody = new AtomicReference<>();
    private final AtomicReference<String> targetsBody = new AtomicReference<>("{\"SamplingTargetDocuments\":[]}");
    private final AtomicBoolean down = new AtomicBoolean();
    private double random = 0.99;
    private boolean localDecision;

    @BeforeEach
    void start() throws Exception {
        fixture = new Fixture();
        rulesBody.set(rules(rule("Default", 10000, 1, 0.05, "*", "*", "*", "*", "*")));
        xray = new Loopback((request, i) -> {
            if (down.get()) {
                return new Loopback.Response(503, java.util.Map.of("x-amzn-ErrorType", "ServiceUnavailableException"), "{}".getBytes());
            }
            return Loopback.Response.of(200, "application/json",
                    request.path().equals("/GetSamplingRules") ? rulesBody.get() : targetsBody.get());
        });
        clients = AwsClients.open(fixture.settings().withEndpoint(xray.endpoint()), fixture.context("xray-sampling"));
        sampling = new CentralizedSampling(clients.build(XRayClient.builder()), fixture.clock, request -> localDecision,
                () -> random, "AWS::EC2::Instance", null);
    }

    @AfterEach
    void stop() {
        clients.close();
        xray.close();
        fixture.close();
    }

    static String rule(String name, int priority, int reservoir, double rate, String service, String type, String host,
                       String method, String path) {
        return "{\"SamplingRule\":{\"RuleName\":\"" + name + "\",\"RuleARN\":\"arn:aws:xray:us-east-1:123456789012:sampling-rule/"
                + name + "\",\"ResourceARN\":\"*\",\"Priority\":" + priority + ",\"FixedRate\":" + rate + ",\"ReservoirSize\":"
                + reservoir + ",\"ServiceName\":\"" + service + "\",\"ServiceType\":\"" + type + "\",\"Host\":\"" + host
                + "\",\"HTTPMethod\":\"" + method + "\",\"URLPath\":\"" + path + "\",\"Version\":1,\"Attributes\":{}},"
                + "\"CreatedAt\":1.7E9,\"ModifiedAt\":1.7E9}";
    }

    static String rules(String... rules) {
        return "{\"SamplingRuleRecords\":[" + String.join(",", rules) + "]}";
    }

    private static SamplingRequest request(String service, String path) {
        return SamplingRequest.of(service, "shop.example.com", "GET", path);
    }

    private List<Loopback.Request> calls(String path) {
        return xray.requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Test
    void beforeTheFirstRulesTheLocalRulesDecide() {
        localDecision = true;
        assertTrue(sampling.sample(request("shop", "/")));
        localDecision = false;
        assertFalse(sampling.sample(request("shop", "/")));
        assertEquals(0, xray.requests.size(), "a decision never calls the service");
    }

    @Test
    void rulesAreTriedByPriorityThenNameWithDefaultLastAndOtherFormatVersionsSkipped() {
        rulesBody.set(rules(rule("Default", 10000, 1, 0.05, "*", "*", "*", "*", "*"),
                rule("orders-b", 10, 0, 1.0, "shop", "*", "*", "*", "/orders*"),
                rule("orders-a", 10, 0, 0.0, "shop", "*", "*", "*", "/orders*"),
                rule("health", 1, 0, 0.0, "*", "*", "*", "GET", "/health"),
                rule("version-2", 0, 0, 1.0, "*", "*", "*", "*", "*").replace("\"Version\":1", "\"Version\":2")));
        sampling.poll();
        assertEquals(List.of("health", "orders-a", "orders-b", "Default"), sampling.ruleNames());
        assertFalse(sampling.sample(request("shop", "/orders/1")), "orders-a (rate 0, no reservoir) decides, not orders-b");
        assertFalse(sampling.sample(request("billing", "/health")));
        assertTrue(sampling.sample(request("billing", "/cart")), "Default borrows one a second");
    }

    @Test
    void withoutAQuotaOneRequestASecondIsBorrowedThenTheFixedRate() {
        sampling.poll();
        assertTrue(sampling.sample(request("shop", "/")), "borrowed");
        assertFalse(sampling.sample(request("shop", "/")), "0.99 is not below 5%");
        random = 0.01;
        assertTrue(sampling.sample(request("shop", "/")), "0.01 is below 5%");
        random = 0.99;
        fixture.clock.advance(Duration.ofSeconds(1));
        assertTrue(sampling.sample(request("shop", "/")), "a new second, a new borrow");
    }

    @Test
    void statisticsAreReportedEveryTenSecondsAndTheQuotaHoldsUntilItsTtl() throws Exception {
        sampling.poll();
        sampling.sample(request("shop", "/")); // borrowed
        sampling.sample(request("shop", "/")); // not sampled
        long ttl = fixture.clock.instant().plusSeconds(60).getEpochSecond();
        targetsBody.set("{\"SamplingTargetDocuments\":[{\"RuleName\":\"Default\",\"FixedRate\":0.1,\"ReservoirQuota\":3,"
                + "\"ReservoirQuotaTTL\":" + ttl + ",\"Interval\":10}],\"UnprocessedStatistics\":[]}");
        fixture.clock.advance(Duration.ofSeconds(9));
        sampling.poll();
        assertEquals(0, calls("/SamplingTargets").size(), "not before ten seconds");
        fixture.clock.advance(Duration.ofSeconds(1));
        sampling.poll();
        assertEquals(1, calls("/SamplingTargets").size(), "ten seconds after the first poll");
        JsonNode statistics = JSON.readTree(calls("/SamplingTargets").get(0).body()).get("SamplingStatisticsDocuments").get(0);
        assertEquals("Default", statistics.get("RuleName").asText());
        assertTrue(statistics.get("ClientID").asText().matches("[0-9a-f]{24}"), statistics.toString());
        assertEquals(2, statistics.get("RequestCount").asInt());
        assertEquals(0, statistics.get("SampledCount").asInt());
        assertEquals(1, statistics.get("BorrowCount").asInt());

        for (int i = 0; i < 3; i++) {
            assertTrue(sampling.sample(request("shop", "/")), "the quota's " + (i + 1) + "th of the second");
        }
        assertFalse(sampling.sample(request("shop", "/")), "past the quota, the target's fixed rate (0.99 is not below 10%)");
        random = 0.05;
        assertTrue(sampling.sample(request("shop", "/")), "0.05 is below the target's 10%");
        random = 0.99;

        fixture.clock.advance(Duration.ofSeconds(5));
        sampling.poll();
        assertEquals(1, calls("/SamplingTargets").size(), "not before the interval");
        fixture.clock.advance(Duration.ofSeconds(5));
        sampling.poll();
        assertEquals(2, calls("/SamplingTargets").size(), "ten seconds later");
        assertEquals(5, JSON.readTree(calls("/SamplingTargets").get(1).body()).get("SamplingStatisticsDocuments").get(0)
                .get("RequestCount").asInt());

        fixture.clock.set(Instant.ofEpochSecond(ttl).plusMillis(1));
        assertTrue(sampling.sample(request("shop", "/")), "the quota expired: borrowed");
        assertFalse(sampling.sample(request("shop", "/")), "one borrow a second only");
    }

    @Test
    void rulesAreFetchedEveryFiveMinutesAndAtOnceWhenTheTargetsSayTheyChanged() {
        sampling.poll();
        fixture.clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        sampling.poll();
        assertEquals(1, calls("/GetSamplingRules").size());
        fixture.clock.advance(Duration.ofSeconds(1));
        sampling.poll();
        assertEquals(2, calls("/GetSamplingRules").size());

        sampling.sample(request("shop", "/"));
        fixture.clock.advance(Duration.ofSeconds(10));
        targetsBody.set("{\"SamplingTargetDocuments\":[],\"LastRuleModification\":" + fixture.clock.instant().getEpochSecond() + "}");
        rulesBody.set(rules(rule("Default", 10000, 1, 0.05, "*", "*", "*", "*", "*"),
                rule("checkout", 5, 1, 1.0, "*", "*", "*", "POST", "/checkout")));
        sampling.poll();
        assertEquals(3, calls("/GetSamplingRules").size());
        assertEquals(List.of("checkout", "Default"), sampling.ruleNames());
    }

    @Test
    void whenXRayIsUnreachableTheRulesHeldServeForAnHourThenTheLocalRules() {
        sampling.poll();
        down.set(true);
        try (StderrCapture stderr = new StderrCapture()) {
            for (int minute = 5; minute <= 60; minute += 5) {
                fixture.clock.advance(Duration.ofMinutes(5));
                sampling.poll();
            }
            String log = stderr.text();
            assertEquals(1, log.split("cannot be reached", -1).length - 1, "one warning: " + log);
            assertTrue(sampling.sample(request("shop", "/")), "an hour after the last fetch the rules still serve: borrowed");
            localDecision = false;
            fixture.clock.advance(Duration.ofSeconds(2));
            assertFalse(sampling.sample(request("shop", "/")), "past the hour the local rules decide");
            localDecision = true;
            assertTrue(sampling.sample(request("shop", "/")));
        }
    }

    @Test
    void serviceTypeResourceArnAndAttributesAreMatchedWithWildcards() {
        rulesBody.set(rules(rule("Default", 10000, 0, 0.0, "*", "*", "*", "*", "*"),
                rule("on-ec2", 1, 0, 1.0, "*", "AWS::EC2::*", "*", "*", "/ec2*"),
                rule("on-ecs", 2, 0, 1.0, "*", "*", "*", "*", "/ecs*").replace("\"ResourceARN\":\"*\"",
                        "\"ResourceARN\":\"arn:aws:ecs:*:service/shop\""),
                rule("gold", 3, 0, 1.0, "*", "*", "*", "*", "/gold*").replace("\"Attributes\":{}",
                        "\"Attributes\":{\"tier\":\"gold*\"}")));
        sampling.poll();
        assertTrue(sampling.sample(request("shop", "/ec2")), "the service's type (AWS::EC2::Instance) given at start matches");
        assertFalse(sampling.sample(request("shop", "/ecs")), "no resource ARN is the empty text, which only * matches");
        assertTrue(sampling.sample(new SamplingRequest("shop", "h", "GET", "/ecs", null,
                "arn:aws:ecs:us-east-1:123456789012:service/shop", null)));
        assertFalse(sampling.sample(request("shop", "/gold")), "a rule naming an attribute the request lacks does not match");
        assertFalse(sampling.sample(new SamplingRequest("shop", "h", "GET", "/gold", null, null, java.util.Map.of("tier", "silver"))));
        assertTrue(sampling.sample(new SamplingRequest("shop", "h", "GET", "/gold", null, null,
                java.util.Map.of("tier", "Gold-Plus", "region", "eu"))), "attribute values match with wildcards, in any case");
    }

    @Test
    void theIntervalATargetGivesReplacesTheTenSeconds() throws Exception {
        sampling.poll();
        sampling.sample(request("shop", "/"));
        targetsBody.set("{\"SamplingTargetDocuments\":[{\"RuleName\":\"Default\",\"FixedRate\":0.05,\"Interval\":30}]}");
        fixture.clock.advance(Duration.ofSeconds(10));
        sampling.poll();
        assertEquals(1, calls("/SamplingTargets").size());
        sampling.sample(request("shop", "/"));
        fixture.clock.advance(Duration.ofSeconds(20));
        sampling.poll();
        assertEquals(1, calls("/SamplingTargets").size(), "20 s is within the rule's 30 s interval");
        fixture.clock.advance(Duration.ofSeconds(10));
        sampling.poll();
        assertEquals(2, calls("/SamplingTargets").size(), "30 s after the last target");
        JsonNode sent = JSON.readTree(calls("/SamplingTargets").get(1).body());
        assertEquals(fixture.clock.instant().getEpochSecond(), sent.at("/SamplingStatisticsDocuments/0/Timestamp").asLong(),
                "the statistics carry the time they were reported");
        assertEquals(sampling.clientId(), sent.at("/SamplingStatisticsDocuments/0/ClientID").asText());
    }

    @Test
    void aRuleThatSawNoRequestsIsNotReported() {
        rulesBody.set(rules(rule("Default", 10000, 1, 0.05, "*", "*", "*", "*", "*"),
                rule("checkout", 5, 1, 1.0, "*", "*", "*", "POST", "/checkout")));
        sampling.poll();
        sampling.sample(new SamplingRequest("shop", "h", "POST", "/checkout", null, null, null));
        fixture.clock.advance(Duration.ofSeconds(10));
        sampling.poll();
        List<Loopback.Request> targets = calls("/SamplingTargets");
        assertEquals(1, targets.size());
        assertTrue(targets.get(0).text().contains("\"RuleName\":\"checkout\"") && !targets.get(0).text().contains("Default"),
                targets.get(0).text());
    }
}
