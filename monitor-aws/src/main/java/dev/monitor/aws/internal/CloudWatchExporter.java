package dev.monitor.aws.internal;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.aws.AwsClientSettings;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.ExporterProvider;
import dev.monitor.core.export.Signal;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.Values;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;

/**
 * {@code type: cloudwatch}: each period's datapoints to CloudWatch with {@code PutMetricData},
 * within its limits (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html):
 *
 * <ul>
 *   <li>one namespace per request, at most {@value #MAX_DATUMS} datums and {@value #MAX_REQUEST_BYTES}
 *       bytes each (AWS says 1 MB; the size is the encoded request as estimated from above by
 *       {@link #datumBytes}, before the gzip compression the SDK applies to it);</li>
 *   <li>a distribution as {@code Values} and {@code Counts}, at most {@value #MAX_VALUES} distinct values
 *       per datum, so CloudWatch computes percentiles; more make several datums of the same metric and
 *       timestamp, which CloudWatch aggregates; a single value seen once as {@code Value};</li>
 *   <li>at most {@value #MAX_DIMENSIONS} dimensions, {@code StorageResolution} 1 or 60, values
 *       finite and within ±2^360, timestamps from two weeks ago to two hours ahead.</li>
 * </ul>
 *
 * <p>What breaks a limit that splitting cannot fix is set aside and counted in {@code Monitor/Dropped}
 * ({@code Signal=metrics}, {@code Reason}: {@code ReservedNamespace} for the {@code AWS/} namespaces
 * CloudWatch keeps for AWS services, {@code TooManyDimensions}, {@code InvalidValue}, {@code TooOld},
 * {@code TooNew}, {@code BufferFull}, {@code Rejected}, {@code NotSentAtClose}). What cannot be sent now waits in a
 * bounded {@link Backlog} ({@code buffer}, default 16MB) and goes out, in order, once the
 * service answers again ({@link Delivery}).
 */
public final class CloudWatchExporter implements Exporter<Datapoint> {
    static final int MAX_DATUMS = 1000;
    static final int MAX_REQUEST_BYTES = 1_000_000;
    static final int MAX_VALUES = 150;
    static final int MAX_DIMENSIONS = 30;
    static final Duration OLDEST = Duration.ofDays(14);
    static final Duration NEWEST = Duration.ofHours(2);
    /** CloudWatch rejects values beyond ±2^360 (and non-zero ones nearer zero than 2^-360). */
    static final double LARGEST = Math.scalb(1.0, 360);
    static final double SMALLEST = Math.scalb(1.0, -360);
    static final long DEFAULT_BUFFER = 16L << 20;

    /** One datum as sent, with what the backlog and the limits need to know of it. */
    record Datum(MetricDatum datum, Instant timestamp, long bytes, boolean firstOfDatapoint) {
    }

    /** One PutMetricData request. */
    record Request(String namespace, List<Datum> datums) {
        int datapoints() {
            int count = 0;
            for (Datum d : datums) {
                count += d.firstOfDatapoint ? 1 : 0;
            }
            return count;
        }

        long bytes() {
            long bytes = fixedBytes(namespace);
            for (Datum d : datums) {
                bytes += d.bytes;
            }
            return bytes;
        }
    }

    private final AwsClients clients;
    private final CloudWatchClient cloudWatch;
    private final Clock clock;
    private final Metering metering;
    private final Delivery.Drops drops;
    private final Backlog<Request> backlog;
    private final Delivery<Request> delivery;

    CloudWatchExporter(AwsClients clients, ExporterContext context, long bufferBytes) {
        this.clients = clients;
        this.cloudWatch = clients.build(CloudWatchClient.builder());
        this.clock = context.clock();
        this.metering = new Metering(context.usage(), context.clock());
        this.drops = new Delivery.Drops(Signal.METRICS, context);
        this.backlog = new Backlog<>(bufferBytes, evicted -> drops.count("BufferFull", evicted));
        this.delivery = new Delivery<>("cloudwatch exporter '" + context.name() + "'", "CloudWatch", Signal.METRICS, context,
                backlog, this::send, Request::datapoints, drops);
    }

