package dev.monitor.console.events;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.console.ApiException;
import dev.monitor.console.ApiRequest;
import dev.monitor.console.ConsoleApi;
import dev.monitor.console.ConsolePage;
import dev.monitor.core.Monitor;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.Target;
import dev.monitor.core.events.archive.Archive;
import dev.monitor.core.events.archive.Replay;
import dev.monitor.core.events.schemas.DiscoveryCounts;
import dev.monitor.core.events.schemas.SchemaDescription;
import dev.monitor.core.events.schemas.SchemaRegistry;
import dev.monitor.core.events.schemas.SchemaSummary;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.MetricStatistics;
import dev.monitor.core.metrics.RecentMetric;
import dev.monitor.core.metrics.Statistics;
import dev.monitor.core.metrics.StatisticsQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Events: the buses, each bus's rules with their {@code AWS/Events} metrics over the range, the
 * archives and replays, the discovered schemas, and the dead letters of the targets that failed.
 *
 * <ul>
 *   <li>{@code GET /api/events/buses}: each bus with its number of rules and archives;</li>
 *   <li>{@code GET /api/events/rules?bus=default&start=..&end=..}: the bus's rules, their pattern or schedule, state and
 *       targets, and per rule each of EventBridge's rule metrics (a total and a value per period);</li>
 *   <li>{@code GET /api/events/archives}: the archives and the replays started;</li>
 *   <li>{@code GET /api/events/schemas}: the discovered schemas, and what discovery left out;</li>
 *   <li>{@code GET /api/events/schema/NAME?version=..}: one version of a schema (the latest by default), its OpenAPI 3 text;</li>
 *   <li>{@code GET /api/events/dead-letters?bus=..&rule=..&start=..&end=..}: the dead letters in the range, newest first.</li>
 * </ul>
 */
public final class EventsPage implements ConsolePage {
    /**
     * The rule metrics EventBridge publishes in {@code AWS/Events}
     * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html), as the buses count them.
     */
    static final List<String> RULE_METRICS = List.of("MatchedEvents", "TriggeredRules", "Invocations", "FailedInvocations",
            "ThrottledRules", "DeadLetterInvocations", "InvocationsSentToDlq", "InvocationsFailedToBeSentToDlq");
    static final String NAMESPACE = "AWS/Events";
    /** Values per metric line at most: the period grows with the range. */
    static final int POINTS = 60;

    @Override
    public String id() {
        return "events";
    }

    @Override
    public String title() {
        return "Events";
    }

    @Override
    public int order() {
        return 70;
    }

    @Override
    public void install(ConsoleApi api, Monitor monitor) {
        api.get("buses", request -> buses(monitor));
        api.get("rules", request -> rules(monitor, request));
        api.get("archives", request -> archives(monitor));
        api.get("schemas", request -> schemas(monitor));
        api.get("schema", request -> schema(monitor, request));
        api.get("dead-letters", request -> DeadLetterFiles.read(monitor.dataDir(), request));
    }

    /** A bus. */
    record Bus(String name, int rules, int archives) {
    }

    /** A rule's target. */
    record TargetView(String id, String kind, String destination, String input, String inputPath, boolean inputTransformer,
                      int maximumRetryAttempts, long maximumEventAgeSeconds) {
    }

    /** One value of a metric. */
    record Point(Instant t, double value) {
    }

    /** A rule metric over the range: its sum, and its sum per period. */
    record Metric(double total, List<Point> points) {
    }

    /** A rule as put, and its metrics. */
    record RuleView(String name, String bus, String description, String state, String eventPattern, String schedule,
                    List<TargetView> targets, Map<String, Metric> metrics) {
    }

    /** A bus's rules over a range. */
    record Rules(String bus, Instant start, Instant end, int period, List<RuleView> rules) {
    }

    /** An archive. */
    record ArchiveView(String name, String bus, String eventPattern, int retentionDays, String description) {
    }

    /** The archives and replays. */
    record Archives(List<ArchiveView> archives, List<Replay> replays) {
    }

    /** The discovered schemas, and what discovery left out. */
    record Schemas(String registry, List<SchemaSummary> schemas, DiscoveryCounts leftOut, List<String> unreadableFiles) {
    }

    /** One version of a schema, and the versions the registry keeps. */
    record Schema(SchemaDescription schema, List<String> versions) {
    }

    static Map<String, List<Bus>> buses(Monitor monitor) {
        List<Archive> archives = monitor.eventArchives().archives();
        List<Bus> buses = new ArrayList<>();
        for (String bus : monitor.events().eventBuses()) {
            int archived = (int) archives.stream().filter(a -> a.eventSourceBus().equals(bus)).count();
            buses.add(new Bus(bus, monitor.events().rules(bus).size(), archived));
        }
        return Map.of("buses", buses);
    }

