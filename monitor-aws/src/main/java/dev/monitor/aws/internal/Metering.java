package dev.monitor.aws.internal;

import dev.monitor.core.export.UsageMeter;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The billable usage of what one AWS exporter sent, reported to its {@link UsageMeter} in the units of
 * {@code BillingSettings}' prices, after each request succeeded:
 *
 * <ul>
 *   <li>CloudWatch: each PutMetricData call ({@code CW:Requests}); each custom metric in each hour it is sent,
 *       as 1/(hours of the month) of a metric-month ({@code CW:MetricMonitorUsage}), since CloudWatch prorates
 *       custom metrics by the hour and meters them only when they are sent;</li>
 *   <li>Logs: the bytes ingested ({@code DataProcessing-Bytes}, GB) and their storage to the month's end
 *       ({@code TimedStorage-ByteHrs}, GB-months; uncompressed, so an upper bound);</li>
 *   <li>X-Ray: each trace recorded ({@code XRay-TracesStored}), a trace once however many of its segments are sent;</li>
 *   <li>S3: each PUT ({@code Requests-Tier1}) and the object's storage to the month's end ({@code TimedStorage-ByteHrs}).</li>
 * </ul>
 *
 * Storage counts from the put to the end of the month, the part of it this month's bill holds. Memory is
 * bounded: the metrics of one hour, the latest traces. Called on the exporter's thread only.
 */
final class Metering {
    private static final int RECENT_TRACES = 10_000;
    private static final int HOURLY_METRICS = 100_000;
    private static final double GB = 1e9;

    private final UsageMeter usage;
    private final Clock clock;
    private final Set<String> metricsThisHour = new HashSet<>();
    private long hour = Long.MIN_VALUE;
    private final Map<String, Boolean> recentTraces = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_TRACES;
        }
    };

    Metering(UsageMeter usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    /** One PutMetricData call that sent the metrics {@code metricKeys} (namespace, name and dimensions each). */
    void metricsSent(Iterable<String> metricKeys) {
        usage.record("AmazonCloudWatch", "CW:Requests", 1);
        Instant now = clock.instant();
        long thisHour = now.getEpochSecond() / 3600;
        if (thisHour != hour) {
            hour = thisHour;
            metricsThisHour.clear();
        }
        double share = 1.0 / hoursOfMonth(now);
        for (String key : metricKeys) {
            if (metricsThisHour.size() < HOURLY_METRICS ? metricsThisHour.add(key) : !metricsThisHour.contains(key)) {
                usage.record("AmazonCloudWatch", "CW:MetricMonitorUsage", share);
            }
        }
    }

    /** Log events of {@code bytes} (messages plus 26 bytes each, as PutLogEvents counts them) ingested. */
    void logsIngested(long bytes) {
        usage.record("AmazonCloudWatch", "DataProcessing-Bytes", bytes / GB);
        usage.record("AmazonCloudWatch", "TimedStorage-ByteHrs", bytes / GB * restOfMonth(clock.instant()));
    }

    /** Segment documents of {@code traceIds} recorded; a trace is counted once. */
    void segmentsRecorded(Iterable<String> traceIds) {
        long traces = 0;
        for (String id : traceIds) {
            if (id != null && recentTraces.put(id, Boolean.TRUE) == null) {
                traces++;
            }
        }
        usage.record("AWSXRay", "XRay-TracesStored", traces);
    }

    /** One object of {@code bytes} put to S3. */
    void objectPut(long bytes) {
        usage.record("AmazonS3", "Requests-Tier1", 1);
        usage.record("AmazonS3", "TimedStorage-ByteHrs", bytes / GB * restOfMonth(clock.instant()));
    }

    private static double hoursOfMonth(Instant now) {
        return YearMonth.from(now.atZone(ZoneOffset.UTC)).lengthOfMonth() * 24.0;
    }

    /** The part of this month (UTC, as AWS bills) still ahead of {@code now}, 0 to 1. */
    static double restOfMonth(Instant now) {
        ZonedDateTime at = now.atZone(ZoneOffset.UTC);
        ZonedDateTime end = YearMonth.from(at).plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC);
        return ChronoUnit.SECONDS.between(at, end) / (hoursOfMonth(now) * 3600);
    }
}
