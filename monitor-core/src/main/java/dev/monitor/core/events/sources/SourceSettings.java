package dev.monitor.core.events.sources;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.archive.Archive;
import dev.monitor.core.events.patterns.EventPattern;
import dev.monitor.core.events.patterns.InvalidEventPatternException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code events:} settings of archives, replays and partner sources (the bus's own settings are
 * {@link dev.monitor.core.events.EventSettings}'s):
 * <pre>
 * events:
 *   archives:
 *     - {name: orders-archive, eventSourceBus: default, eventPattern: '{"source": ["shop.orders"]}', retentionDays: 7}
 *   replayEventsPerSecond: 100
 *   archiveQueueCapacity: 10000
 *   partnerSources:
 *     - {partner: example.com, source: orders, secret: ${EXAMPLE_WEBHOOK_SECRET}, tolerance: 5m}
 * </pre>
 */
public final class SourceSettings {
    private final List<Archive> archives;
    private final List<PartnerSource> partnerSources;
    private final int replayEventsPerSecond;
    private final int archiveQueueCapacity;

    private SourceSettings(List<Archive> archives, List<PartnerSource> partnerSources, int replayEventsPerSecond, int archiveQueueCapacity) {
        this.archives = List.copyOf(archives);
        this.partnerSources = List.copyOf(partnerSources);
        this.replayEventsPerSecond = replayEventsPerSecond;
        this.archiveQueueCapacity = archiveQueueCapacity;
    }

    /** No archive, no partner source; replays at 100 events a second. */
    public static SourceSettings defaults() {
        return new SourceSettings(List.of(), List.of(), 100, 10_000);
    }

    /** Archives created at start (their bus must exist by then: {@code default}, or one of {@code events.buses}). */
    public List<Archive> archives() {
        return archives;
    }

    public List<PartnerSource> partnerSources() {
        return partnerSources;
    }

    /** The most events a replay sends a second. */
    public int replayEventsPerSecond() {
        return replayEventsPerSecond;
    }

    /** How many events may wait for the archive thread. */
    public int archiveQueueCapacity() {
        return archiveQueueCapacity;
    }

    public SourceSettings withArchive(Archive archive) {
        List<Archive> more = new ArrayList<>(archives);
        more.removeIf(a -> a.name().equals(archive.name()));
        more.add(archive);
        return new SourceSettings(more, partnerSources, replayEventsPerSecond, archiveQueueCapacity);
    }

    public SourceSettings withPartnerSource(PartnerSource source) {
        List<PartnerSource> more = new ArrayList<>(partnerSources);
        more.removeIf(s -> s.busName().equals(source.busName()));
        more.add(source);
        return new SourceSettings(archives, more, replayEventsPerSecond, archiveQueueCapacity);
    }

    public SourceSettings withReplayEventsPerSecond(int eventsPerSecond) {
        if (eventsPerSecond < 1 || eventsPerSecond > 100_000) {
            throw new IllegalArgumentException("replay events per second " + eventsPerSecond + " is out of range; allowed 1 to 100000");
        }
        return new SourceSettings(archives, partnerSources, eventsPerSecond, archiveQueueCapacity);
    }

    /**
     * Reads the keys of an {@code events:} section named here ({@code archives}, {@code partnerSources},
     * {@code replayEventsPerSecond}, {@code archiveQueueCapacity}), before the bus's settings read the
     * rest of it; problems go to the node's list with their path, and what has one is left out.
     */
    public static SourceSettings read(ConfigNode events) {
        SourceSettings defaults = defaults();
        int pace = events.integer("replayEventsPerSecond", defaults.replayEventsPerSecond, 1, 100_000);
        int capacity = events.integer("archiveQueueCapacity", defaults.archiveQueueCapacity, 1, 1 << 24);
        List<Archive> archives = new ArrayList<>();
        for (ConfigNode node : events.list("archives")) {
            String name = node.requiredString("name");
            String bus = node.string("eventSourceBus", Rule.DEFAULT_BUS);
            String pattern = node.string("eventPattern", null);
            int retention = node.integer("retentionDays", 0, 0, Integer.MAX_VALUE);
            String description = node.string("description", null);
            node.rejectUnknownKeys();
            if (name == null) {
                continue;
            }
            try {
                archives.add(new Archive(name, bus, pattern == null ? null : EventPattern.parse(pattern), retention, description));
            } catch (InvalidEventPatternException e) {
                node.problem("eventPattern", e.getMessage());
            } catch (IllegalArgumentException e) {
                node.problem("name", e.getMessage());
            }
        }
        List<PartnerSource> partners = new ArrayList<>();
        for (ConfigNode node : events.list("partnerSources")) {
            String partner = node.requiredString("partner");
            String source = node.requiredString("source");
            String secret = node.requiredString("secret");
            Duration tolerance = node.duration("tolerance", Duration.ofMinutes(5));
            node.rejectUnknownKeys();
            if (partner == null || source == null || secret == null) {
                continue;
            }
            try {
                partners.add(new PartnerSource(partner, source, secret, tolerance));
            } catch (IllegalArgumentException e) {
                node.problem(e.getMessage().contains("secret") ? "secret" : e.getMessage().contains("tolerance") ? "tolerance"
                        : e.getMessage().startsWith("source") ? "source" : "partner", e.getMessage());
            }
        }
        return new SourceSettings(archives, partners, pace, capacity);
    }
}
