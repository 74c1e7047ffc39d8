package dev.monitor.console.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.console.ApiRequest;
import dev.monitor.console.ConsoleBrowser;
import dev.monitor.core.Monitor;
import dev.monitor.core.events.RetryPolicy;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.Target;
import dev.monitor.core.events.archive.Archive;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.metrics.BuiltinMetrics;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Events page over real HTTP and in a real browser: a bus's rules with the metrics EventBridge
 * publishes for them (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html),
 * the schema discovered from a put event, an archive, and the dead letter of a failing target with
 * EventBridge's attributes (https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html).
 */
class EventsPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A value that would be markup if the page did not escape it. */
    static final String HOSTILE = "<img src=x onerror=\"document.body.dataset.pwned=1\"><script>document.body.dataset.pwned=2</script>";
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = new ManualClock(T0);
    private final List<String> shipped = new CopyOnWriteArrayList<>();
    private Monitor monitor;
    private URI base;

    @TempDir
    Path dir;

    @BeforeEach
    void startWithRulesAnEventAndADeadLetter() throws IOException {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "namespace: Shop\ndashboard: {enabled: true, port: 0}\n");
        Monitor.Builder builder = Monitor.builder().config(config).clock(clock).dataDir(dir).tickEvery(Duration.ZERO);
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        monitor = builder.build();
        base = monitor.dashboardUri().orElseThrow();
        monitor.events().putRule(Rule.builder("shipping").description("Ships what was placed")
                .eventPattern("{\"detail-type\": [\"Order Placed\"]}").target(Target.handler("ship", shipped::add)).build());
        monitor.events().putRule(Rule.builder("billing").eventPattern("{\"source\": [\"shop\"]}")
                .target(Target.handler("bill", input -> {
                    throw new IllegalStateException("billing is down: " + HOSTILE);
                }).withRetryPolicy(RetryPolicy.of(0, 3600))).build());
        monitor.events().putRule(Rule.builder("nightly").schedule("cron(0 2 * * ? *)")
                .target(Target.logGroup("log", "/events/nightly")).build());
        monitor.events().createEventBus("audit");
        monitor.events().putRule(Rule.builder("sign-ins").eventBus("audit").eventPattern("{\"source\": [\"shop.auth\"]}")
                .target(Target.metric("count", "Shop", "SignIns")).build());
        monitor.eventArchives().createArchive(Archive.of("orders", "default"));
        String detail = JSON.writeValueAsString(Map.of("orderId", "o-1", "note", HOSTILE));
        monitor.events().putEvents(PutEventsEntry.of("shop", "Order Placed", detail));
        assertTrue(monitor.events().flush(Duration.ofSeconds(10)));
        assertTrue(monitor.eventArchives().flush(Duration.ofSeconds(10)));
        clock.advance(Duration.ofMinutes(1)); // the rule metrics' minute ends
        assertTrue(monitor.flush(Duration.ofSeconds(10)));
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(response.body());
    }

    @Test
    void listsTheBusesWithTheirRulesAndArchives() throws Exception {
        JsonNode buses = json("api/events/buses").get("buses");
        assertEquals(2, buses.size(), buses.toString());
        assertEquals("default", buses.get(0).get("name").asText(), "default first");
        assertEquals(3, buses.get(0).get("rules").asInt());
        assertEquals(1, buses.get(0).get("archives").asInt());
        assertEquals("audit", buses.get(1).get("name").asText());
        assertEquals(1, buses.get(1).get("rules").asInt());
    }

    @Test
    void listsEachRuleWithItsTargetsAndItsMetricsOverTheRange() throws Exception {
        JsonNode answer = json("api/events/rules?bus=default");
        assertEquals(180, answer.get("period").asInt(), "three hours in at most 60 values");
        JsonNode shipping = answer.get("rules").get(0);
        assertEquals("shipping", shipping.get("name").asText());
        assertEquals("Ships what was placed", shipping.get("description").asText());
        assertEquals("ENABLED", shipping.get("state").asText());
        assertEquals("{\"detail-type\": [\"Order Placed\"]}", shipping.get("eventPattern").asText());
        assertEquals("HANDLER", shipping.get("targets").get(0).get("kind").asText());
        assertEquals(1.0, shipping.get("metrics").get("MatchedEvents").get("total").asDouble());
        assertEquals(1.0, shipping.get("metrics").get("Invocations").get("total").asDouble());
        assertEquals(1, shipping.get("metrics").get("Invocations").get("points").size());
        JsonNode billing = answer.get("rules").get(1);
        assertEquals(1.0, billing.get("metrics").get("FailedInvocations").get("total").asDouble(), billing.toString());
        assertEquals(1.0, billing.get("metrics").get("InvocationsSentToDlq").get("total").asDouble());
        assertEquals(0, billing.get("targets").get(0).get("maximumRetryAttempts").asInt());
        assertEquals(EventsPage.RULE_METRICS, new ArrayList<>(JSON.convertValue(billing.get("metrics"), Map.class).keySet()));

        JsonNode before = json("api/events/rules?bus=default&start=2026-12-02T08:00:00Z&end=2026-12-02T09:00:00Z");
        assertEquals(0.0, before.get("rules").get(0).get("metrics").get("MatchedEvents").get("total").asDouble(), "nothing before the put");

        JsonNode nightly = answer.get("rules").get(2);
        assertEquals("cron(0 2 * * ? *)", nightly.get("schedule").asText());
        assertTrue(nightly.get("eventPattern").isNull());
        assertEquals("/events/nightly", nightly.get("targets").get(0).get("destination").asText());
        JsonNode signIns = json("api/events/rules?bus=audit").get("rules").get(0);
        assertEquals("sign-ins", signIns.get("name").asText());
        assertEquals("Shop/SignIns", signIns.get("targets").get(0).get("destination").asText());

        HttpResponse<String> missing = get("api/events/rules?bus=" + URLEncoder.encode("<nope>", StandardCharsets.UTF_8));
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("'<nope>'") && missing.body().contains("default"), missing.body());
        assertEquals(400, get("api/events/rules?start=yesterday").statusCode());
    }

    @Test
    void theRulesPeriodIsAMinuteOrMoreForAtMostSixtyValues() {
        assertEquals(60, EventsPage.period(new ApiRequest.TimeRange(T0, T0.plusSeconds(600))));
        assertEquals(60, EventsPage.period(new ApiRequest.TimeRange(T0, T0.plusSeconds(3600))));
        assertEquals(120, EventsPage.period(new ApiRequest.TimeRange(T0, T0.plusSeconds(3601))));
        assertEquals(86_400, EventsPage.period(new ApiRequest.TimeRange(T0, T0.plus(Duration.ofDays(365)))));
        assertEquals(List.of("3", "4", "5"), EventsPage.versions("5", 3));
        assertEquals(List.of("1"), EventsPage.versions("1", 1));
    }

    @Test
    void listsTheArchivesAndTheDiscoveredSchemaWithItsContent() throws Exception {
        JsonNode archives = json("api/events/archives");
        assertEquals("orders", archives.get("archives").get(0).get("name").asText());
        assertEquals("default", archives.get("archives").get(0).get("bus").asText());
        JsonNode schemas = json("api/events/schemas");
        assertEquals("discovered-schemas", schemas.get("registry").asText());
        JsonNode schema = schemas.get("schemas").get(0);
        assertEquals("shop@OrderPlaced", schema.get("schemaName").asText(), schemas.toString());
        assertEquals(1, schema.get("versionCount").asInt());
        JsonNode described = json("api/events/schema/" + URLEncoder.encode("shop@OrderPlaced", StandardCharsets.UTF_8));
        assertEquals("1", described.get("schema").get("schemaVersion").asText());
        assertEquals(List.of("1"), JSON.convertValue(described.get("versions"), List.class));
        JsonNode content = JSON.readTree(described.get("schema").get("content").asText());
        assertEquals("3.0.0", content.get("openapi").asText(), "OpenAPI 3, as DescribeSchema answers");
        assertTrue(described.get("schema").get("content").asText().contains("orderId"));
        HttpResponse<String> missing = get("api/events/schema/shop@Nothing");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("shop@Nothing"), missing.body());
        assertEquals(404, get("api/events/schema/shop@OrderPlaced?version=9").statusCode());
    }

    @Test
    void listsTheDeadLetterWithWhatFailedWhyAndWhen() throws Exception {
        JsonNode answer = json("api/events/dead-letters");
        assertEquals(1, answer.get("total").asInt(), answer.toString());
        JsonNode letter = answer.get("deadLetters").get(0);
        assertEquals("2026-12-02T10:00:00Z", letter.get("time").asText());
        assertEquals("default", letter.get("bus").asText());
        assertEquals("billing", letter.get("rule").asText());
        assertEquals("arn:aws:events:local:000000000000:rule/billing", letter.get("ruleArn").asText());
        assertEquals("ERROR_FROM_TARGET", letter.get("errorCode").asText());
        assertEquals("java.lang.IllegalStateException: billing is down: " + HOSTILE, letter.get("errorMessage").asText());
        assertEquals("MaximumRetryAttemptsExhausted", letter.get("exhaustedRetryCondition").asText());
        assertEquals(0, letter.get("retryAttempts").asInt());
        assertEquals("Order Placed", letter.get("detailType").asText());
        assertEquals(HOSTILE, JSON.readTree(letter.get("event").asText()).get("detail").get("note").asText());
        assertEquals(0, json("api/events/dead-letters?rule=shipping").get("total").asInt());
        assertEquals(0, json("api/events/dead-letters?start=2026-12-02T11:00:00Z&end=2026-12-02T12:00:00Z").get("total").asInt());

        Path file = new DataLayout(dir).eventDeadLetterFile("default", "billing");
        Files.writeString(file, "not json\n", StandardOpenOption.APPEND);
        JsonNode damaged = json("api/events/dead-letters");
        assertEquals(1, damaged.get("total").asInt(), "the good line is still answered");
        assertTrue(damaged.get("problems").get(0).asText().contains("billing.jsonl:2"), damaged.toString());
    }

    @Test
    void answersTheNewestDeadLettersAtMostAndCountsThemAll() throws Exception {
        Path file = new DataLayout(dir).eventDeadLetterFile("default", "shipping");
        Files.createDirectories(file.getParent());
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < DeadLetterFiles.LIMIT + 100; i++) { // a second apart, before the billing letter of 10:00:00
            lines.append("{\"event\":{\"id\":\"e-").append(i).append("\",\"source\":\"shop\",\"detail-type\":\"Order Placed\"},")
                    .append("\"RULE_ARN\":\"arn:aws:events:local:000000000000:rule/shipping\",\"ERROR_CODE\":\"TIMEOUT\",")
                    .append("\"RETRY_ATTEMPTS\":3,\"time\":\"").append(T0.minusSeconds(1000 - i)).append("\"}\n");
        }
        Files.writeString(file, lines);
        JsonNode answer = json("api/events/dead-letters");
        assertEquals(DeadLetterFiles.LIMIT + 101, answer.get("total").asInt());
        JsonNode letters = answer.get("deadLetters");
        assertEquals(DeadLetterFiles.LIMIT, letters.size());
        assertEquals("billing", letters.get(0).get("rule").asText(), "newest first");
        assertEquals("e-599", letters.get(1).get("eventId").asText());
        assertEquals("e-101", letters.get(DeadLetterFiles.LIMIT - 1).get("eventId").asText(), "the oldest are left out");
        assertEquals("TIMEOUT", letters.get(1).get("errorCode").asText());
        assertEquals(600, json("api/events/dead-letters?rule=shipping").get("total").asInt());
        assertEquals(1, json("api/events/dead-letters?bus=default&rule=billing").get("total").asInt());
        assertEquals(0, json("api/events/dead-letters?bus=audit").get("total").asInt());
    }

    @Test
    void aBrowserShowsTheRuleWithItsMetricTheDeadLetterAndTheSchema() throws Exception {
        HttpResponse<String> script = get("static/pages/events.js");
        assertEquals(200, script.statusCode());
        assertFalse(script.body().contains("innerHTML"), "values reach the page as text, never as markup");
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.go("#/events");
            WebElement shipping = browser.find("tr[data-rule='shipping']");
            assertTrue(shipping.getText().contains("Order Placed") && shipping.getText().contains("ENABLED"), shipping.getText());
            assertEquals("1", browser.find("tr[data-rule='shipping'] td[data-metric='Invocations']").getText());
            assertEquals("1", browser.find("tr[data-rule='billing'] td[data-metric='FailedInvocations']").getText());
            WebElement letter = browser.find("#events-dead-letters tbody tr");
            assertTrue(letter.getText().contains("ERROR_FROM_TARGET") && letter.getText().contains("billing is down: " + HOSTILE),
                    "the error message shows as text: " + letter.getText());
            letter.click();
            WebElement event = browser.find("#events-dead-letter-event");
            assertTrue(event.getText().contains("\"orderId\" : \"o-1\""), event.getText());
            browser.find("tr[data-schema='shop@OrderPlaced']").click();
            WebElement content = browser.find("#events-schema-content");
            browser.await(d -> content.getText().contains("orderId"));
            browser.find("button[data-bus='audit']").click();
            browser.await(d -> !d.findElements(By.cssSelector("tr[data-rule='sign-ins']")).isEmpty());
            assertNull(browser.script("return document.body.dataset.pwned"), "no markup from the data ran");
            assertEquals(0L, browser.script("return document.querySelectorAll('#page-events img, #page-events script').length"));
            assertTrue(browser.driver().getCurrentUrl().endsWith("#/events/audit"), browser.driver().getCurrentUrl());
            browser.driver().navigate().refresh();
            browser.find("tr[data-rule='sign-ins']");
            browser.find("button[data-bus='default']").click();
            browser.find("tr[data-rule='shipping']");
            browser.script("window.scrollTo(0, 0)");
            browser.screenshot("events");
            assertEquals(List.of(), browser.errors());
        }
    }
}
