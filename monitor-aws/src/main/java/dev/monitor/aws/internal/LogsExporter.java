package dev.monitor.aws.internal;

import dev.monitor.aws.AwsClientSettings;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.ExporterProvider;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.Signal;
import dev.monitor.core.logs.LogSettings;
import dev.monitor.core.logs.MetricFilter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.MetricTransformation;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * {@code type: cloudwatch-logs}: log events to CloudWatch Logs with {@code PutLogEvents}, within its
 * limits (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html):
 * one group and stream per request, at most {@value #MAX_EVENTS} events and {@value #MAX_BYTES} bytes
 * (each event's UTF-8 message plus {@value #EVENT_OVERHEAD} bytes), in chronological order, spanning
 * at most 24 hours. The group and stream are created when PutLogEvents finds them missing
 * ({@code ResourceAlreadyExistsException} from a concurrent writer tolerated).
 *
 * <p>Set aside and counted in {@code Monitor/Dropped} ({@code Signal=logs}, {@code Reason}):
 * {@code TooOld} (older than 14 days, or than the group's configured retention when shorter),
 * {@code TooNew} (more than 2 hours ahead), {@code TooLarge} (a message over 1 MB less the event's
 * 26 bytes), {@code BufferFull}, {@code Rejected}, {@code NotSentAtClose}; events the service reports in
 * {@code rejectedLogEventsInfo} count as {@code TooOld} or {@code TooNew} too.
 *
 * <p>Once per group, before its first events, the group's settings are synced: its retention
 * ({@code retentionInDays} of the entry or of the group under {@code groups:}, else the group's own
 * in the monitor's {@code logs:} section) with {@code PutRetentionPolicy}, and the entry's
 * {@code metricFilters} of that group (with {@code syncMetricFilters: true}, the {@code logs:}
 * section's too) with {@code PutMetricFilter}.
 */
public final class LogsExporter implements Exporter<LogEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(LogsExporter.class);
    static final int MAX_EVENTS = 10_000;
    static final int MAX_BYTES = 1_048_576;
    static final int EVENT_OVERHEAD = 26;
    static final Duration MAX_SPAN = Duration.ofHours(24);
    static final Duration OLDEST = Duration.ofDays(14);
    static final Duration NEWEST = Duration.ofHours(2);
    static final long DEFAULT_BUFFER = 16L << 20;
    private static final Batches.Limits LIMITS = new Batches.Limits(MAX_EVENTS, MAX_BYTES, 0);

    /** One event as sent: milliseconds since 1970 and the message. */
    record Event(long millis, String message, int bytes) {
        long size() {
            return (long) bytes + EVENT_OVERHEAD;
        }
    }

    /** One PutLogEvents request. */
    record Request(String group, String stream, List<Event> events) {
        long bytes() {
            long bytes = 0;
            for (Event e : events) {
                bytes += e.size();
            }
            return bytes;
        }
    }

    /** The group settings the exporter syncs. */
    record GroupSync(Integer defaultRetention, Map<String, Integer> retentionByGroup, List<MetricFilter> metricFilters) {
        Integer retention(String group) {
            return retentionByGroup.containsKey(group) ? retentionByGroup.get(group) : defaultRetention;
        }
    }

    private final AwsClients clients;
    private final CloudWatchLogsClient logs;
    private final Clock clock;
    private final Metering metering;
    private final Delivery.Drops drops;
    private final Backlog<Request> backlog;
    private final Delivery<Request> delivery;
    private final GroupSync sync;
    private final Set<String> synced = new HashSet<>();
    private final String name;

    LogsExporter(AwsClients clients, ExporterContext context, long bufferBytes, GroupSync sync) {
        this.clients = clients;
        this.logs = clients.build(CloudWatchLogsClient.builder());
        this.clock = context.clock();
        this.metering = new Metering(context.usage(), context.clock());
        this.sync = sync;
        this.name = context.name();
        this.drops = new Delivery.Drops(Signal.LOGS, context);
        this.backlog = new Backlog<>(bufferBytes, evicted -> drops.count("BufferFull", evicted));
        this.delivery = new Delivery<>("cloudwatch-logs exporter '" + name + "'", "CloudWatch Logs", Signal.LOGS, context,
                backlog, this::send, r -> r.events().size(), drops);
    }

    @Override
    public void export(List<LogEvent> batch) {
        for (Request request : requests(batch)) {
            backlog.add(request, request.events().size(), request.bytes());
        }
        delivery.drain(false);
    }

    @Override
    public void flush() {
        delivery.drain(true);
    }

    @Override
    public void close() {
        try {
            clients.closing();
            flush();
            delivery.abandonRest();
        } finally {
            clients.close();
        }
    }

    /** The requests of a batch: per group and stream, in time order, split within the limits. */
    List<Request> requests(List<LogEvent> batch) {
        Instant now = clock.instant();
        Map<List<String>, List<Event>> byStream = new LinkedHashMap<>();
        for (LogEvent event : batch) {
            String reason = window(event.timestamp(), now, sync.retention(event.group()));
            Event e = reason == null ? event(event) : null;
            if (e != null && !LIMITS.fitsAlone(e.size())) {
                reason = "TooLarge";
            }
            if (reason != null) {
                drops.count(reason, 1);
                continue;
            }
            byStream.computeIfAbsent(List.of(event.group(), event.stream()), k -> new ArrayList<>()).add(e);
        }
        List<Request> requests = new ArrayList<>();
        byStream.forEach((key, events) -> {
            events.sort(Comparator.comparingLong(Event::millis)); // stable: equal times keep their order
            for (List<Event> part : Batches.split(events, LIMITS, Event::size,
                    (first, next) -> next.millis - first.millis <= MAX_SPAN.toMillis())) {
                requests.add(new Request(key.get(0), key.get(1), part));
            }
        });
        return requests;
    }

    private static Event event(LogEvent event) {
        String message = event.message();
        return new Event(Math.floorDiv(event.epochMicros(), 1000L), message, Utf8.length(message));
    }

    /** {@code TooOld} or {@code TooNew} for a time CloudWatch Logs rejects at {@code now}, else null. */
    static String window(Instant timestamp, Instant now, Integer retentionDays) {
        Duration oldest = OLDEST;
        if (retentionDays != null && retentionDays < OLDEST.toDays()) {
            oldest = Duration.ofDays(retentionDays);
        }
        if (timestamp.isBefore(now.minus(oldest))) {
            return "TooOld";
        }
        if (timestamp.isAfter(now.plus(NEWEST))) {
            return "TooNew";
        }
        return null;
    }

    private void send(Request request) {
        Instant now = clock.instant();
        List<InputLogEvent> events = new ArrayList<>(request.events.size());
        for (Event e : request.events) { // what aged past the window while it waited is set aside
            String reason = window(Instant.ofEpochMilli(e.millis), now, sync.retention(request.group));
            if (reason == null) {
                events.add(InputLogEvent.builder().timestamp(e.millis).message(e.message).build());
            } else {
                drops.count(reason, 1);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        syncGroup(request.group);
        PutLogEventsResponse response;
        try {
            response = put(request, events);
        } catch (ResourceNotFoundException e) {
            create(request.group, request.stream);
            response = put(request, events);
        }
        countRejected(response.rejectedLogEventsInfo(), events.size());
        long bytes = 0;
        for (InputLogEvent e : events) {
            bytes += Utf8.length(e.message()) + EVENT_OVERHEAD;
        }
        metering.logsIngested(bytes);
    }

    private PutLogEventsResponse put(Request request, List<InputLogEvent> events) {
        return logs.putLogEvents(b -> b.logGroupName(request.group).logStreamName(request.stream).logEvents(events)
                .overrideConfiguration(clients.override()));
    }

    private void create(String group, String stream) {
        try {
            logs.createLogGroup(b -> b.logGroupName(group).overrideConfiguration(clients.override()));
        } catch (ResourceAlreadyExistsException e) {
            // created meanwhile by another writer: what was wanted
        }
        try {
            logs.createLogStream(b -> b.logGroupName(group).logStreamName(stream).overrideConfiguration(clients.override()));
        } catch (ResourceAlreadyExistsException e) {
            // as above
        }
    }

    /** Retention and metric filters of {@code group}, once; a group missing here is created first. */
    private void syncGroup(String group) {
        if (synced.contains(group)) {
            return;
        }
        Integer retention = sync.retention(group);
        List<MetricFilter> filters = sync.metricFilters().stream().filter(f -> f.logGroupName().equals(group)).toList();
        if (retention != null || !filters.isEmpty()) {
            try {
                applySync(group, retention, filters);
            } catch (ResourceNotFoundException e) {
                try {
                    logs.createLogGroup(b -> b.logGroupName(group));
                } catch (ResourceAlreadyExistsException exists) {
                    // created meanwhile
                }
                applySync(group, retention, filters);
            } catch (SdkException e) {
                if (Delivery.isTransient(e)) {
                    throw e; // the request waits; the sync is tried again with it
                }
                LOG.warn("cloudwatch-logs exporter '{}' could not sync the settings of log group {} (retention, metric filters); "
                        + "its events are sent all the same: {}", name, group, e.getMessage());
            }
        }
        synced.add(group);
    }

    private void applySync(String group, Integer retention, List<MetricFilter> filters) {
        if (retention != null) {
            logs.putRetentionPolicy(b -> b.logGroupName(group).retentionInDays(retention));
        }
        for (MetricFilter filter : filters) {
            MetricFilter.Transformation t = filter.transformation();
            MetricTransformation.Builder transformation = MetricTransformation.builder().metricName(t.metricName())
                    .metricNamespace(t.metricNamespace()).metricValue(t.metricValue()).unit(t.unit().apiName());
            if (t.defaultValue() != null) {
                transformation.defaultValue(t.defaultValue());
            }
            if (!t.dimensions().isEmpty()) {
                transformation.dimensions(t.dimensions());
            }
            logs.putMetricFilter(b -> b.logGroupName(group).filterName(filter.filterName())
                    .filterPattern(filter.pattern().text()).metricTransformations(transformation.build()));
        }
    }

    private void countRejected(RejectedLogEventsInfo rejected, int sent) {
        if (rejected == null) {
            return;
        }
        if (rejected.tooNewLogEventStartIndex() != null) {
            drops.count("TooNew", sent - rejected.tooNewLogEventStartIndex());
        }
        int lastOld = -1;
        if (rejected.tooOldLogEventEndIndex() != null) {
            lastOld = rejected.tooOldLogEventEndIndex();
        }
        if (rejected.expiredLogEventEndIndex() != null) {
            lastOld = Math.max(lastOld, rejected.expiredLogEventEndIndex());
        }
        drops.count("TooOld", lastOld + 1L);
    }

    /** What the backlog holds now, for tests. */
    Backlog<Request> backlog() {
        return backlog;
    }

    /**
     * {@code type: cloudwatch-logs}: see {@link LogsExporter}. Settings: {@link AwsClientSettings}',
     * {@code buffer} (default 16MB), {@code retentionInDays} (every group's, unless {@code groups:}
     * gives one: {@code groups: {"/shop/orders": {retentionInDays: 30}}}; absent: each group's retention
     * in the monitor's {@code logs:} section, and a group it sets none for is left as it is in AWS),
     * {@code metricFilters} (as in the {@code logs:} section; each needs its {@code logGroupName}) and
     * {@code syncMetricFilters} (default false: true adds the {@code logs:} section's metric filters).
     */
    public static final class Provider implements ExporterProvider {
        @Override
        public String type() {
            return "cloudwatch-logs";
        }

        @Override
        public Set<Signal<?>> signals() {
            return Set.of(Signal.LOGS);
        }

        @Override
        public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
            AwsClientSettings aws = AwsClientSettings.read(settings);
            long buffer = settings.bytes("buffer", DEFAULT_BUFFER);
            Integer retention = LogSettings.retention(settings, "retentionInDays");
            Map<String, Integer> byGroup = new LinkedHashMap<>();
            ConfigNode groups = settings.child("groups");
            for (String group : groups.keys()) {
                ConfigNode node = groups.child(group);
                byGroup.put(group, LogSettings.retention(node, "retentionInDays"));
                node.rejectUnknownKeys();
            }
            List<MetricFilter> filters = new ArrayList<>();
            for (ConfigNode node : settings.list("metricFilters")) {
                if (!node.has("logGroupName")) {
                    node.problem("logGroupName", "required: the log group whose filter this is");
                    continue;
                }
                MetricFilter filter = MetricFilter.read(node, null);
                if (filter != null) {
                    filters.add(filter);
                }
            }
            boolean syncFilters = settings.bool("syncMetricFilters", false);
            LogSettings monitorLogs = context.configured(LogSettings.class);
            if (monitorLogs != null) {
                if (retention == null) { // the groups' own retention, where the exporter names none
                    monitorLogs.retentionByGroup().forEach((group, days) -> {
                        if (days != null) {
                            byGroup.putIfAbsent(group, days);
                        }
                    });
                }
                if (syncFilters) {
                    for (MetricFilter filter : monitorLogs.metricFilters()) {
                        boolean named = filters.stream().anyMatch(f -> f.logGroupName().equals(filter.logGroupName())
                                && f.filterName().equals(filter.filterName()));
                        if (!named) {
                            filters.add(filter);
                        }
                    }
                }
            }
            AwsClients clients = AwsProviders.open(aws, context, settings);
            if (clients == null) {
                return null;
            }
            return signal.as(Signal.LOGS, new LogsExporter(clients, context, buffer, new GroupSync(retention, byGroup, filters)));
        }
    }
}
