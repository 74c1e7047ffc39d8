package dev.monitor.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.SyndFeedInput;
import dev.monitor.api.health.HealthResult;
import dev.monitor.api.health.Status;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.health.HealthEvent.EventStatus;
import dev.monitor.testing.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The feeds, fetched over HTTP and read by ROME (https://rometools.github.io/rome/), the feed parser
 * many Java feed readers use, asserting what a reader's user sees: the feed's type, title and link,
 * and each entry's title, id, date and text, newest first. ROME is lenient where the W3C feed
 * validator (https://validator.w3.org/feed/docs/) is not, so the validator's rules ROME does not
 * enforce are checked on the raw XML as well:
 * RSS 2.0 (https://www.rssboard.org/rss-specification): pubDate and lastBuildDate in RFC 822; guids
 * unique; an atom:link rel="self" naming the feed's own address
 * (https://validator.w3.org/feed/docs/warning/MissingAtomSelfLink.html).
 * Atom 1.0 (RFC 4287): ids that are IRIs and unique in the feed, an author, a self link, updated as an
 * RFC 3339 date-time (https://www.rfc-editor.org/rfc/rfc3339#section-5.6).
 */
class HealthFeedsTest {
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final Instant OPENED = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant FAILED = Instant.parse("2026-12-03T10:05:00Z");
    private static final Instant RECOVERED = Instant.parse("2026-12-03T10:20:00Z");
    @TempDir
    Path dir;
    private final ManualClock clock = ManualClock.at("2026-12-03T10:00:00Z");
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The feed as ROME reads it; a feed ROME cannot read fails the test with ROME's reason. */
    private static SyndFeed rome(String xml) throws Exception {
        return new SyndFeedInput().build(new StringReader(xml));
    }

    /** Every {@code namespace:name} element as written, for the lexical rules ROME does not check. */
    private static List<Element> raw(String xml, String namespace, String name) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        NodeList nodes = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getElementsByTagNameNS(namespace == null ? "" : namespace, name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    /** A dated line a reader shows: the entry's date and title. */
    private record Line(Instant time, String title) {
    }

    private static List<String> rawText(String xml, String namespace, String name) throws Exception {
        return raw(xml, namespace, name).stream().map(Element::getTextContent).toList();
    }

    private static List<Line> lines(SyndFeed feed, boolean rss) {
        return feed.getEntries().stream()
                .map(e -> new Line((rss ? e.getPublishedDate() : e.getUpdatedDate()).toInstant(), e.getTitle())).toList();
    }

    /** Newest first; entries of the same instant in the order of their ids, so the order is stable across requests. */
    private static void assertNewestFirst(List<SyndEntry> entries, boolean rss) {
        List<SyndEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing((SyndEntry e) -> (rss ? e.getPublishedDate() : e.getUpdatedDate()).toInstant())
                .reversed().thenComparing(SyndEntry::getUri));
        assertEquals(sorted.stream().map(SyndEntry::getUri).toList(), entries.stream().map(SyndEntry::getUri).toList());
    }

    private static String category(SyndEntry entry) {
        return entry.getCategories().stream().map(SyndCategory::getName).collect(Collectors.joining(","));
    }

    private static SyndLink link(SyndFeed feed, String rel) {
        return feed.getLinks().stream().filter(l -> rel.equals(l.getRel())).findFirst()
                .orElseThrow(() -> new AssertionError("no link rel=" + rel + " in " + feed.getLinks()));
    }

    private static HealthEvent event(Monitor monitor, String code) {
        return monitor.health().events().stream().filter(e -> e.eventTypeCode().equals(code)).findFirst().orElseThrow();
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

    /** Plain text as HTML, the way an RSS description carries it (https://www.rssboard.org/rss-specification#hrelementsOfLtitemgt). */
    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>");
    }

    /** What every feed of {@link #outageAndRecovery()} says, by dated line: the text a reader shows under it. */
    private static Map<Line, String> expected(Monitor monitor) {
        HealthEvent paymentsIssue = event(monitor, "MONITOR_PAYMENTS_OPERATIONAL_ISSUE");
        HealthEvent catalogIssue = event(monitor, "MONITOR_CATALOG_OPERATIONAL_ISSUE");
        assertEquals(EventStatus.CLOSED, paymentsIssue.statusCode());
        assertEquals(EventStatus.OPEN, catalogIssue.statusCode());
        return Map.of(
                new Line(OPENED, "payments is UP"), "payments changed from UNKNOWN to UP at 2026-12-03 10:00 UTC.",
                new Line(OPENED, "catalog is UP"), "catalog changed from UNKNOWN to UP at 2026-12-03 10:00 UTC.",
                new Line(FAILED, "payments is DOWN"),
                "payments changed from UP to DOWN at 2026-12-03 10:05 UTC: check payments-db is DOWN: connection refused <db:5432> & retrying",
                new Line(RECOVERED, "payments is UP"), "payments changed from DOWN to UP at 2026-12-03 10:20 UTC.",
                new Line(RECOVERED, "catalog is DEGRADED"), "catalog changed from UP to DEGRADED at 2026-12-03 10:20 UTC: check cache is DEGRADED: hit rate 12%",
                new Line(RECOVERED, "[closed] MONITOR_PAYMENTS_OPERATIONAL_ISSUE"),
                paymentsIssue.description() + "\n\nEvent: " + paymentsIssue.arn(),
                new Line(RECOVERED, "[open] MONITOR_CATALOG_OPERATIONAL_ISSUE"),
                catalogIssue.description() + "\n\nEvent: " + catalogIssue.arn());
    }

    @Test
    void theRssFeedReadsAsRss2WithEveryChangeAndEventNewestFirst() throws Exception {
        try (Monitor monitor = outageAndRecovery()) {
            URI self = monitor.dashboardUri().orElseThrow().resolve("/health/feed.rss");
            HttpResponse<String> response = get(self);
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/rss+xml"));
            SyndFeed feed = rome(response.body());
            assertEquals("rss_2.0", feed.getFeedType());
            assertEquals("Monitor health", feed.getTitle());
            assertEquals(monitor.dashboardUri().orElseThrow().resolve("/#/health").toString(), feed.getLink());
            assertEquals("Status changes and health events of Monitor health", feed.getDescription());

            List<SyndEntry> entries = feed.getEntries();
            Map<Line, String> expected = expected(monitor);
            assertEquals(List.of(RECOVERED, RECOVERED, RECOVERED, RECOVERED, FAILED, OPENED, OPENED),
                    lines(feed, true).stream().map(Line::time).toList(), "pubDate of each item: the time of its change");
            assertEquals(expected.keySet(), new HashSet<>(lines(feed, true)));
            assertNewestFirst(entries, true);
            HashSet<String> guids = new HashSet<>();
            for (SyndEntry entry : entries) {
                Line line = new Line(entry.getPublishedDate().toInstant(), entry.getTitle());
                // RSS readers take the description as HTML: the text comes escaped, its line breaks as <br>
                assertEquals(html(expected.get(line)), entry.getDescription().getValue(), line.toString());
                assertEquals(line.title().startsWith("payments") || line.title().contains("PAYMENTS") ? "payments" : "catalog",
                        category(entry), line.toString());
                assertTrue(entry.getUri().startsWith("urn:uuid:"), entry.getUri());
                assertTrue(guids.add(entry.getUri()), "duplicate guid " + entry.getUri());
                // a guid with isPermaLink="false" is no address: the item has no link of its own, a reader opens the
                // channel's link (the console's health page)
                assertNull(entry.getLink(), line.toString());
            }
            assertEquals(entries.stream().map(SyndEntry::getUri).toList(),
                    rome(get(self).body()).getEntries().stream().map(SyndEntry::getUri).toList(),
                    "an item keeps its guid from one request to the next");

            // the validator's rules ROME is lenient about
            String body = response.body();
            assertEquals(Collections.nCopies(entries.size(), "false"),
                    raw(body, null, "guid").stream().map(g -> g.getAttribute("isPermaLink")).toList(), "guids are no addresses");
            List<String> pubDates = rawText(body, null, "pubDate");
            assertEquals(entries.size(), pubDates.size());
            for (int i = 0; i < pubDates.size(); i++) {
                assertEquals(entries.get(i).getPublishedDate().toInstant(),
                        ZonedDateTime.parse(pubDates.get(i), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(), "RFC 822: " + pubDates.get(i));
            }
            assertEquals(RECOVERED, ZonedDateTime.parse(rawText(body, null, "lastBuildDate").get(0), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant(), "lastBuildDate: the newest change");
            Element selfLink = raw(body, ATOM, "link").get(0);
            assertEquals(List.of(self.toString(), "self", "application/rss+xml"),
                    List.of(selfLink.getAttribute("href"), selfLink.getAttribute("rel"), selfLink.getAttribute("type")));
        }
    }

    @Test
    void theAtomFeedReadsAsAtom1AndOneComponentsFeedHasOnlyItsEntries() throws Exception {
        try (Monitor monitor = outageAndRecovery()) {
            URI self = monitor.dashboardUri().orElseThrow().resolve("/health/feed.atom?component=payments");
            HttpResponse<String> response = get(self);
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/atom+xml"));
            SyndFeed feed = rome(response.body());
            assertEquals("atom_1.0", feed.getFeedType());
            assertEquals("Monitor health: payments", feed.getTitle());
            assertTrue(URI.create(feed.getUri()).isAbsolute(), "an id is an IRI: " + feed.getUri());
            // ROME 2 gives the self link as an Atom feed's link; the console's page is the alternate one
            assertEquals(self.toString(), feed.getLink());
            SyndLink selfLink = link(feed, "self");
            assertEquals(self.toString(), selfLink.getHref());
            assertEquals("application/atom+xml", selfLink.getType());
            assertEquals(monitor.dashboardUri().orElseThrow().resolve("/#/health").toString(), link(feed, "alternate").getHref());
            assertEquals("text/html", link(feed, "alternate").getType());
            assertEquals(List.of("Monitor"), feed.getAuthors().stream().map(SyndPerson::getName).toList());
            assertEquals(RECOVERED, feed.getPublishedDate().toInstant(), "the feed's updated: its newest entry");

            Map<Line, String> expected = expected(monitor);
            Map<Line, String> payments = expected.entrySet().stream().filter(e -> e.getKey().title().matches("payments .*|.*PAYMENTS.*"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            List<SyndEntry> entries = feed.getEntries();
            assertEquals(List.of(RECOVERED, RECOVERED, FAILED, OPENED), lines(feed, false).stream().map(Line::time).toList(),
                    "payments UP, DOWN, UP and its closed issue, each updated at the time of its change");
            assertEquals(payments.keySet(), new HashSet<>(lines(feed, false)));
            assertNewestFirst(entries, false);
            HashSet<String> ids = new HashSet<>();
            for (SyndEntry entry : entries) {
                Line line = new Line(entry.getUpdatedDate().toInstant(), entry.getTitle());
                assertTrue(URI.create(entry.getUri()).isAbsolute(), entry.getUri());
                assertTrue(ids.add(entry.getUri()), "duplicate id " + entry.getUri());
                assertEquals(1, entry.getContents().size(), line.toString());
                assertEquals("text", entry.getContents().get(0).getType(), line.toString());
                assertEquals(payments.get(line), entry.getContents().get(0).getValue(), line.toString());
                assertEquals("payments", category(entry), line.toString());
                assertNull(entry.getLink(), "no page of its own: " + line);
            }

            // the validator's rules ROME is lenient about: RFC 3339 date-times, with the same instants ROME read
            String body = response.body();
            List<String> updated = rawText(body, ATOM, "updated");
            assertEquals(entries.size() + 1, updated.size(), "the feed's and each entry's");
            assertEquals(RECOVERED, OffsetDateTime.parse(updated.get(0), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
            for (int i = 0; i < entries.size(); i++) {
                assertEquals(entries.get(i).getUpdatedDate().toInstant(),
                        OffsetDateTime.parse(updated.get(i + 1), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant(), updated.get(i + 1));
            }
            assertEquals(Status.UP, monitor.health().components().get(1).status());
        }
    }

    @Test
    void eachFeedSaysTheSameInRssAndAtomAndAComponentsFeedIsTheAllFeedsShare() throws Exception {
        try (Monitor monitor = outageAndRecovery()) {
            URI root = monitor.dashboardUri().orElseThrow();
            SyndFeed allRss = rome(get(root.resolve("/health/feed.rss")).body());
            SyndFeed allAtom = rome(get(root.resolve("/health/feed.atom")).body());
            assertEquals("atom_1.0", allAtom.getFeedType());
            assertEquals("Monitor health", allAtom.getTitle());
            assertEquals(new HashSet<>(expected(monitor).keySet()), new HashSet<>(lines(allAtom, false)));
            assertEquals(lines(allRss, true), lines(allAtom, false), "same entries, same order");
            assertEquals(allRss.getEntries().stream().map(SyndEntry::getUri).toList(),
                    allAtom.getEntries().stream().map(SyndEntry::getUri).toList(), "an item has one id in both formats");
            for (String component : List.of("payments", "catalog")) {
                SyndFeed rss = rome(get(root.resolve("/health/feed.rss?component=" + component)).body());
                SyndFeed atom = rome(get(root.resolve("/health/feed.atom?component=" + component)).body());
                assertEquals("rss_2.0", rss.getFeedType());
                assertEquals("Monitor health: " + component, rss.getTitle());
                List<String> share = allRss.getEntries().stream().filter(e -> category(e).equals(component))
                        .map(SyndEntry::getUri).toList();
                assertEquals(component.equals("payments") ? 4 : 3, share.size(), component);
                assertEquals(share, rss.getEntries().stream().map(SyndEntry::getUri).toList(), component);
                assertEquals(share, atom.getEntries().stream().map(SyndEntry::getUri).toList(), component);
                for (int i = 0; i < share.size(); i++) {
                    assertEquals(rss.getEntries().get(i).getDescription().getValue(),
                            html(atom.getEntries().get(i).getContents().get(0).getValue()));
                    assertEquals(rss.getEntries().get(i).getPublishedDate(), atom.getEntries().get(i).getUpdatedDate());
                }
            }
        }
    }
}
