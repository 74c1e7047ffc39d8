package dev.monitor.core.health.internal;

import dev.monitor.core.health.HealthEvent;
import dev.monitor.core.health.StatusChange;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The status changes and health events as RSS 2.0 (https://www.rssboard.org/rss-specification) and
 * Atom 1.0 (RFC 4287) feeds, written to pass the W3C feed validator: RFC 822 dates in RSS, RFC 3339
 * in Atom, a unique permanent id for each item (a name-based UUID of what it says, so the same change
 * keeps its id across requests), an {@code atom:link rel="self"} in both, an author for the Atom feed.
 */
final class Feeds {
    static final int MAX_ITEMS = 50;
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    /** RFC 822 as RFC 1123 writes it (four-digit year), which RSS readers and the validator take. */
    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** One entry: a status change or a version of an event. */
    record Item(String id, Instant time, String title, String text, String category) {
    }

    private Feeds() {
    }

    /** The newest {@link #MAX_ITEMS} changes and events of {@code component} (null: every component), newest first. */
    static List<Item> items(List<StatusChange> changes, List<HealthEvent> events, String component) {
        List<Item> items = new ArrayList<>();
        for (StatusChange change : changes) {
            if (component == null || change.component().equals(component)) {
                items.add(new Item(uuid("change " + change.component() + " " + change.time() + " " + change.status()), change.time(),
                        change.component() + " is " + change.status(),
                        change.component() + " changed from " + change.previous() + " to " + change.status() + " at "
                                + HealthEventsText.time(change.time()) + (change.reason() == null ? "." : ": " + change.reason()),
                        change.component()));
            }
        }
        for (HealthEvent event : events) {
            if (component == null || event.component().equals(component)) {
                items.add(new Item(uuid("event " + event.arn() + " " + event.lastUpdatedTime()), event.lastUpdatedTime(),
                        "[" + event.statusCode().wire() + "] " + event.eventTypeCode(),
                        event.description() + "\n\nEvent: " + event.arn(), event.component()));
            }
        }
        items.sort(Comparator.comparing(Item::time).reversed().thenComparing(Item::id));
        return items.size() > MAX_ITEMS ? List.copyOf(items.subList(0, MAX_ITEMS)) : items;
    }

    private static String uuid(String text) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    static String rss(List<Item> items, String title, URI page, URI self, Instant now) {
        return write(xml -> {
            xml.writeStartElement("rss");
            xml.writeAttribute("version", "2.0");
            xml.writeNamespace("atom", ATOM);
            xml.writeStartElement("channel");
            element(xml, "title", title);
            element(xml, "link", page.toString());
            element(xml, "description", "Status changes and health events of " + title);
            element(xml, "language", "en");
            element(xml, "lastBuildDate", RFC_822.format(items.isEmpty() ? now : items.get(0).time()));
            xml.writeEmptyElement("atom", "link", ATOM);
            xml.writeAttribute("href", self.toString());
            xml.writeAttribute("rel", "self");
            xml.writeAttribute("type", "application/rss+xml");
            for (Item item : items) {
                xml.writeStartElement("item");
                element(xml, "title", item.title());
                element(xml, "description", html(item.text()));
                element(xml, "category", item.category());
                element(xml, "pubDate", RFC_822.format(item.time()));
                xml.writeStartElement("guid");
                xml.writeAttribute("isPermaLink", "false");
                xml.writeCharacters(item.id());
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
        });
    }

    static String atom(List<Item> items, String title, URI page, URI self, Instant now) {
        return write(xml -> {
            xml.setDefaultNamespace(ATOM);
            xml.writeStartElement(ATOM, "feed");
            xml.writeDefaultNamespace(ATOM);
            element(xml, "id", uuid("feed " + self));
            element(xml, "title", title);
            element(xml, "updated", DateTimeFormatter.ISO_INSTANT.format(items.isEmpty() ? now : items.get(0).time()));
            link(xml, self.toString(), "self", "application/atom+xml");
            link(xml, page.toString(), "alternate", "text/html");
            xml.writeStartElement("author");
            element(xml, "name", "Monitor");
            xml.writeEndElement();
            for (Item item : items) {
                xml.writeStartElement("entry");
                element(xml, "id", item.id());
                element(xml, "title", item.title());
                element(xml, "updated", DateTimeFormatter.ISO_INSTANT.format(item.time()));
                xml.writeEmptyElement("category");
                xml.writeAttribute("term", item.category());
                xml.writeStartElement("content");
                xml.writeAttribute("type", "text");
                xml.writeCharacters(item.text());
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
        });
    }

    private interface Body {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            body.write(xml);
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("a feed could not be written: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /**
     * RSS readers show an item's description as HTML (RSS 2.0: "entity-encoded HTML is allowed"), so plain text is
     * escaped as HTML first: a reason such as {@code <db:5432>} shows as written instead of vanishing as a tag.
     */
    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>");
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String href, String rel, String type) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("href", href);
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("type", type);
    }
}
