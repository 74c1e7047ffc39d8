package dev.monitor.aws.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.aws.AwsClientSettings;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.BusEvent;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.ExporterProvider;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.UsageMeter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * {@code type: eventbridge}: the events a monitor's buses accept, to an EventBridge bus with
 * {@code PutEvents}, within its limits (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html):
 * at most {@value #MAX_ENTRIES} entries and {@value #MAX_BYTES} bytes per request, each entry's size
 * as EventBridge calculates it
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html: 14 bytes for
 * {@code Time}, plus the UTF-8 bytes of {@code Source}, {@code DetailType}, {@code Detail} and each
 * of {@code Resources}).
 *
 * <p>PutEvents answers 200 even when some entries failed ({@code FailedEntryCount}); those entries,
 * and only those, are sent again in a request of their own when their error may pass
 * (throttling, an internal failure), at most {@value #MAX_ENTRY_ATTEMPTS} times; each failed entry is
 * counted in {@code Monitor/FailedEntries} and those not sent in the end in {@code Monitor/Dropped}
 * ({@code Reason=Rejected}). An event over the entry limit or whose envelope has no source,
 * detail-type or detail object is set aside as {@code Reason=TooLarge} or {@code Reason=Invalid}.
 * Each entry accepted is billed as {@code AWSEvents Event-64K-Chunks}, one per started 64 KB.
 *
 * <pre>{@code
 * exporters:
 *   - type: eventbridge
 *     eventBusName: monitor-events   # name or ARN of the bus; default: default
 *     region: eu-west-1
 *     buffer: 4MB
 * }</pre>
 */
public final class EventBridgeExporter implements Exporter<BusEvent> {
    static final int MAX_ENTRIES = 10;
    static final int MAX_BYTES = 262_144;
    static final int MAX_ENTRY_ATTEMPTS = 3;
    static final long DEFAULT_BUFFER = 4L << 20;
    private static final Batches.Limits LIMITS = new Batches.Limits(MAX_ENTRIES, MAX_BYTES, 0);

    /** One entry as sent, with the attempts it has had. */
    record Entry(PutEventsRequestEntry entry, int bytes, int attempts) {
    }

    /** One PutEvents request. */
    record Request(List<Entry> entries) {
        long bytes() {
            long bytes = 0;
            for (Entry e : entries) {
                bytes += e.bytes();
            }
            return bytes;
        }
    }

    private final AwsClients clients;
    private final EventBridgeClient events;
    private final String bus;
    private final UsageMeter usage;
    private final Delivery.Drops drops;
    private final Counter failedEntries;
    private final Backlog<Request> backlog;
    private final Delivery<Request> delivery;
    private final List<Entry> retries = new ArrayList<>();

    EventBridgeExporter(AwsClients clients, ExporterContext context, String bus, long bufferBytes) {
        this.clients = clients;
        this.events = clients.build(EventBridgeClient.builder());
        this.bus = bus;
        this.usage = context.usage();
        this.drops = new Delivery.Drops(Signal.EVENTS, context);
        this.failedEntries = context.self().counterBuilder("FailedEntries").dimension("Signal", Signal.EVENTS.name())
                .dimension("Exporter", context.name()).resolution(Resolution.STANDARD).register();
        this.backlog = new Backlog<>(bufferBytes, evicted -> drops.count("BufferFull", evicted));
        this.delivery = new Delivery<>("eventbridge exporter '" + context.name() + "'", "EventBridge", Signal.EVENTS, context,
                backlog, this::send, r -> r.entries().size(), drops);
    }

    @Override
    public void export(List<BusEvent> batch) {
        List<Entry> entries = new ArrayList<>(batch.size());
        for (BusEvent event : batch) {
            PutEventsRequestEntry entry;
            try {
                entry = entry(event.json()).eventBusName(bus).build();
            } catch (IllegalArgumentException e) {
                drops.count("Invalid", 1);
                continue;
            }
            int bytes = size(entry);
            if (!LIMITS.fitsAlone(bytes)) {
                drops.count("TooLarge", 1);
                continue;
            }
            entries.add(new Entry(entry, bytes, 0));
        }
        queue(entries);
        drain(false);
    }

    @Override
    public boolean keepsItems() {
        return false;
    }

    @Override
    public void flush() {
        drain(true);
    }

    @Override
    public void close() {
        try {
            clients.closing();
            flush();
            retries.clear();
            delivery.abandonRest();
        } finally {
            clients.close();
        }
    }

    /** Drains the backlog, then the failed entries again in requests of their own, until none is left to retry. */
    private void drain(boolean force) {
        boolean empty = delivery.drain(force);
        while (empty && !retries.isEmpty()) {
            List<Entry> again = new ArrayList<>(retries);
            retries.clear();
            queue(again);
            empty = delivery.drain(true);
        }
        if (!retries.isEmpty()) { // the backlog stopped on an outage: the failed entries wait at its end
            queue(new ArrayList<>(retries));
            retries.clear();
        }
    }

    private void queue(List<Entry> entries) {
        for (List<Entry> request : Batches.split(entries, LIMITS, Entry::bytes)) {
            Request r = new Request(request);
            backlog.add(r, request.size(), r.bytes());
        }
    }

    private void send(Request request) {
        List<PutEventsRequestEntry> entries = request.entries().stream().map(Entry::entry).toList();
        PutEventsResponse response = events.putEvents(r -> r.entries(entries).overrideConfiguration(clients.override()));
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < request.entries().size(); i++) {
            Entry entry = request.entries().get(i);
            PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
            if (result != null && result.errorCode() != null) {
                failedEntries.increment();
                if (isRetryable(result.errorCode()) && entry.attempts() + 1 < MAX_ENTRY_ATTEMPTS) {
                    retries.add(new Entry(entry.entry(), entry.bytes(), entry.attempts() + 1));
                } else {
                    drops.count("Rejected", 1);
                }
            } else {
                usage.record("AWSEvents", "Event-64K-Chunks", chunks(entry.bytes()));
            }
        }
    }

    /** Whether a failed entry's error may pass on another attempt. */
    static boolean isRetryable(String errorCode) {
        return errorCode != null && (errorCode.contains("Throttl") || errorCode.contains("InternalFailure")
                || errorCode.contains("InternalException") || errorCode.contains("ServiceUnavailable"));
    }

    /**
     * The entry of an event envelope: its {@code source}, {@code detail-type}, {@code detail} (as
     * JSON text), {@code resources} and {@code time}.
     *
     * @throws IllegalArgumentException naming what the envelope lacks
     */
    static PutEventsRequestEntry.Builder entry(String envelope) {
        JsonNode root;
        try {
            root = JsonNode.parser().parse(envelope);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the event is not JSON: " + e.getMessage(), e);
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("the event is not a JSON object");
        }
        Map<String, JsonNode> fields = root.asObject();
        JsonNode source = fields.get("source");
        JsonNode detailType = fields.get("detail-type");
        JsonNode detail = fields.get("detail");
        if (source == null || !source.isString() || detailType == null || !detailType.isString()
                || detail == null || !detail.isObject()) {
            throw new IllegalArgumentException("an event put on a bus needs a source, a detail-type and a detail object "
                    + "(EventBridge's envelope)");
        }
        PutEventsRequestEntry.Builder entry = PutEventsRequestEntry.builder().source(source.asString())
                .detailType(detailType.asString()).detail(RawJson.member(envelope, "detail"));
        JsonNode resources = fields.get("resources");
        if (resources != null && resources.isArray() && !resources.asArray().isEmpty()) {
            entry.resources(resources.asArray().stream().filter(JsonNode::isString).map(JsonNode::asString).toList());
        }
        JsonNode time = fields.get("time");
        if (time != null && time.isString()) {
            try {
                entry.time(Instant.parse(time.asString()));
            } catch (DateTimeParseException e) {
                // no time: EventBridge sets the time of the call
            }
        }
        return entry;
    }

    /** EventBridge's size of an entry (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html). */
    /** The 64 KB chunks EventBridge bills an entry of {@code bytes} as: one per started 64 KB. */
    static long chunks(long bytes) {
        return Math.max(1, (bytes + 65_535) / 65_536);
    }

    static int size(PutEventsRequestEntry entry) {
        int size = entry.time() != null ? 14 : 0;
        size += Utf8.length(entry.source()) + Utf8.length(entry.detailType()) + Utf8.length(entry.detail());
        if (entry.hasResources()) {
            for (String resource : entry.resources()) {
                size += Utf8.length(resource);
            }
        }
        return size;
    }

    /** {@code type: eventbridge}. */
    public static final class Provider implements ExporterProvider {
        @Override
        public String type() {
            return "eventbridge";
        }

        @Override
        public Set<Signal<?>> signals() {
            return Set.of(Signal.EVENTS);
        }

        @Override
        public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
            AwsClientSettings aws = AwsClientSettings.read(settings);
            String bus = settings.string("eventBusName", "default");
            long buffer = settings.bytes("buffer", DEFAULT_BUFFER);
            AwsClients clients = AwsProviders.open(aws, context, settings);
            if (clients == null) {
                return null;
            }
            return signal.as(Signal.EVENTS, new EventBridgeExporter(clients, context, bus, buffer));
        }
    }
}
