package dev.monitor.console.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.console.ConsoleBrowser;
import dev.monitor.core.Monitor;
import dev.monitor.core.audit.AuditEvent;
import dev.monitor.core.audit.AuditResource;
import dev.monitor.core.audit.AuditSettings;
import dev.monitor.core.audit.UserIdentity;
import dev.monitor.core.metrics.BuiltinMetrics;
import dev.monitor.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The Audit page over real HTTP and in a real browser: records written through the monitor's trail,
 * looked up by each of LookupEvents' attributes
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html), and the
 * trail's digests validated as {@code aws cloudtrail validate-logs} does
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-cli.html).
 */
class AuditPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A value that would be markup if the page did not escape it. */
    static final String HOSTILE = "<img src=x onerror=\"document.body.dataset.pwned=1\"><script>document.body.dataset.pwned=2</script>";
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = new ManualClock(T0);
    private Monitor monitor;
    private URI base;

    @TempDir
    Path dir;

    @BeforeEach
    void startWithThreeRecordsAndADigest() throws IOException {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "namespace: Shop\ndashboard: {enabled: true, port: 0}\n");
        Monitor.Builder builder = Monitor.builder().config(config).clock(clock).dataDir(dir).tickEvery(Duration.ZERO)
                .audit(AuditSettings.builder().sync().build());
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        monitor = builder.build();
        base = monitor.dashboardUri().orElseThrow();
        monitor.audit().record(AuditEvent.builder("PlaceOrder").source("orders.shop").by(UserIdentity.user("alice"))
                .request(Map.of("note", HOSTILE)).resource(AuditResource.of("Shop::Order", "arn:monitor:shop:::order/o-1")).build());
        clock.advance(Duration.ofSeconds(10));
        monitor.audit().record(AuditEvent.builder("GetOrder").source("orders.shop").read()
                .by(UserIdentity.user(HOSTILE).withAccessKeyId("AKIAEXAMPLE1")).build());
        clock.advance(Duration.ofSeconds(10));
        monitor.audit().record(AuditEvent.builder("DeleteOrder").source("admin.shop").by(UserIdentity.user("bob"))
                .error("AccessDenied", "bob may not delete orders").build());
        clock.advance(Duration.ofMinutes(1));
        monitor.audit().digestNow();
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode lookup(String attribute, String value) throws Exception {
        HttpResponse<String> response = get("api/audit/lookup?attribute=" + attribute + "&value=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("events").forEach(event -> names.add(event.get("name").asText()));
        return names;
    }

    @Test
    void looksUpTheRecordsByEachOfTheEightAttributes() throws Exception {
        JsonNode all = JSON.readTree(get("api/audit/lookup").body());
        assertEquals(List.of("DeleteOrder", "GetOrder", "PlaceOrder"), names(all), "every record, newest first: " + all);
        assertEquals(AuditPage.ATTRIBUTES, JSON.convertValue(all.get("attributes"), List.class));
        JsonNode place = all.get("events").get(2);
        String placeOrderId = place.get("id").asText();
        assertEquals("2026-11-22T10:00:00Z", place.get("time").asText());
        assertEquals("alice", place.get("user").asText());
        assertEquals("orders.shop", place.get("source").asText());
        assertEquals("Shop::Order", place.get("resources").get(0).get("type").asText());
        assertEquals("arn:monitor:shop:::order/o-1", place.get("resources").get(0).get("name").asText());
        assertFalse(place.get("readOnly").asBoolean());
        assertEquals("AccessDenied", all.get("events").get(0).get("errorCode").asText());
        assertTrue(all.get("events").get(1).get("readOnly").asBoolean());

        assertEquals(List.of("PlaceOrder"), names(lookup("EventId", placeOrderId)));
        assertEquals(List.of("PlaceOrder"), names(lookup("EventName", "PlaceOrder")));
        assertEquals(List.of("GetOrder"), names(lookup("ReadOnly", "true")));
        assertEquals(List.of("DeleteOrder", "PlaceOrder"), names(lookup("ReadOnly", "false")));
        assertEquals(List.of("GetOrder"), names(lookup("Username", HOSTILE)));
        assertEquals(List.of("PlaceOrder"), names(lookup("ResourceType", "Shop::Order")));
        assertEquals(List.of("PlaceOrder"), names(lookup("ResourceName", "arn:monitor:shop:::order/o-1")));
        assertEquals(List.of("DeleteOrder"), names(lookup("EventSource", "admin.shop")));
        assertEquals(List.of("GetOrder"), names(lookup("AccessKeyId", "AKIAEXAMPLE1")));
        assertEquals(List.of(), names(lookup("EventName", "NoSuchCall")));
    }

    @Test
    void pagesWithTheTokenOfThePreviousPageAndOnlyOverTheRange() throws Exception {
        JsonNode first = JSON.readTree(get("api/audit/lookup?max=2").body());
        assertEquals(List.of("DeleteOrder", "GetOrder"), names(first));
        String next = first.get("next").asText();
        JsonNode second = JSON.readTree(get("api/audit/lookup?max=2&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)).body());
        assertEquals(List.of("PlaceOrder"), names(second));
        assertTrue(second.get("next").isNull(), "the last page has no token: " + second);
        JsonNode firstMinute = JSON.readTree(get("api/audit/lookup?start=2026-11-22T09:59:00Z&end=2026-11-22T10:00:15Z").body());
        assertEquals(List.of("GetOrder", "PlaceOrder"), names(firstMinute));
    }

    @Test
    void aBadAttributeTokenOrRangeIsA400NamingIt() throws Exception {
        HttpResponse<String> bad = get("api/audit/lookup?attribute=EventType&value=x");
        assertEquals(400, bad.statusCode());
        String message = JSON.readTree(bad.body()).get("error").asText();
        assertTrue(message.contains("'EventType'"), message);
        for (String attribute : AuditPage.ATTRIBUTES) {
            assertTrue(message.contains(attribute), "the message lists " + attribute + ": " + message);
        }
        HttpResponse<String> noValue = get("api/audit/lookup?attribute=EventName");
        assertEquals(400, noValue.statusCode());
        assertTrue(noValue.body().contains("'value'"), noValue.body());
        HttpResponse<String> token = get("api/audit/lookup?next=garbage");
        assertEquals(400, token.statusCode());
        assertTrue(token.body().contains("'garbage'"), token.body());
        HttpResponse<String> max = get("api/audit/lookup?max=51");
        assertEquals(400, max.statusCode());
        assertTrue(max.body().contains("'max' value 51"), max.body());
        assertEquals(400, get("api/audit/integrity?start=soon").statusCode());
    }

    @Test
    void aRecordIsItsWholeJsonAsText() throws Exception {
        String id = lookup("EventName", "PlaceOrder").get("events").get(0).get("id").asText();
        HttpResponse<String> response = get("api/audit/record/" + id);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = JSON.readTree(response.body());
        assertEquals("PlaceOrder", answer.get("name").asText());
        JsonNode record = JSON.readTree(answer.get("json").asText());
        assertEquals(id, record.get("eventID").asText());
        assertEquals(HOSTILE, record.get("requestParameters").get("note").asText());
        assertEquals("orders.shop", record.get("eventSource").asText());
        assertEquals("alice", record.get("userIdentity").get("userName").asText());
        HttpResponse<String> missing = get("api/audit/record/00000000-0000-0000-0000-000000000000");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("00000000-0000-0000-0000-000000000000"), missing.body());
    }

    @Test
    void theIntegrityIsValidUntilALogFileIsChanged() throws Exception {
        JsonNode valid = JSON.readTree(get("api/audit/integrity").body());
        assertEquals("VALID", valid.get("status").asText(), valid.toString());
        assertEquals(1, valid.get("digests").asInt());
        assertEquals(1, valid.get("validLogFiles").asInt(), valid.toString());
        assertEquals("Digest file", valid.get("findings").get(0).get("kind").asText());
        assertTrue(valid.get("findings").get(0).get("file").asText().startsWith("s3://"), valid.toString());

        Path log;
        try (Stream<Path> files = Files.walk(dir.resolve("audit"))) {
            log = files.filter(p -> p.toString().contains("/CloudTrail/") && p.toString().endsWith(".json.gz")).findFirst().orElseThrow();
        }
        ByteArrayOutputStream changed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(changed)) {
            gzip.write("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8));
        }
        Files.write(log, changed.toByteArray());
        JsonNode invalid = JSON.readTree(get("api/audit/integrity").body());
        assertEquals("INVALID", invalid.get("status").asText(), invalid.toString());
        JsonNode finding = invalid.get("findings").get(1);
        assertEquals("Log file", finding.get("kind").asText());
        assertFalse(finding.get("valid").asBoolean());
        assertEquals("INVALID: hash value doesn't match", finding.get("status").asText(), "the AWS CLI's words");
    }

    @Test
    void aMonitorThatNeverAuditedAnswersNothingAndStartsNoTrail(@TempDir Path other) throws Exception {
        Path config = other.resolve("monitor.yaml");
        Files.writeString(config, "dashboard: {enabled: true, port: 0}\n");
        try (Monitor quiet = Monitor.builder().config(config).clock(clock).dataDir(other).tickEvery(Duration.ZERO).build()) {
            URI at = quiet.dashboardUri().orElseThrow();
            JsonNode page = JSON.readTree(http.send(HttpRequest.newBuilder(at.resolve("api/audit/lookup")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(0, page.get("events").size(), page.toString());
            JsonNode integrity = JSON.readTree(http.send(HttpRequest.newBuilder(at.resolve("api/audit/integrity")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals("NO_KEY", integrity.get("status").asText(), integrity.toString());
            assertEquals(404, http.send(HttpRequest.newBuilder(at.resolve("api/audit/record/x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertFalse(Files.exists(other.resolve("audit")), "a page view makes no trail, nor its keys");
        }
    }

    @Test
    void aBrowserLooksUpShowsARecordAsTextAndTheValidTrail() throws Exception {
        HttpResponse<String> script = get("static/pages/audit.js");
        assertEquals(200, script.statusCode());
        assertFalse(script.body().contains("innerHTML"), "values reach the page as text, never as markup");
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.go("#/audit");
            browser.await(d -> d.findElements(By.cssSelector("tr[data-event-id]")).size() == 3);
            assertEquals("VALID", browser.find("#audit-integrity-status").getText());
            for (int i = 0; i < 50; i++) { // in the journal, not yet in a file: found, and no file without its digest
                monitor.audit().record(AuditEvent.builder("ListOrders").source("orders.shop").read().build());
            }
            browser.find("#audit-lookup").click();
            browser.await(d -> d.findElements(By.cssSelector("tr[data-event-id]")).size() == 50);
            browser.find("#audit-more").click();
            browser.await(d -> d.findElements(By.cssSelector("tr[data-event-id]")).size() == 53);
            assertEquals(Boolean.TRUE, browser.script("return document.getElementById('audit-more').hidden"), "the last page has no More");
            new Select(browser.find("#audit-attribute")).selectByValue("Username");
            browser.find("#audit-value").sendKeys(HOSTILE);
            browser.find("#audit-lookup").click();
            browser.await(d -> d.findElements(By.cssSelector("tr[data-event-id]")).size() == 1);
            WebElement row = browser.find("tr[data-event-id]");
            assertTrue(row.getText().contains("GetOrder") && row.getText().contains(HOSTILE), "the user name shows as text: " + row.getText());

            new Select(browser.find("#audit-attribute")).selectByValue("EventName");
            WebElement value = browser.find("#audit-value");
            value.clear();
            value.sendKeys("PlaceOrder");
            browser.find("#audit-lookup").click();
            // The table is replaced when the answer comes: read it in the page rather than hold rows that may go.
            browser.await(d -> Boolean.TRUE.equals(browser.script("const rows = [...document.querySelectorAll('tr[data-event-id]')];"
                    + " return rows.length === 1 && rows[0].textContent.includes('PlaceOrder');")));
            browser.find("tr[data-event-id]").click();
            WebElement json = browser.find("#audit-record-json");
            browser.await(d -> json.getText().contains("requestParameters"));
            assertTrue(json.getText().contains(HOSTILE.replace("\"", "\\\"")), "the record's JSON shows as text: " + json.getText());
            assertNull(browser.script("return document.body.dataset.pwned"), "no markup from the data ran");
            assertEquals(0L, browser.script("return document.querySelectorAll('#page-audit img, #page-audit script').length"));
            browser.script("window.scrollTo(0, 0)");
            browser.screenshot("audit");
            String address = browser.driver().getCurrentUrl();
            assertTrue(address.matches(".*#/audit/[0-9a-f-]{36}"), "the record has an address: " + address);
            browser.driver().navigate().refresh();
            browser.await(d -> Boolean.TRUE.equals(browser.script(
                    "const pre = document.getElementById('audit-record-json'); return !!pre && pre.textContent.includes('PlaceOrder');")));
            assertEquals(List.of(), browser.errors());
        }
    }
}