    @Override
    public void export(List<Datapoint> batch) {
        for (Request request : requests(batch)) {
            backlog.add(request, request.datapoints(), request.bytes());
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

    /** The requests a batch makes, in order, after setting aside (and counting) what CloudWatch would refuse. */
    List<Request> requests(List<Datapoint> batch) {
        Instant now = clock.instant();
        Map<String, List<Datum>> byNamespace = new LinkedHashMap<>();
        for (Datapoint datapoint : batch) {
            MetricId metric = datapoint.metric();
            String reason = refusal(datapoint, now);
            if (reason != null) {
                drops.count(reason, 1);
                continue;
            }
            if (datapoint.values().sampleCount() == 0) {
                continue; // nothing recorded in the period: nothing to send, nothing lost
            }
            List<Datum> datums = datums(datapoint);
            if (datums.isEmpty()) {
                drops.count("InvalidValue", 1);
                continue;
            }
            byNamespace.computeIfAbsent(metric.namespace(), n -> new ArrayList<>()).addAll(datums);
        }
        List<Request> requests = new ArrayList<>();
        byNamespace.forEach((namespace, datums) -> {
            Batches.Limits limits = new Batches.Limits(MAX_DATUMS, MAX_REQUEST_BYTES, fixedBytes(namespace));
            for (List<Datum> part : Batches.split(datums, limits, Datum::bytes)) {
                requests.add(new Request(namespace, part));
            }
        });
        return requests;
    }

    /** Why CloudWatch would refuse a datapoint whatever its values, or null. */
    static String refusal(Datapoint datapoint, Instant now) {
        MetricId metric = datapoint.metric();
        if (metric.namespace().startsWith("AWS/")) {
            return "ReservedNamespace";
        }
        if (metric.dimensions().size() > MAX_DIMENSIONS) {
            return "TooManyDimensions";
        }
        return window(datapoint.timestamp(), now);
    }

    /** {@code TooOld} or {@code TooNew} for a timestamp CloudWatch does not accept at {@code now}, else null. */
    static String window(Instant timestamp, Instant now) {
        if (timestamp.isBefore(now.minus(OLDEST))) {
            return "TooOld";
        }
        if (timestamp.isAfter(now.plus(NEWEST))) {
            return "TooNew";
        }
        return null;
    }

    /** Whether CloudWatch accepts a value. */
    static boolean acceptable(double value) {
        double magnitude = Math.abs(value);
        return Double.isFinite(value) && magnitude <= LARGEST && (magnitude == 0 || magnitude >= SMALLEST);
    }

    /** The datums of one datapoint: {@code Value} for one value seen once, else Values/Counts by 150. */
    static List<Datum> datums(Datapoint datapoint) {
        Values values = datapoint.values();
        List<Double> kept = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        for (int i = 0; i < values.values().length; i++) {
            if (values.counts()[i] > 0 && acceptable(values.values()[i])) {
                kept.add(values.values()[i]);
                counts.add((double) values.counts()[i]);
            }
        }
        List<Datum> datums = new ArrayList<>();
        if (kept.isEmpty()) {
            return datums;
        }
        MetricId metric = datapoint.metric();
        List<software.amazon.awssdk.services.cloudwatch.model.Dimension> dimensions = new ArrayList<>();
        for (Dimension d : metric.dimensions()) {
            dimensions.add(software.amazon.awssdk.services.cloudwatch.model.Dimension.builder().name(d.name()).value(d.value()).build());
        }
        int resolution = metric.resolution() == Resolution.HIGH ? 1 : 60;
        String unit = metric.unit().apiName();
        long common = commonBytes(metric);
        if (kept.size() == 1 && counts.get(0) == 1.0) {
            MetricDatum datum = base(metric, dimensions, datapoint.timestamp(), unit, resolution).value(kept.get(0)).build();
            return List.of(new Datum(datum, datapoint.timestamp(), common + VALUE_BYTES, true));
        }
        for (int from = 0; from < kept.size(); from += MAX_VALUES) {
            int to = Math.min(kept.size(), from + MAX_VALUES);
            MetricDatum datum = base(metric, dimensions, datapoint.timestamp(), unit, resolution)
                    .values(kept.subList(from, to)).counts(counts.subList(from, to)).build();
            datums.add(new Datum(datum, datapoint.timestamp(), common + valuesBytes(to - from), from == 0));
        }
        return datums;
    }

    private static MetricDatum.Builder base(MetricId metric, List<software.amazon.awssdk.services.cloudwatch.model.Dimension> dimensions,
                                            Instant timestamp, String unit, int resolution) {
        return MetricDatum.builder().metricName(metric.name()).dimensions(dimensions).timestamp(timestamp).unit(unit)
                .storageResolution(resolution);
    }

    // Sizes in the Smithy RPC v2 CBOR encoding the SDK sends for CloudWatch, from above: every string
    // counted with a 3-byte header (enough up to 65,535 bytes, and names and values are far shorter),
    // every map and array with 3 (5 for the request's list), every number as a 9-byte double.
    private static final int STRING_HEADER = 3;
    private static final int DOUBLE = 9;
    /** "Value" key and a double. */
    static final long VALUE_BYTES = key("Value") + DOUBLE;

    private static long key(String name) {
        return 1 + name.length();
    }

    private static long text(String value) {
        return STRING_HEADER + Utf8.length(value);
    }

    /** The request without its datums: its map, Namespace and the MetricData list's header. */
    static long fixedBytes(String namespace) {
        return 3 + key("Namespace") + text(namespace) + key("MetricData") + 5;
    }

    /** A datum's bytes besides its value(s): its map, name, dimensions, timestamp (tag and double), unit and resolution. */
    static long commonBytes(MetricId metric) {
        long bytes = 3 + key("MetricName") + text(metric.name()) + key("Dimensions") + 3;
        for (Dimension d : metric.dimensions()) {
            bytes += 3 + key("Name") + text(d.name()) + key("Value") + text(d.value());
        }
        bytes += key("Timestamp") + 1 + DOUBLE;
        bytes += key("Unit") + text(metric.unit().apiName());
        bytes += key("StorageResolution") + DOUBLE;
        return bytes;
    }

    /** The Values and Counts arrays of {@code n} values. */
    static long valuesBytes(int n) {
        return key("Values") + 3 + (long) DOUBLE * n + key("Counts") + 3 + (long) DOUBLE * n;
    }

    /** An upper bound of one datum's encoded size. */
    static long datumBytes(Datum datum) {
        return datum.bytes;
    }

    /** Sends one request, first setting aside what has aged past two weeks while it waited. */
    private void send(Request request) {
        Instant now = clock.instant();
        List<MetricDatum> datums = new ArrayList<>(request.datums.size());
        for (Datum d : request.datums) {
            String reason = window(d.timestamp, now);
            if (reason == null) {
                datums.add(d.datum);
            } else if (d.firstOfDatapoint) {
                drops.count(reason, 1);
            }
        }
        if (!datums.isEmpty()) {
            cloudWatch.putMetricData(PutMetricDataRequest.builder().namespace(request.namespace).metricData(datums)
                    .overrideConfiguration(clients.override()).build());
            metering.metricsSent(datums.stream().map(d -> request.namespace + '\n' + d.metricName() + '\n' + d.dimensions()).toList());
        }
    }

    /** What the backlog holds now, for tests. */
    Backlog<Request> backlog() {
        return backlog;
    }

    /** {@code type: cloudwatch}: see {@link CloudWatchExporter}; settings are {@link AwsClientSettings}' and {@code buffer}. */
    public static final class Provider implements ExporterProvider {
        @Override
        public String type() {
            return "cloudwatch";
        }

        @Override
        public Set<Signal<?>> signals() {
            return Set.of(Signal.METRICS);
        }

        @Override
        public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
            AwsClientSettings aws = AwsClientSettings.read(settings);
            long buffer = settings.bytes("buffer", DEFAULT_BUFFER);
            AwsClients clients = AwsProviders.open(aws, context, settings);
            if (clients == null) {
                return null;
            }
            return signal.as(Signal.METRICS, new CloudWatchExporter(clients, context, buffer));
        }
    }
}
