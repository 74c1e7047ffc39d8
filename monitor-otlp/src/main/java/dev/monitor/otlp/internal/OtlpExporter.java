package dev.monitor.otlp.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.Signal;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports one signal over OTLP/HTTP: each batch is encoded into one request (reusing one buffer)
 * and sent on the exporter's own thread, with the retries {@link OtlpSender} makes. It never
 * throws a failure at the pipeline, whose retries could not honour {@code Retry-After}: what it
 * cannot deliver it counts in {@code Monitor/Dropped} (dimensions {@code Signal}, {@code Exporter},
 * {@code Reason}): {@code Unavailable} after the retries, {@code Rejected} for a final status such
 * as 400, {@code PartialSuccess} for what the collector's partial success says it rejected, and
 * {@code Invalid} for a segment document that is not one. Failed requests count in
 * {@code Monitor/ExporterErrors}. The first failure of an outage is logged, and its end; while it
 * lasts each batch is tried once, without retries, so that batches do not queue up behind waits.
 *
 * @param <T> the signal's items
 */
final class OtlpExporter<T> implements Exporter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpExporter.class);

    /** Writes a batch as one request; returns how many items (data points, records, spans) it holds. */
    @FunctionalInterface
    interface Encoding<T> {
        int encode(List<T> batch, Encoder out);
    }

    private final Signal<T> signal;
    private final String name;
    private final Encoding<T> encoding;
    private final Encoder encoder;
    private final OtlpSender sender;
    private final String rejectedField;
    private final ExporterContext context;
    private final Counter errors;
    private final Map<String, Counter> drops = new HashMap<>();
    private boolean failing;
    /** Whether the last batch found the collector unavailable after its retries. */
    private boolean unavailable;
    private boolean warnedPartial;

    OtlpExporter(Signal<T> signal, ExporterContext context, OtlpSettings settings, Encoding<T> encoding,
                 OtlpSender.Sleeper sleeper) {
        this.signal = signal;
        this.name = context.name();
        this.context = context;
        this.encoding = encoding;
        this.encoder = settings.json() ? new JsonEncoder() : new ProtoEncoder();
        this.sender = new OtlpSender(settings, encoder.contentType(), sleeper, context.clock());
        this.rejectedField = signal == Signal.METRICS ? "rejectedDataPoints" : signal == Signal.LOGS ? "rejectedLogRecords" : "rejectedSpans";
        this.errors = context.self().counterBuilder("ExporterErrors").dimension("Signal", signal.name())
                .dimension("Exporter", name).resolution(Resolution.STANDARD).register();
    }

    @Override
    public void export(List<T> batch) throws IOException {
        encoder.reset();
        int items = encoding.encode(batch, encoder);
        if (items == 0) {
            return;
        }
        OtlpSender.Outcome outcome;
        try {
            // During an outage one attempt per batch: retrying each would hold every batch for the retry budget.
            outcome = sender.send(encoder.array(), encoder.size(), rejectedField, unavailable ? 1 : Integer.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("otlp exporter '" + name + "' was interrupted while sending " + signal);
        }
        switch (outcome.kind()) {
            case SENT -> {
                unavailable = false;
                if (failing) {
                    failing = false;
                    LOG.info("otlp exporter '{}': {} reaches {} again", name, signal, sender.endpoint());
                }
                if (outcome.rejected() > 0) {
                    drop("PartialSuccess", outcome.rejected());
                    if (!warnedPartial) {
                        warnedPartial = true;
                        LOG.warn("otlp exporter '{}': the collector at {} rejected {} of {} {} items ({}); such items are "
                                + "counted in Monitor/Dropped (Reason=PartialSuccess), and not logged again", name,
                                sender.endpoint(), outcome.rejected(), items, signal, outcome.message());
                    }
                }
            }
            case REJECTED -> {
                errors.increment();
                drop("Rejected", items);
                if (!failing) {
                    failing = true;
                    LOG.warn("otlp exporter '{}': {} refused a batch of {} {} items with {}, a status not worth retrying; "
                            + "such batches are dropped and counted in Monitor/Dropped (Reason=Rejected)", name,
                            sender.endpoint(), items, signal, outcome.message());
                }
            }
            case GAVE_UP -> {
                unavailable = true;
                errors.increment();
                drop("Unavailable", items);
                if (!failing) {
                    failing = true;
                    LOG.warn("otlp exporter '{}': {} is unavailable ({}, {} attempts); batches of {} are dropped and counted in "
                            + "Monitor/Dropped (Reason=Unavailable), each tried once, until it answers again", name, sender.endpoint(),
                            outcome.message(), outcome.attempts(), signal);
                }
            }
            default -> throw new IllegalStateException("unknown outcome " + outcome.kind());
        }
    }

    /** Counts {@code items} dropped for {@code reason}. */
    void drop(String reason, long items) {
        if (items > 0) {
            drops.computeIfAbsent(reason, r -> context.self().counterBuilder("Dropped").dimension("Signal", signal.name())
                    .dimension("Exporter", name).dimension("Reason", r).resolution(Resolution.STANDARD).register())
                    .increment(items);
        }
    }

    /** Encoded in {@link #export} and kept nowhere after it. */
    @Override
    public boolean keepsItems() {
        return false;
    }

    @Override
    public String toString() {
        return "otlp exporter '" + name + "' (" + signal + " to " + sender.endpoint() + ")";
    }
}
