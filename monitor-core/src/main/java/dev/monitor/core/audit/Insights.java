package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.metrics.Counter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * CloudTrail Insights over write management events: per event name, the calls and errors of
 * each minute; a baseline (the average per minute over a trailing window, 7 days by default, kept
 * in 168 buckets, so its oldest edge moves an hour at a time for 7 days); and
 * an insight when a finished minute departs from it beyond a bound: a {@code Start} record, then
 * an {@code End} record with the insight's duration when a minute is back within it. Call-rate
 * insights ({@code ApiCallRateInsight}) compare calls per minute with {@code factor} times the
 * baseline; error-rate insights ({@code ApiErrorRateInsight}) compare the minute's error rate with
 * the baseline's rate plus {@code errorRateMargin}. Both need {@code minimumCalls} in the minute.
 * Attributions name the users, user agents and error codes of the insight's minute and, for the
 * baseline, those that led the window's minutes (each minute's top values, summed in eight
 * buckets across the window), as averages per minute.
 */
final class Insights {
    /**
     * At most this many event names are followed: memory stays bounded whatever the API looks
     * like. Calls of names beyond it are counted in {@code Monitor/AuditInsightCallsUntracked}.
     */
    static final int MAX_EVENT_NAMES = 500;
    /** At most this many values of one attribute are counted in a minute; later new values go unattributed. */
    static final int MAX_VALUES_PER_MINUTE = 100;
    /** The values of a minute that its baseline bucket keeps, per attribute. */
    static final int BASELINE_VALUES_PER_MINUTE = 10;
    /** At most this many values of one attribute are kept per baseline bucket. */
    static final int MAX_VALUES_PER_BUCKET = 50;
    private static final int TOP = 5;

    /** Calls, errors, and counts per attribute ({@code userIdentityArn}, {@code userAgent}, {@code errorCode}) and value. */
    private static final class Attributions {
        final long index; // the minute, or the bucket
        long calls;
        long errors;
        final Map<String, Map<String, Integer>> counts = new HashMap<>();

        Attributions(long index) {
            this.index = index;
        }

        void add(String attribute, String value, int count, int maxValues) {
            Map<String, Integer> values = counts.computeIfAbsent(attribute, a -> new HashMap<>());
            if (values.containsKey(value) || values.size() < maxValues) {
                values.merge(value, count, Integer::sum);
            }
        }

        List<Map.Entry<String, Integer>> top(String attribute, int limit) {
            return counts.getOrDefault(attribute, Map.of()).entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                    .limit(limit).toList();
        }
    }

    /** The minutes of one event name, and the insights under way. */
    private static final class Series {
        final String eventSource;
        final String eventName;
        final Deque<Attributions> recentMinutes = new ArrayDeque<>(); // not yet in the baseline's buckets
        final Deque<long[]> callBuckets = new ArrayDeque<>(); // {bucket, calls, errors}
        final Deque<Attributions> buckets = new ArrayDeque<>(); // of attributions
        final Map<String, Open> open = new HashMap<>(); // insight type -> the one under way

        Series(String eventSource, String eventName) {
            this.eventSource = eventSource;
            this.eventName = eventName;
        }
    }

    private record Open(String sharedEventId, Instant start, double baseline, double insight, ArrayNode attributions) {
    }

    private final Duration window;
    private final double factor;
    private final double errorRateMargin;
    private final int minimumCalls;
    private final String account;
    private final String region;
    private final ObjectMapper json;
    private final long callBucketMinutes;
    private final long bucketMinutes;
    private final Map<String, Series> series = new LinkedHashMap<>();
    private final Counter untracked;

    Insights(Duration window, double factor, double errorRateMargin, int minimumCalls, String account, String region, ObjectMapper json,
             Counter untracked) {
        this.untracked = untracked;
        this.window = window;
        this.callBucketMinutes = Math.max(1, window.toMinutes() / 168);
        this.bucketMinutes = Math.max(1, window.toMinutes() / 8);
        this.factor = factor;
        this.errorRateMargin = errorRateMargin;
        this.minimumCalls = minimumCalls;
        this.account = account;
        this.region = region;
        this.json = json;
    }

