package dev.monitor.aws.internal;

import dev.monitor.aws.AwsClientSettings;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.ExporterProvider;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.export.Signal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.PutTraceSegmentsResponse;
import software.amazon.awssdk.services.xray.model.UnprocessedTraceSegment;

/**
 * {@code type: xray}: segment documents straight to X-Ray with {@code PutTraceSegments}, the
 * alternative to the daemon (https://docs.aws.amazon.com/xray/latest/api/API_PutTraceSegments.html).
 * Each document is at most {@value #MAX_DOCUMENT} bytes, X-Ray's segment document quota
 * (https://docs.aws.amazon.com/general/latest/gr/xray.html); a larger one is set aside and counted
 * ({@code Monitor/Dropped}, {@code Reason=TooLarge}). Documents go {@value #MAX_DOCUMENTS} to a
 * request, the batch the X-Ray daemon sends (the API model gives no count limit; the daemon's
 * batches are what the service is sized for).
 *
 * <p>Documents the service lists in {@code UnprocessedTraceSegments} are sent again in a later
 * request, at most {@value #MAX_UNPROCESSED_TRIES} times in all, then dropped and counted
 * ({@code Reason=Unprocessed}); a document X-Ray receives twice is harmless, as it keeps the last
 * document of a segment id. Throttling and 5xx are retried by the SDK, then the request waits in
 * the bounded {@link Backlog} as every AWS exporter's does ({@link Delivery}).
 */
public final class XRayExporter implements Exporter<SegmentDocument> {
    private static final Logger LOG = LoggerFactory.getLogger(XRayExporter.class);
    static final int MAX_DOCUMENT = 64 * 1024;
    static final int MAX_DOCUMENTS = 50;
    static final int MAX_UNPROCESSED_TRIES = 3;
    static final long DEFAULT_BUFFER = 16L << 20;
    private static final Batches.Limits LIMITS = new Batches.Limits(MAX_DOCUMENTS, (long) MAX_DOCUMENTS * MAX_DOCUMENT, 0);

    /** A document as sent, with the attempts the service left it unprocessed so far. */
    record Document(String traceId, String id, String json, int bytes, int unprocessed) {
    }

    /** One PutTraceSegments request. */
    record Request(List<Document> documents) {
        long bytes() {
            long bytes = 0;
            for (Document d : documents) {
                bytes += d.bytes;
            }
            return bytes;
        }
    }

    private final AwsClients clients;
    private final XRayClient xray;
    private final Delivery.Drops drops;
    private final Backlog<Request> backlog;
    private final Delivery<Request> delivery;
    private final String name;
    private final Metering metering;
    private boolean warnedUnprocessed;
    /** Documents the service left unprocessed in this drain, queued for the next. */
    private final List<Document> unprocessed = new ArrayList<>();

    XRayExporter(AwsClients clients, ExporterContext context, long bufferBytes) {
        this.clients = clients;
        this.xray = clients.build(XRayClient.builder());
        this.name = context.name();
        this.metering = new Metering(context.usage(), context.clock());
        this.drops = new Delivery.Drops(Signal.TRACES, context);
        this.backlog = new Backlog<>(bufferBytes, evicted -> drops.count("BufferFull", evicted));
        this.delivery = new Delivery<>("xray exporter '" + name + "'", "X-Ray", Signal.TRACES, context, backlog, this::send,
                r -> r.documents().size(), drops);
    }

    @Override
    public void export(List<SegmentDocument> batch) {
        List<Document> documents = new ArrayList<>(batch.size());
        for (SegmentDocument item : batch) {
            int bytes = Utf8.length(item.document());
            if (bytes > MAX_DOCUMENT) {
                drops.count("TooLarge", 1);
                continue;
            }
            documents.add(new Document(item.traceId(), item.id(), item.document(), bytes, 0));
        }
        queue(documents);
        drain(false);
    }

    /** Sends what waits, then once more what the service left unprocessed meanwhile. */
    private void drain(boolean force) {
        requeueUnprocessed();
        if (delivery.drain(force) && !unprocessed.isEmpty()) {
            requeueUnprocessed();
            delivery.drain(force);
        }
    }

    private void requeueUnprocessed() {
        if (!unprocessed.isEmpty()) {
            List<Document> again = List.copyOf(unprocessed);
            unprocessed.clear();
            queue(again);
        }
    }

    private void queue(List<Document> documents) {
        for (List<Document> part : Batches.split(documents, LIMITS, Document::bytes)) {
            Request request = new Request(part);
            backlog.add(request, part.size(), request.bytes());
        }
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
            requeueUnprocessed();
            delivery.abandonRest();
        } finally {
            clients.close();
        }
    }

    private void send(Request request) {
        List<String> documents = request.documents.stream().map(Document::json).toList();
        PutTraceSegmentsResponse response = xray.putTraceSegments(b -> b.traceSegmentDocuments(documents)
                .overrideConfiguration(clients.override()));
        metering.segmentsRecorded(request.documents.stream().map(Document::traceId).toList());
        if (!response.hasUnprocessedTraceSegments() || response.unprocessedTraceSegments().isEmpty()) {
            return;
        }
        Map<String, Document> byId = new HashMap<>();
        for (Document d : request.documents) {
            byId.putIfAbsent(d.id, d);
        }
        List<Document> again = new ArrayList<>();
        long given = 0;
        for (UnprocessedTraceSegment left : response.unprocessedTraceSegments()) {
            Document d = left.id() == null ? null : byId.remove(left.id());
            if (d == null) {
                continue; // an id not sent, or listed twice
            }
            if (d.unprocessed + 1 >= MAX_UNPROCESSED_TRIES) {
                given++;
            } else {
                again.add(new Document(d.traceId, d.id, d.json, d.bytes, d.unprocessed + 1));
            }
            if (!warnedUnprocessed) {
                warnedUnprocessed = true;
                LOG.warn("xray exporter '{}': X-Ray left segment {} unprocessed ({}: {}); such segments are sent again up to {} "
                        + "times, then counted in Monitor/Dropped (Reason=Unprocessed); further ones are only counted", name,
                        d.id, left.errorCode(), left.message(), MAX_UNPROCESSED_TRIES);
            }
        }
        drops.count("Unprocessed", given);
        // Queued once this drain is over: the backlog must not change under Delivery, which removes this request next.
        unprocessed.addAll(again);
    }

    /** What the backlog holds now, for tests. */
    Backlog<Request> backlog() {
        return backlog;
    }

    /**
     * {@code type: xray}: see {@link XRayExporter}. Settings: {@link AwsClientSettings}' and
     * {@code buffer} (default 16MB).
     */
    public static final class Provider implements ExporterProvider {
        @Override
        public String type() {
            return "xray";
        }

        @Override
        public Set<Signal<?>> signals() {
            return Set.of(Signal.TRACES);
        }

        @Override
        public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
            AwsClientSettings aws = AwsClientSettings.read(settings);
            long buffer = settings.bytes("buffer", DEFAULT_BUFFER);
            AwsClients clients = AwsProviders.open(aws, context, settings);
            if (clients == null) {
                return null;
            }
            return signal.as(Signal.TRACES, new XRayExporter(clients, context, buffer));
        }
    }
}
