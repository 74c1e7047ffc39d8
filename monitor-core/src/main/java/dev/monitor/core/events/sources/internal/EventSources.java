package dev.monitor.core.events.sources.internal;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.alarms.AlarmService;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.dashboard.DashboardServer;
import dev.monitor.core.events.archive.Archive;
import dev.monitor.core.events.archive.EventArchives;
import dev.monitor.core.events.archive.internal.ArchiveEngine;
import dev.monitor.core.events.internal.EventEngine;
import dev.monitor.core.events.schemas.SchemaRegistry;
import dev.monitor.core.events.sources.PartnerSource;
import dev.monitor.core.events.sources.SourceSettings;
import dev.monitor.core.files.DataLayout;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Not API: what a monitor builds around its event bus, started once the bus runs: schema discovery
 * and the archives (both observers of the bus's dispatch thread), Monitor's own events (alarm state
 * changes, audit write calls and insights on the {@code default} bus) and the partner webhooks on the
 * dashboard's server.
 */
public final class EventSources implements AutoCloseable {
    private final EventEngine events;
    private final MonitorEvents own;
    private final SchemaRegistry schemas;
    private final ArchiveEngine archives;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    private EventSources(EventEngine events, MonitorEvents own, SchemaRegistry schemas, ArchiveEngine archives) {
        this.events = events;
        this.own = own;
        this.schemas = schemas;
        this.archives = archives;
    }

    /**
     * What the sources need of the monitor.
     *
     * @param io the monitor's I/O lane ({@code Scheduler.io()}): the archives' retention sweep runs there
     */
    public record Context(EventEngine events, MonitorEvents own, AlarmService alarms, DashboardServer dashboard, DataLayout layout, Clock clock,
                          String account, String region, Metrics self, ScheduledExecutorService io) {
    }

    /**
     * Starts them; a problem of the settings (an archive of a bus that does not exist, partner sources
     * without a server) is added to {@code problems}, naming the setting.
     */
    public static EventSources start(SourceSettings settings, Context context, List<String> problems) {
        SchemaRegistry schemas = SchemaRegistry.builder().clock(context.clock()).dataLayout(context.layout()).selfMetrics(context.self())
                .arnDefaults(context.account(), context.region()).build();
        ArchiveEngine archives = new ArchiveEngine(new ArchiveEngine.Context(context.events(), context.layout(), context.clock(),
                context.account(), context.region(), context.self(), settings.archiveQueueCapacity(), settings.replayEventsPerSecond(), context.io()));
        EventSources sources = new EventSources(context.events(), context.own(), schemas, archives);
        // the bus's dispatch thread calls observe, never the thread that put the event
        sources.subscriptions.add(context.events().observe((bus, eventJson) -> schemas.observe(eventJson)));
        for (Archive archive : settings.archives()) {
            try {
                archives.createArchive(archive);
            } catch (IllegalArgumentException e) {
                problems.add("events.archives: " + archive.name() + ": " + e.getMessage());
            }
        }
        context.own().attach(context.events());
        sources.subscriptions.add(context.own().alarms(context.alarms()));
        List<PartnerSource> partners = settings.partnerSources();
        if (!partners.isEmpty()) {
            if (context.dashboard() == null) {
                problems.add("events.partnerSources: webhooks are taken on the dashboard's server; enable it (dashboard.enabled: true)");
            } else {
                context.dashboard().serveOpen(PartnerSource.PATH, new PartnerWebhooks(partners, context.events(), context.clock(),
                        context.account(), context.region(), context.self()));
            }
        }
        return sources;
    }

    /** Puts the trail's insights on the bus (its write calls come through the audit signal's exporter). */
    public void auditTrail(AuditTrail trail) {
        subscriptions.add(own.insights(trail));
    }

    public SchemaRegistry schemas() {
        return schemas;
    }

    public EventArchives archives() {
        return archives;
    }

    /** Dispatches what the audit exporter put since the bus's own flush, and writes what waits for the archives. */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean dispatched = events.flush(timeout);
        return archives.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))) && dispatched;
    }

    @Override
    public void close() {
        List<Subscription> all = new ArrayList<>(subscriptions);
        subscriptions.clear();
        all.forEach(Subscription::close);
        archives.close();
    }
}
