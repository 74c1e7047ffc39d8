package dev.monitor.aws.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.Signal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sends an AWS exporter's {@link Backlog}, oldest request first, and decides what a failure means:
 *
 * <ul>
 *   <li>a transient failure (the service unreachable or timing out, throttling or a 5xx past the
 *       SDK's retries, no credentials yet, 401/403 that a policy change may fix) keeps the request
 *       and everything after it for a later attempt: not before a pause that doubles from 1 s to
 *       a minute on the monitor's clock while the failures last, except on {@link #drain(boolean)
 *       flush}; the first such failure of an outage is logged once, its end too;</li>
 *   <li>any other service error (a 4xx such as InvalidParameterValue) would fail again: that
 *       request's items are dropped and counted ({@code Monitor/Dropped}, {@code Reason=Rejected}).</li>
 * </ul>
 *
 * <p>Failures are counted in {@code Monitor/ExporterErrors} with the pipeline's dimensions
 * ({@code Signal}, {@code Exporter}), since the exporter does not throw them at the pipeline.
 *
 * @param <R> a request ready to send
 */
public final class Delivery<R> {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    /**
     * Errors a change of credentials or policy fixes without a restart, which JSON services such as
     * CloudWatch Logs send with status 400.
     */
    private static final java.util.Set<String> ACCESS_ERRORS = java.util.Set.of("AccessDeniedException", "AccessDenied",
            "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException",
            "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature", "MissingAuthenticationToken");
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration LONGEST_PAUSE = Duration.ofMinutes(1);

    /** Sends one request; throws what the SDK threw. */
    @FunctionalInterface
    public interface Sender<R> {
        void send(R request);
    }

    private final String what;
    private final String service;
    private final Backlog<R> backlog;
    private final Sender<R> sender;
    private final ToIntFunction<R> itemsOf;
    private final Clock clock;
    private final Counter errors;
    private final Drops drops;
    private int failuresInARow;
    private Instant notBefore = Instant.MIN;
    private boolean warnedRejected;

    /**
     * @param what    the exporter as log lines name it, such as {@code cloudwatch exporter 'cloudwatch'}
     * @param service the service as log lines name it, such as {@code CloudWatch}
     */
    public Delivery(String what, String service, Signal<?> signal, ExporterContext context, Backlog<R> backlog,
                    Sender<R> sender, ToIntFunction<R> itemsOf, Drops drops) {
        this.what = what;
        this.service = service;
        this.backlog = backlog;
        this.sender = sender;
        this.itemsOf = itemsOf;
        this.clock = context.clock();
        this.drops = drops;
        this.errors = context.self().counterBuilder("ExporterErrors").dimension("Signal", signal.name())
                .dimension("Exporter", context.name()).resolution(Resolution.STANDARD).register();
    }

    /**
     * Sends what the backlog holds until it is empty or a transient failure stops it.
     *
     * @param force true to try even within the pause after a failure (a flush, a close)
     * @return whether the backlog is empty
     */
    public boolean drain(boolean force) {
        if (!force && clock.instant().isBefore(notBefore)) {
            return backlog.isEmpty();
        }
        for (R request = backlog.peek(); request != null; request = backlog.peek()) {
            try {
                sender.send(request);
            } catch (SdkException e) {
                errors.increment();
                if (isTransient(e)) {
                    pause(e);
                    return false;
                }
                reject(request, e);
                backlog.removeFirst();
                continue;
            }
            backlog.removeFirst();
            recovered();
        }
        return true;
    }

    /** Whether a later attempt may succeed where this one failed. */
    public static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return service.isThrottlingException() || status >= 500 || status == 401 || status == 403 || status == 429
                    || status == 408 || (code != null && ACCESS_ERRORS.contains(code));
        }
        return true; // a client-side failure: I/O, a timeout, credentials not found (yet)
    }

    private void pause(SdkException e) {
        failuresInARow++;
        Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(failuresInARow - 1, 6));
        if (pause.compareTo(LONGEST_PAUSE) > 0) {
            pause = LONGEST_PAUSE;
        }
        notBefore = clock.instant().plus(pause);
        if (failuresInARow == 1) {
            LOG.warn("{} cannot send to {}: {}. It keeps what it could not send ({} items, at most its buffer's bytes) "
                    + "and tries again; further failures are only counted in Monitor/ExporterErrors", what, service,
                    e.getMessage(), backlog.items());
        }
    }

    private void recovered() {
        if (failuresInARow > 0) {
            LOG.info("{} sends to {} again, after {} failed attempts", what, service, failuresInARow);
            failuresInARow = 0;
            notBefore = Instant.MIN;
        }
    }

    private void reject(R request, SdkException e) {
        int items = itemsOf.applyAsInt(request);
        drops.count("Rejected", items);
        if (!warnedRejected) {
            warnedRejected = true;
            LOG.warn("{}: {} rejected a request of {} items, which are dropped and counted in Monitor/Dropped "
                    + "(Reason=Rejected); further rejections are only counted: {}", what, service, items, e.getMessage());
        }
    }

    /**
     * At close, after a last {@link #drain(boolean) drain}: what is still unsent is counted in
     * {@code Monitor/Dropped} ({@code Reason=NotSentAtClose}) and named in one warning.
     */
    public void abandonRest() {
        long items = backlog.items();
        if (items > 0) {
            drops.count("NotSentAtClose", items);
            LOG.warn("{} closes with {} items it could not send to {}; they are counted in Monitor/Dropped "
                    + "(Reason=NotSentAtClose)", what, items, service);
            while (!backlog.isEmpty()) {
                backlog.removeFirst();
            }
        }
    }

    /** Consecutive transient failures so far; 0 once a request got through. */
    public int failuresInARow() {
        return failuresInARow;
    }

    /**
     * What an AWS exporter sets aside, in {@code Monitor/Dropped} with dimensions {@code Signal},
     * {@code Exporter} and {@code Reason}.
     */
    public static final class Drops {
        private final Metrics self;
        private final String signal;
        private final String exporter;
        private final Map<String, Counter> counters = new ConcurrentHashMap<>();

        public Drops(Signal<?> signal, ExporterContext context) {
            this.self = context.self();
            this.signal = signal.name();
            this.exporter = context.name();
        }

        /** Counts {@code items} dropped for {@code reason}. */
        public void count(String reason, long items) {
            if (items > 0) {
                counters.computeIfAbsent(reason, r -> self.counterBuilder("Dropped").dimension("Signal", signal)
                        .dimension("Exporter", exporter).dimension("Reason", r).resolution(Resolution.STANDARD).register())
                        .increment(items);
            }
        }
    }
}
