package dev.monitor.console.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.console.ConsoleBrowser;
import dev.monitor.core.Await;
import dev.monitor.core.Monitor;
import dev.monitor.testing.ManualClock;
import dev.monitor.xray.TracingFilter;
import dev.monitor.xray.TracingHttpClient;
import dev.monitor.xray.XRayTracer;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Traces page over real HTTP and in a real browser: a client calls the service {@code web},
 * which calls {@code orders} over loopback HTTP; both are traced by the monitor's X-Ray tracer.
 * The second of three orders fails with a fault and an exception; each order's {@code db}
 * subsegment carries an annotation that would be markup if the page did not escape it.
 */
class TracesPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String HOSTILE = "<script>document.body.dataset.pwned=1</script>";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    private final List<HttpServer> servers = new ArrayList<>();
    private DatagramSocket daemon;
    private Monitor monitor;
    private URI base;
    private final List<String> traceIds = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void threeOrdersOneOfWhichFails() throws Exception {
        daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Path rules = Files.writeString(dir.resolve("sampling.json"), "{\"version\": 2, \"default\": {\"fixed_target\": 100, \"rate\": 1}}");
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                namespace: Shop
                dashboard: {enabled: true, port: 0}
                metrics:
                  builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                traces:
                  daemonAddress: "127.0.0.1:%d"
                  samplingRules: %s
                """.formatted(daemon.getLocalPort(), rules));
        monitor = Monitor.builder().config(config).clock(clock).dataDir(dir.resolve("data")).tickEvery(Duration.ZERO).build();
        base = monitor.dashboardUri().orElseThrow();
        XRayTracer tracer = assertInstanceOf(XRayTracer.class, monitor.tracer());
        HttpClient traced = TracingHttpClient.wrap(HttpClient.newHttpClient(), tracer, request -> "orders");
        URI orders = serve("orders", tracer, exchange -> {
            String query = exchange.getRequestURI().getQuery();
            clock.advance(Duration.ofMillis(5));
            try (Subsegment db = tracer.beginSubsegment("db")) {
                db.putAnnotation("note", HOSTILE);
                db.putAnnotation("customer", "c-" + query.replaceAll("order=(\\d+).*", "$1"));
                clock.advance(Duration.ofMillis(20));
            }
            if (query.contains("fail")) {
                tracer.current().addException(new IllegalStateException("out of stock"));
                respond(exchange, 500);
            } else {
                respond(exchange, 200);
            }
        });
        URI web = serve("web", tracer, exchange -> {
            clock.advance(Duration.ofMillis(3));
            try {
                HttpResponse<String> answer = traced.send(HttpRequest.newBuilder(orders.resolve("/orders?" + exchange.getRequestURI()
                        .getQuery())).build(), HttpResponse.BodyHandlers.ofString());
                respond(exchange, answer.statusCode()); // the clock stands still: orders' segment may end after this
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(exchange, 503);
            }
        });
        for (String order : List.of("order=1", "order=2&fail=1", "order=3")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(web.resolve("/web?" + order)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String traceId = answer.headers().firstValue("X-Amzn-Trace-Id").orElseThrow().replaceAll(".*Root=([^;]+).*", "$1");
            traceIds.add(traceId);
            // The filters end their segments after the answer is sent: the clock moves on once both have.
            Await.until(Duration.ofSeconds(10), () -> JSON.readTree(tracer.traces().batchGetTraces(List.of(traceId)))
                    .at("/Traces/0/Segments").size() == 2, () -> "both segments of " + traceId + " ended");
            clock.advance(Duration.ofSeconds(1));
        }
        assertTrue(tracer.flush(Duration.ofSeconds(10)), "the tracer wrote its segments");
    }

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
        monitor.close();
        daemon.close();
    }

    private URI serve(String service, XRayTracer tracer, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler).getFilters().add(TracingFilter.of(tracer, service));
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode named(JsonNode nodes, String name) {
        for (JsonNode node : nodes) {
            if (node.get("name").asText().equals(name)) {
                return node;
            }
        }
        throw new AssertionError("no node " + name + " in " + nodes);
    }

    @Test
    void theMapHasTheClientsBothServicesAndTheirEdgeWithCountsSharesAndLatency() throws Exception {
        JsonNode map = json("api/traces/map");
        assertTrue(map.get("tracing").asBoolean());
        JsonNode nodes = map.get("nodes");
        assertEquals(3, nodes.size(), nodes.toString());
        JsonNode client = named(nodes, "client");
        JsonNode web = named(nodes, "web");
        JsonNode orders = named(nodes, "orders");
        assertTrue(client.get("client").asBoolean());
        assertTrue(web.get("root").asBoolean(), "web received the requests from outside");
        JsonNode counts = orders.get("counts");
        assertEquals(3, counts.get("requests").asLong());
        assertEquals(2, counts.get("ok").asLong());
        assertEquals(1, counts.get("faults").asLong());
        assertEquals(1.0 / 3, counts.get("faultShare").asDouble(), 1e-9);
        assertEquals(0.0, counts.get("errorShare").asDouble());
        assertEquals(0.025, orders.at("/latency/average").asDouble(), 0.001, "5 ms, then 20 in the database");
        assertEquals(3, client.at("/counts/requests").asLong(), "the client's counts are those of its calls");
        JsonNode edge = null;
        for (JsonNode e : map.get("edges")) {
            if (e.get("source").asInt() == web.get("id").asInt() && e.get("target").asInt() == orders.get("id").asInt()) {
                edge = e;
            }
        }
        assertTrue(edge != null, "an edge web -> orders: " + map.get("edges"));
        assertEquals(3, edge.at("/counts/requests").asLong());
        assertEquals(1, edge.at("/counts/faults").asLong(), "web saw the fault of its call");
        assertEquals(0.025, edge.at("/latency/average").asDouble(), 0.001);
        assertEquals(0, json("api/traces/map?start=2026-11-22T09:00:00Z&end=2026-11-22T09:30:00Z").get("nodes").size(),
                "no traces an hour before");
        HttpResponse<String> bad = get("api/traces/map?start=soon");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("'soon'"), bad.body());
    }

    @Test
    void theListHasTheTracesNewestFirstAndAFilterExpressionNarrowsIt() throws Exception {
        JsonNode all = json("api/traces/list");
        assertEquals(3, all.get("processed").asInt());
        JsonNode traces = all.get("traces");
        assertEquals(List.of(traceIds.get(2), traceIds.get(1), traceIds.get(0)),
                List.of(traces.get(0).get("id").asText(), traces.get(1).get("id").asText(), traces.get(2).get("id").asText()));
        JsonNode failed = traces.get(1);
        assertTrue(failed.get("hasFault").asBoolean());
        assertEquals(500, failed.get("httpStatus").asInt());
        assertEquals("web", failed.get("entryPoint").asText());
        assertEquals("2026-11-22T10:00:01.028Z", failed.get("startTime").asText());
        assertEquals(0.028, failed.get("duration").asDouble(), 0.0005);
        assertEquals(HOSTILE, failed.at("/annotations/note/0").asText());
        List<String> services = new ArrayList<>();
        failed.get("services").forEach(service -> services.add(service.asText()));
        assertEquals(List.of("orders", "web"), services.stream().sorted().toList());
        JsonNode faults = json("api/traces/list?filter=" + URLEncoder.encode("service(\"orders\") { fault }", StandardCharsets.UTF_8));
        assertEquals(1, faults.get("traces").size(), faults.toString());
        assertEquals(traceIds.get(1), faults.at("/traces/0/id").asText());
        JsonNode one = json("api/traces/list?filter=" + URLEncoder.encode("annotation.customer = \"c-3\"", StandardCharsets.UTF_8));
        assertEquals(1, one.get("matched").asInt());
        assertEquals(traceIds.get(2), one.at("/traces/0/id").asText());
        HttpResponse<String> bad = get("api/traces/list?filter=" + URLEncoder.encode("service(\"orders\" AND", StandardCharsets.UTF_8));
        assertEquals(400, bad.statusCode());
        String message = JSON.readTree(bad.body()).get("error").asText();
        assertTrue(message.contains("column ") && message.contains("expected ") && message.contains("found "), message);
    }

    @Test
    void aTraceIsItsSegmentsAndSubsegmentsAsATreeWithAnnotationsAndExceptions() throws Exception {
        JsonNode trace = json("api/traces/trace/" + traceIds.get(1));
        assertEquals(traceIds.get(1), trace.get("id").asText());
        assertEquals(2, trace.get("segments").asInt());
        assertEquals(4, trace.get("entities").asInt(), "web, its call, orders and its db");
        assertEquals("2026-11-22T10:00:01.028Z", trace.get("start").asText());
        JsonNode web = trace.get("roots").get(0);
        assertEquals(1, trace.get("roots").size());
        assertEquals("web", web.get("name").asText());
        assertEquals("segment", web.get("kind").asText());
        assertEquals(500, web.get("status").asInt());
        assertEquals(28.0, web.get("duration").asDouble(), 0.5, "milliseconds");
        assertEquals("GET", web.at("/http/request/method").asText());
        JsonNode call = web.at("/children/0");
        assertEquals("orders", call.get("name").asText());
        assertEquals("subsegment", call.get("kind").asText());
        assertEquals("remote", call.get("namespace").asText());
        assertEquals(3.0, call.get("offset").asDouble(), 0.5);
        JsonNode orders = call.at("/children/0");
        assertEquals("segment", orders.get("kind").asText(), "the called service's segment hangs under the call");
        assertTrue(orders.get("fault").asBoolean());
        assertEquals("IllegalStateException", orders.at("/exceptions/0/type").asText().replaceAll(".*\\.", ""));
        assertEquals("out of stock", orders.at("/exceptions/0/message").asText());
        assertTrue(orders.at("/exceptions/0/stack").size() > 0);
        JsonNode db = orders.at("/children/0");
        assertEquals("db", db.get("name").asText());
        assertEquals("orders", db.get("service").asText());
        assertEquals(HOSTILE, db.at("/annotations/note").asText());
        assertEquals(20.0, db.get("duration").asDouble(), 0.5);
        assertEquals(8.0, db.get("offset").asDouble(), 0.5, "3 ms in web, 5 in orders before the database");

        HttpResponse<String> bad = get("api/traces/trace/nope");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("'nope'") && bad.body().contains("1-5759e988-bd862e3fe1be46a994272793"), bad.body());
        HttpResponse<String> unknown = get("api/traces/trace/1-00000000-000000000000000000000000");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("1-00000000-000000000000000000000000"), unknown.body());
    }

    @Test
    void thePageScriptIsServedAndBuildsNoMarkupFromText() throws Exception {
        HttpResponse<String> script = get("static/pages/traces.js");
        assertEquals(200, script.statusCode());
        assertFalse(script.body().contains("innerHTML") || script.body().contains("insertAdjacentHTML"),
                "values reach the page as text, never as markup");
        JsonNode pages = json("api/pages").get("pages");
        boolean listed = false;
        for (JsonNode page : pages) {
            listed |= page.get("id").asText().equals("traces") && page.get("title").asText().equals("Traces");
        }
        assertTrue(listed, pages.toString());
    }

    @Test
    void aBrowserShowsTheMapNarrowsTheListAndDrawsATracesWaterfall() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.go("#/traces");
            browser.find("svg.service-map g[data-node='web']");
            WebElement orders = browser.find("svg.service-map g[data-node='orders']");
            assertTrue(orders.getAttribute("class").contains("has-fault"), "coloured by its fault: " + orders.getAttribute("class"));
            WebElement edge = browser.find("svg.service-map g[data-edge='web->orders']");
            assertTrue(edge.getText().contains("25 ms") && edge.getText().contains("3 calls"), edge.getText());
            browser.await(d -> d.findElements(By.cssSelector("tr[data-trace]")).size() == 3);

            WebElement filter = browser.find("#trace-filter");
            filter.sendKeys("annotation.customer = \"c-2\"");
            browser.find("#trace-filter-apply").click();
            browser.await(d -> d.findElements(By.cssSelector("tr[data-trace]")).size() == 1);
            WebElement row = browser.find("tr[data-trace='" + traceIds.get(1) + "']");
            assertTrue(row.getText().contains("500") && row.getText().contains("Fault"), row.getText());
            assertTrue(row.getText().contains("note=" + HOSTILE), "the annotation is shown as text: " + row.getText());

            filter.clear();
            filter.sendKeys("service(\"orders\" AND");
            browser.find("#trace-filter-apply").click();
            WebElement problem = browser.await(d -> {
                WebElement shown = d.findElement(By.id("trace-filter-error"));
                return shown.isDisplayed() ? shown : null;
            });
            assertTrue(problem.getText().contains("column"), problem.getText());

            row.click();
            browser.await(d -> d.findElements(By.cssSelector("#waterfall .wf-row[data-entity]")).size() == 4);
            List<String> names = browser.all("#waterfall .wf-row[data-entity]").stream().map(r -> r.getAttribute("data-name")).toList();
            assertEquals(List.of("web", "orders", "orders", "db"), names, "in order, a call before the work it caused");
            List<String> depths = browser.all("#waterfall .wf-row[data-entity]").stream().map(r -> r.getAttribute("data-depth")).toList();
            assertEquals(List.of("0", "1", "2", "3"), depths);
            assertTrue(browser.driver().getCurrentUrl().endsWith("#/traces/" + traceIds.get(1)), browser.driver().getCurrentUrl());
            WebElement db = browser.find("#waterfall .wf-row[data-name='db']");
            db.click();
            WebElement note = browser.find("#trace-entity tr[data-annotation='note'] td");
            assertEquals(HOSTILE, note.getText(), "the annotation is text, not markup");
            browser.find("#waterfall .wf-row[data-name='orders'] .wf-bar.fault");
            browser.all("#waterfall .wf-row[data-name='orders']").get(1).click();
            WebElement exception = browser.find("#trace-entity .exception");
            assertTrue(exception.getText().contains("out of stock"), exception.getText());

            browser.find("svg.service-map g[data-node='orders']").click();
            browser.await(d -> d.findElement(By.id("trace-filter")).getAttribute("value").equals("service(\"orders\")")
                    && d.findElements(By.cssSelector("tr[data-trace]")).size() == 3);
            assertNull(browser.script("return document.body.dataset.pwned"), "no markup from the data ran");
            browser.screenshot("traces");
            browser.script("document.getElementById('trace-detail').scrollIntoView()");
            browser.screenshot("traces-timeline");
            // The browser reports the refused filter's answer (400) itself; nothing else may be an error.
            assertEquals(List.of(), browser.errors().stream().filter(e -> !(e.contains("filter=service%28%22orders%22+AND")
                    && e.contains("status of 400"))).toList());

            browser.go("#/metrics");
            browser.go("#/traces/" + traceIds.get(0));
            browser.await(d -> d.findElements(By.cssSelector("#waterfall .wf-row[data-entity]")).size() == 4);
            assertFalse(browser.find("#waterfall .wf-row[data-name='orders'] .wf-bar").getAttribute("class").contains("fault"),
                    "the first order went well");
            assertEquals(List.of(), browser.errors());
        }
    }
}