    /** Counts one recorded event at {@code time}; only write management events count. */
    synchronized void count(AuditEvent event, Instant time, String user, String userAgent) {
        if (event.readOnly || event.category != AuditEvent.Category.MANAGEMENT) {
            return;
        }
        String key = event.eventSource + "\u0000" + event.eventName;
        Series of = series.get(key);
        if (of == null) {
            if (series.size() >= MAX_EVENT_NAMES) {
                untracked.increment();
                return;
            }
            of = new Series(event.eventSource, event.eventName);
            series.put(key, of);
        }
        long minute = time.getEpochSecond() / 60;
        Attributions attributions = of.recentMinutes.peekLast();
        if (attributions == null || attributions.index != minute) {
            attributions = new Attributions(minute);
            of.recentMinutes.addLast(attributions);
            while (of.recentMinutes.size() > 3) { // evaluation keeps this at 2; a stalled one must not grow it
                addToBaseline(of, of.recentMinutes.removeFirst());
            }
        }
        attributions.calls++;
        boolean error = event.errorCode != null;
        if (error) {
            attributions.errors++;
        }
        attribute(attributions, "userIdentityArn", user);
        attribute(attributions, "userAgent", userAgent);
        if (error) {
            attribute(attributions, "errorCode", event.errorCode);
        }
    }

    private static void attribute(Attributions attributions, String attribute, String value) {
        if (value != null) {
            attributions.add(attribute, value, 1, MAX_VALUES_PER_MINUTE);
        }
    }

    /**
     * Adds a minute to the baseline: its calls and errors to a bucket of a 168th of the window (an
     * hour of 7 days), its leading values to a bucket of an eighth, so a baseline's memory does not
     * grow with its window.
     */
    private void addToBaseline(Series of, Attributions minute) {
        long[] calls = of.callBuckets.peekLast();
        if (calls == null || calls[0] != minute.index / callBucketMinutes) {
            calls = new long[] {minute.index / callBucketMinutes, 0, 0};
            of.callBuckets.addLast(calls);
        }
        calls[1] += minute.calls;
        calls[2] += minute.errors;
        long index = minute.index / bucketMinutes;
        Attributions bucket = of.buckets.peekLast();
        if (bucket == null || bucket.index != index) {
            bucket = new Attributions(index);
            of.buckets.addLast(bucket);
        }
        for (String attribute : minute.counts.keySet()) {
            for (Map.Entry<String, Integer> value : minute.top(attribute, BASELINE_VALUES_PER_MINUTE)) {
                bucket.add(attribute, value.getKey(), value.getValue(), MAX_VALUES_PER_BUCKET);
            }
        }
    }

    /** Judges the minute that ended before {@code now}; returns the insight records it starts or ends. */
    synchronized List<ObjectNode> evaluate(Instant now) {
        long finished = now.getEpochSecond() / 60 - 1;
        long oldest = finished - window.toMinutes();
        List<ObjectNode> records = new ArrayList<>();
        for (Series of : series.values()) {
            while (!of.recentMinutes.isEmpty() && of.recentMinutes.peekFirst().index < finished) {
                addToBaseline(of, of.recentMinutes.removeFirst());
            }
            // A bucket counts while its first minute is in the window: the window's edge moves a bucket at a time.
            while (!of.callBuckets.isEmpty() && of.callBuckets.peekFirst()[0] * callBucketMinutes < oldest) {
                of.callBuckets.removeFirst();
            }
            while (!of.buckets.isEmpty() && (of.buckets.peekFirst().index + 1) * bucketMinutes <= oldest) {
                of.buckets.removeFirst();
            }
            Attributions minute = of.recentMinutes.stream().filter(m -> m.index == finished).findFirst().orElse(null);
            long calls = minute == null ? 0 : minute.calls;
            long errors = minute == null ? 0 : minute.errors;
            long baselineCalls = 0;
            long baselineErrors = 0;
            for (long[] bucket : of.callBuckets) {
                baselineCalls += bucket[1];
                baselineErrors += bucket[2];
            }
            double baselineRate = baselineCalls / (double) window.toMinutes();
            double baselineErrorRate = baselineCalls == 0 ? 0 : baselineErrors / (double) baselineCalls;
            double errorRate = calls == 0 ? 0 : errors / (double) calls;
            Instant minuteEnd = Instant.ofEpochSecond((finished + 1) * 60);
            judge(of, minute, "ApiCallRateInsight", calls >= minimumCalls && calls > factor * baselineRate, baselineRate, calls, minuteEnd,
                    records);
            judge(of, minute, "ApiErrorRateInsight", calls >= minimumCalls && errorRate > baselineErrorRate + errorRateMargin,
                    baselineErrorRate, errorRate, minuteEnd, records);
        }
        return records;
    }

