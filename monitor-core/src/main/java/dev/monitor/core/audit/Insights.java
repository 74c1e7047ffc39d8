package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * each minute; a baseline (the average per minute over a trailing window, 7 days by default); and
 * an insight when a finished minute departs from it beyond a bound: a {@code Start} record, then
 * an {@code End} record with the insight's duration when a minute is back within it. Call-rate
 * insights ({@code ApiCallRateInsight}) compare calls per minute with {@code factor} times the
 * baseline; error-rate insights ({@code ApiErrorRateInsight}) compare the minute's error rate with
 * the baseline's rate plus {@code errorRateMargin}. Both need {@code minimumCalls} in the minute.
 * Attributions name the users, user agents and error codes of the insight's first minute.
 */
final class Insights {
    /** At most this many event names are followed: memory stays bounded whatever the API looks like. */
    static final int MAX_EVENT_NAMES = 500;

    /** The minutes of one event name, and the insights under way. */
    private static final class Series {
        final String eventSource;
        final String eventName;
        final Deque<long[]> minutes = new ArrayDeque<>(); // {epochMinute, calls, errors}
        final Map<String, Map<String, Integer>> attributions = new HashMap<>(); // of the current minute
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
    private final Map<String, Series> series = new LinkedHashMap<>();

    Insights(Duration window, double factor, double errorRateMargin, int minimumCalls, String account, String region, ObjectMapper json) {
        this.window = window;
        this.factor = factor;
        this.errorRateMargin = errorRateMargin;
        this.minimumCalls = minimumCalls;
        this.account = account;
        this.region = region;
        this.json = json;
    }

    /** Counts one recorded event at {@code time}; only write management events count. */
    synchronized void count(AuditEvent event, Instant time, String user, String userAgent) {
        if (event.readOnly || event.category != AuditEvent.Category.Management) {
            return;
        }
        String key = event.eventSource + "\u0000" + event.eventName;
        Series of = series.get(key);
        if (of == null) {
            if (series.size() >= MAX_EVENT_NAMES) {
                return;
            }
            of = new Series(event.eventSource, event.eventName);
            series.put(key, of);
        }
        long minute = time.getEpochSecond() / 60;
        long[] last = of.minutes.peekLast();
        if (last == null || last[0] != minute) {
            last = new long[] {minute, 0, 0};
            of.minutes.addLast(last);
            of.attributions.clear();
        }
        last[1]++;
        boolean error = event.errorCode != null;
        if (error) {
            last[2]++;
        }
        attribute(of, "userIdentityArn", user);
        attribute(of, "userAgent", userAgent);
        if (error) {
            attribute(of, "errorCode", event.errorCode);
        }
    }

    private static void attribute(Series of, String attribute, String value) {
        if (value != null) {
            of.attributions.computeIfAbsent(attribute, a -> new HashMap<>()).merge(value, 1, Integer::sum);
        }
    }

    /** Judges the minute that ended before {@code now}; returns the insight records it starts or ends. */
    synchronized List<ObjectNode> evaluate(Instant now) {
        long finished = now.getEpochSecond() / 60 - 1;
        long oldest = finished - window.toMinutes();
        List<ObjectNode> records = new ArrayList<>();
        for (Series of : series.values()) {
            while (!of.minutes.isEmpty() && of.minutes.peekFirst()[0] < oldest) {
                of.minutes.removeFirst();
            }
            long calls = 0;
            long errors = 0;
            long baselineCalls = 0;
            long baselineErrors = 0;
            for (long[] minute : of.minutes) {
                if (minute[0] == finished) {
                    calls = minute[1];
                    errors = minute[2];
                } else if (minute[0] < finished) {
                    baselineCalls += minute[1];
                    baselineErrors += minute[2];
                }
            }
            double baselineRate = baselineCalls / (double) window.toMinutes();
            double baselineErrorRate = baselineCalls == 0 ? 0 : baselineErrors / (double) baselineCalls;
            double errorRate = calls == 0 ? 0 : errors / (double) calls;
            Instant minuteEnd = Instant.ofEpochSecond((finished + 1) * 60);
            judge(of, "ApiCallRateInsight", calls >= minimumCalls && calls > factor * baselineRate, baselineRate, calls, minuteEnd, records);
            judge(of, "ApiErrorRateInsight", calls >= minimumCalls && errorRate > baselineErrorRate + errorRateMargin,
                    baselineErrorRate, errorRate, minuteEnd, records);
        }
        return records;
    }

    private void judge(Series of, String type, boolean unusual, double baseline, double insight, Instant at, List<ObjectNode> out) {
        Open open = of.open.get(type);
        if (unusual && open == null) {
            Open started = new Open(UUID.randomUUID().toString(), at.minus(Duration.ofMinutes(1)), baseline, insight, attributions(of));
            of.open.put(type, started);
            out.add(record(of, type, "Start", started, at, null));
        } else if (!unusual && open != null) {
            of.open.remove(type);
            out.add(record(of, type, "End", open, at, Duration.between(open.start(), at.minus(Duration.ofMinutes(1)))));
        }
    }

    private ArrayNode attributions(Series of) {
        ArrayNode list = json.createArrayNode();
        of.attributions.forEach((attribute, counts) -> {
            ObjectNode entry = list.addObject();
            entry.put("attribute", attribute);
            ArrayNode insight = entry.putArray("insight");
            counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(5)
                    .forEach(e -> insight.addObject().put("value", e.getKey()).put("average", e.getValue()));
            entry.putArray("baseline");
        });
        return list;
    }

    /** An insight record in CloudTrail's fields. */
    private ObjectNode record(Series of, String type, String state, Open open, Instant at, Duration duration) {
        ObjectNode record = json.createObjectNode();
        record.put("eventVersion", AuditTrail.EVENT_VERSION);
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
