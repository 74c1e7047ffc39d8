package dev.monitor.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.health.HealthResult;
import dev.monitor.api.health.Status;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.testing.ManualClock;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The feeds, fetched over HTTP and read by the JDK's namespace-aware XML parser (neither ROME nor
 * Python's feedparser is available offline here), then checked against the rules the W3C feed
 * validator applies (https://validator.w3.org/feed/docs/):
 * RSS 2.0 (https://www.rssboard.org/rss-specification): channel title, link and description; each item
 * a title or description; pubDate and lastBuildDate in RFC 822; guids unique; an atom:link rel="self"
 * naming the feed's own address (https://validator.w3.org/feed/docs/warning/MissingAtomSelfLink.html).
 * Atom 1.0 (RFC 4287): feed id, title, updated and author; a self link; each entry an id unique in the
 * feed, a title, updated as an RFC 3339 date-time, and content.
 */
class HealthFeedsTest {
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    @TempDir
    Path dir;
    private final ManualClock clock = ManualClock.at("2026-12-03T10:00:00Z");
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Element parent, String name) {
        NodeList list = parent.getElementsByTagName(name);
        return list.getLength() == 0 ? null : list.item(0).getTextContent();
    }

    private static List<Element> children(Element parent, String namespace, String name) {
        List<Element> out = new ArrayList<>();
        for (org.w3c.dom.Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName())
                    && java.util.Objects.equals(namespace, element.getNamespaceURI())) {
                out.add(element);
            }
        }
        return out;
    }

    private Monitor outageAndRecovery() throws Exception {
        AtomicReference<HealthResult> db = new AtomicReference<>(HealthResult.up());
        AtomicReference<HealthResult> cache = new AtomicReference<>(HealthResult.up());
        Monitor monitor = QuietMonitor.builder(dir, clock).health(HealthChecksTest.noBuiltins())
                .dashboard(new InetSocketAddress("127.0.0.1", 0)).build();
        CheckOptions every = CheckOptions.defaults().withInterval(Duration.ofSeconds(1));
        monitor.health().register("payments-db", every.withComponent("payments"), db::get);
        monitor.health().register("cache", every.withComponent("catalog"), cache::get);
        run(monitor, "2026-12-03T10:00:00Z");
        db.set(HealthResult.down("connection refused <db:5432> & retrying"));
        run(monitor, "2026-12-03T10:05:00Z");
        db.set(HealthResult.up());
        cache.set(HealthResult.degraded("hit rate 12%"));
        run(monitor, "2026-12-03T10:20:00Z");
        return monitor;
    }

    private void run(Monitor monitor, String time) throws Exception {
        clock.set(Instant.parse(time));
        HealthChecksTest.engine(monitor).tick();
        dev.monitor.core.Await.until(Duration.ofSeconds(10), () -> monitor.health().checks().stream()
                .allMatch(c -> clock.instant().equals(c.lastRun())), () -> "runs at " + time + " did not end");
    }

    @Test
    void theRssFeedIsValidRss2WithEveryChangeAndEvent() throws Exception {
        try (Monitor monitor = outageAndRecovery()) {
            URI self = monitor.dashboardUri().orElseThrow().resolve("/health/feed.rss");
            HttpResponse<String> response = get(self);
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/rss+xml"));
            Document doc = parse(response.body());
            Element rss = doc.getDocumentElement();
            assertEquals("rss", rss.getTagName());
            assertEquals("2.0", rss.getAttribute("version"));
            Element channel = children(rss, null, "channel").get(0);
            assertEquals("Monitor health", children(channel, null, "title").get(0).getTextContent());
            assertTrue(URI.create(children(channel, null, "link").get(0).getTextContent()).isAbsolute());
            assertFalse(children(channel, null, "description").get(0).getTextContent().isBlank());
            ZonedDateTime.parse(children(channel, null, "lastBuildDate").get(0).getTextContent(), DateTimeFormatter.RFC_1123_DATE_TIME);
            Element selfLink = children(channel, ATOM, "link").get(0);
            assertEquals("self", selfLink.getAttribute("rel"));
            assertEquals(self.toString(), selfLink.getAttribute("href"));
            assertEquals("application/rss+xml", selfLink.getAttribute("type"));

            List<Element> items = children(channel, null, "item");
            // changes: payments UP, catalog UP, payments DOWN, payments UP, catalog DEGRADED; events: the payments
            // issue (closed) and the catalog issue (open)
            assertEquals(7, items.size());
            HashSet<String> guids = new HashSet<>();
            List<ZonedDateTime> dates = new ArrayList<>();
            for (Element item : items) {
                assertNotNull(text(item, "title"));
                Element guid = children(item, null, "guid").get(0);
                assertEquals("false", guid.getAttribute("isPermaLink"));
                assertTrue(guids.add(guid.getTextContent()), "duplicate guid " + guid.getTextContent());
                dates.add(ZonedDateTime.parse(text(item, "pubDate"), DateTimeFormatter.RFC_1123_DATE_TIME));
            }
            List<ZonedDateTime> sorted = new ArrayList<>(dates);
            sorted.sort(java.util.Comparator.reverseOrder());
            assertEquals(sorted, dates, "newest first");
            assertTrue(response.body().contains("connection refused &lt;db:5432&gt; &amp; retrying"), "text is escaped");
            String titles = items.stream().map(i -> text(i, "title")).toList().toString();
            assertTrue(titles.contains("payments is DOWN"), titles);
            assertTrue(titles.contains("[closed] MONITOR_PAYMENTS_OPERATIONAL_ISSUE"), titles);
            assertTrue(titles.contains("[open] MONITOR_CATALOG_OPERATIONAL_ISSUE"), titles);

            assertEquals(guids, new HashSet<>(children(children(parse(get(self).body()).getDocumentElement(), null, "channel").get(0), null, "item")
                    .stream().map(i -> text(i, "guid")).toList()), "an item keeps its guid from one request to the next");
        }
    }

    @Test
    void theAtomFeedIsValidAtom1AndOneComponentsFeedHasOnlyItsItems() throws Exception {
        try (Monitor monitor = outageAndRecovery()) {
            URI self = monitor.dashboardUri().orElseThrow().resolve("/health/feed.atom?component=payments");
            HttpResponse<String> response = get(self);
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/atom+xml"));
            Element feed = parse(response.body()).getDocumentElement();
            assertEquals(ATOM, feed.getNamespaceURI());
            assertEquals("feed", feed.getLocalName());
            String feedId = children(feed, ATOM, "id").get(0).getTextContent();
            assertTrue(URI.create(feedId).isAbsolute(), "an id is an IRI: " + feedId);
            assertEquals("Monitor health: payments", children(feed, ATOM, "title").get(0).getTextContent());
            OffsetDateTime.parse(children(feed, ATOM, "updated").get(0).getTextContent(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertEquals("Monitor", children(children(feed, ATOM, "author").get(0), ATOM, "name").get(0).getTextContent());
            Element selfLink = children(feed, ATOM, "link").stream().filter(l -> l.getAttribute("rel").equals("self")).findFirst().orElseThrow();
            assertEquals(self.toString(), selfLink.getAttribute("href"));

            List<Element> entries = children(feed, ATOM, "entry");
            assertEquals(4, entries.size(), "payments UP, DOWN, UP and its closed issue");
            HashSet<String> ids = new HashSet<>();
            for (Element entry : entries) {
                String id = children(entry, ATOM, "id").get(0).getTextContent();
                assertTrue(URI.create(id).isAbsolute(), id);
                assertTrue(ids.add(id), "duplicate id " + id);
                assertFalse(children(entry, ATOM, "title").get(0).getTextContent().isBlank());
                OffsetDateTime.parse(children(entry, ATOM, "updated").get(0).getTextContent(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                Element content = children(entry, ATOM, "content").get(0);
                assertEquals("text", content.getAttribute("type"));
                assertEquals("payments", children(entry, ATOM, "category").get(0).getAttribute("term"));
            }
            assertEquals(Status.UP, monitor.health().components().get(1).status());
        }
    }
}