    private void judge(Series of, Attributions minute, String type, boolean unusual, double baseline, double insight, Instant at,
            List<ObjectNode> out) {
        Open open = of.open.get(type);
        if (unusual && open == null) {
            Open started = new Open(UUID.randomUUID().toString(), at.minus(Duration.ofMinutes(1)), baseline, insight, attributions(of, minute));
            of.open.put(type, started);
            out.add(record(of, type, "Start", started, at, null));
        } else if (!unusual && open != null) {
            of.open.remove(type);
            out.add(record(of, type, "End", open, at, Duration.between(open.start(), at.minus(Duration.ofMinutes(1)))));
        }
    }

    /** The finished minute's leading values, and the baseline's, as averages per minute. */
    private ArrayNode attributions(Series of, Attributions minute) {
        Attributions baseline = new Attributions(0);
        for (Attributions bucket : of.buckets) {
            bucket.counts.forEach((attribute, values) -> values.forEach((value, count) -> baseline.add(attribute, value, count, Integer.MAX_VALUE)));
        }
        ArrayNode list = json.createArrayNode();
        for (String attribute : List.of("userIdentityArn", "userAgent", "errorCode")) {
            if (!minute.counts.containsKey(attribute) && !baseline.counts.containsKey(attribute)) {
                continue;
            }
            ObjectNode entry = list.addObject();
            entry.put("attribute", attribute);
            ArrayNode insight = entry.putArray("insight");
            minute.top(attribute, TOP).forEach(e -> insight.addObject().put("value", e.getKey()).put("average", (double) e.getValue()));
            ArrayNode usual = entry.putArray("baseline");
            baseline.top(attribute, TOP).forEach(e -> usual.addObject().put("value", e.getKey())
                    .put("average", e.getValue() / (double) window.toMinutes()));
        }
        return list;
    }

    /** An insight record in CloudTrail's fields. */
    private ObjectNode record(Series of, String type, String state, Open open, Instant at, Duration duration) {
        ObjectNode record = json.createObjectNode();
        record.put("eventVersion", Recorder.EVENT_VERSION);
        record.put("eventTime", at.truncatedTo(ChronoUnit.SECONDS).toString());
        record.put("awsRegion", region);
        record.put("eventID", UUID.randomUUID().toString());
        record.put("eventType", "AwsCloudTrailInsight");
        record.put("recipientAccountId", account);
        record.put("sharedEventID", open.sharedEventId());
        ObjectNode details = record.putObject("insightDetails");
        details.put("state", state);
        details.put("eventSource", of.eventSource);
        details.put("eventName", of.eventName);
        details.put("insightType", type);
        ObjectNode context = details.putObject("insightContext");
        ObjectNode statistics = context.putObject("statistics");
        statistics.putObject("baseline").put("average", open.baseline());
        statistics.putObject("insight").put("average", open.insight());
        statistics.put("baselineDuration", window.toMinutes());
        if (duration != null) {
            statistics.put("insightDuration", duration.toMinutes());
        }
        context.set("attributions", open.attributions());
        record.put("eventCategory", "Insight");
        return record;
    }
}