    static Rules rules(Monitor monitor, ApiRequest request) {
        ApiRequest.TimeRange range = request.range();
        String bus = request.optional("bus").orElse(Rule.DEFAULT_BUS);
        if (!monitor.events().eventBuses().contains(bus)) {
            throw ApiException.notFound("there is no event bus '" + bus + "'; the buses are " + monitor.events().eventBuses());
        }
        int period = period(range);
        Map<List<Object>, List<Datapoint>> held = ruleMetrics(monitor);
        List<RuleView> views = new ArrayList<>();
        for (Rule rule : monitor.events().rules(bus)) {
            List<TargetView> targets = new ArrayList<>();
            for (Target target : rule.targets()) {
                String destination = target.namespace() == null ? target.destination() : target.namespace() + "/" + target.destination();
                targets.add(new TargetView(target.id(), target.kind().name(), destination, target.input(), target.inputPath(),
                        target.inputTransformer() != null, target.retryPolicy().maximumRetryAttempts(),
                        target.retryPolicy().maximumEventAge().toSeconds()));
            }
            Map<String, Metric> metrics = new LinkedHashMap<>();
            for (String name : RULE_METRICS) {
                metrics.put(name, metric(held, rule, name, range, period));
            }
            views.add(new RuleView(rule.name(), rule.eventBusName(), rule.description(), rule.state().name(),
                    rule.eventPattern() == null ? null : rule.eventPattern().json(),
                    rule.scheduleExpression() == null ? null : rule.scheduleExpression().toString(), targets, metrics));
        }
        return new Rules(bus, range.start(), range.end(), period, views);
    }

    /** A period of a minute or a multiple of it (the rule metrics' resolution) giving at most {@link #POINTS} values. */
    static int period(ApiRequest.TimeRange range) {
        long minutes = Math.max(1, (range.length().toSeconds() + 60L * POINTS - 1) / (60L * POINTS));
        return (int) Math.min(minutes * 60, 86_400);
    }

    /**
     * The datapoints in memory of each {@code AWS/Events} metric, by name and dimensions: read once per
     * answer, so that the answer costs one pass over the monitor's metrics however many rules there are.
     */
    private static Map<List<Object>, List<Datapoint>> ruleMetrics(Monitor monitor) {
        Map<List<Object>, List<Datapoint>> held = new HashMap<>();
        for (RecentMetric metric : monitor.recentMetrics()) {
            MetricId id = metric.metric();
            if (id.namespace().equals(NAMESPACE)) {
                held.computeIfAbsent(List.of(id.name(), Set.copyOf(id.dimensions())), k -> new ArrayList<>()).addAll(metric.datapoints());
            }
        }
        return held;
    }

    /**
     * The rule's metric as GetMetricStatistics answers it: dimension {@code RuleName}, and
     * {@code EventBusName} on a custom bus, as EventBridge has them.
     */
    private static Metric metric(Map<List<Object>, List<Datapoint>> held, Rule rule, String name, ApiRequest.TimeRange range, int period) {
        List<Dimension> dimensions = new ArrayList<>();
        if (!rule.eventBusName().equals(Rule.DEFAULT_BUS)) {
            dimensions.add(new Dimension("EventBusName", rule.eventBusName()));
        }
        dimensions.add(new Dimension("RuleName", rule.name()));
        MetricStatistics statistics = Statistics.answer(new StatisticsQuery(NAMESPACE, name, dimensions, range.start(), range.end(),
                period, List.of("Sum"), List.of()), held.getOrDefault(List.of(name, Set.copyOf(dimensions)), List.of()));
        List<Point> points = new ArrayList<>();
        double total = 0;
        for (MetricStatistics.Point point : statistics.datapoints()) {
            Double sum = point.statistics().get("Sum");
            if (sum != null) {
                points.add(new Point(point.timestamp(), sum));
                total += sum;
            }
        }
        points.sort(java.util.Comparator.comparing(Point::t));
        return new Metric(total, points);
    }

    static Archives archives(Monitor monitor) {
        List<ArchiveView> archives = new ArrayList<>();
        for (Archive archive : monitor.eventArchives().archives()) {
            archives.add(new ArchiveView(archive.name(), archive.eventSourceBus(),
                    archive.eventPattern() == null ? null : archive.eventPattern().json(), archive.retentionDays(), archive.description()));
        }
        return new Archives(archives, monitor.eventArchives().replays());
    }

    static Schemas schemas(Monitor monitor) {
        SchemaRegistry registry = monitor.schemas();
        return new Schemas(SchemaRegistry.REGISTRY_NAME, registry.listSchemas(null), registry.counts(), registry.unreadableFiles());
    }

    static Schema schema(Monitor monitor, ApiRequest request) {
        String name = request.rest();
        if (name.isEmpty()) {
            throw ApiException.badRequest("name a schema: /api/events/schema/NAME");
        }
        String version = request.optional("version").orElse(null);
        SchemaRegistry registry = monitor.schemas();
        try {
            SchemaDescription latest = registry.describeSchema(name, null);
            SchemaDescription chosen = version == null ? latest : registry.describeSchema(name, version);
            long kept = registry.listSchemas(name).stream().filter(s -> s.schemaName().equals(name)).findFirst()
                    .map(SchemaSummary::versionCount).orElse(1L);
            return new Schema(chosen, versions(latest.schemaVersion(), kept));
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    /** The versions kept: numbered one after another, the oldest forgotten past the registry's maximum. */
    static List<String> versions(String latest, long kept) {
        try {
            long last = Long.parseLong(latest);
            List<String> versions = new ArrayList<>();
            for (long v = Math.max(1, last - kept + 1); v <= last; v++) {
                versions.add(Long.toString(v));
            }
            return versions;
        } catch (NumberFormatException e) {
            return List.of(latest);
        }
    }
}
