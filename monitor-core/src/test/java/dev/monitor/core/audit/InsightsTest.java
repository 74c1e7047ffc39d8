package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.audit.internal.TrailFiles;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Insights: a burst of deletes and a run of failures, each started and ended against a baseline. */
class InsightsTest {
    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");

    private void calls(AuditTrail trail, int count, String user, boolean failing) {
        for (int i = 0; i < count; i++) {
            AuditEvent.Builder event = AuditEvent.builder("DeleteOrder").source("orders.shop").by(UserIdentity.user(user))
                    .userAgent(user + "-agent");
            if (failing && i % 4 != 0) {
                event.error("AccessDenied", "not yours");
            }
            trail.record(event.build());
        }
        trail.record(AuditEvent.builder("GetOrder").source("orders.shop").read().build()); // reads never count
    }

    @Test
    void eventNamesBeyondTheLimitAreCountedNotFollowed() {
        MetricRegistry registry = new MetricRegistry("Shop", ManualClock.at("2026-11-01T00:00:00Z"), Resolution.STANDARD, 100);
        Insights insights = new Insights(Duration.ofDays(7), 3, 0.25, 10, "000000000000", "local", new ObjectMapper(),
                registry.forNamespace("Monitor").counter("AuditInsightCallsUntracked"));
        java.time.Instant t = java.time.Instant.parse("2026-11-01T00:00:00Z");
        for (int name = 0; name < Insights.MAX_EVENT_NAMES + 3; name++) {
            insights.count(AuditEvent.builder("Call" + name).source("orders.shop").build(), t, "arn:user/ann", "cli");
        }
        insights.count(AuditEvent.builder("Call0").source("orders.shop").build(), t, "arn:user/ann", "cli"); // followed: not counted
        double untracked = registry.collect(Resolution.STANDARD, t).stream()
                .filter(d -> d.metric().name().equals("AuditInsightCallsUntracked")).mapToDouble(Datapoint::sum).sum();
        assertEquals(3, untracked);
    }

    @Test
    void aWeekWindowKeepsAWeeksBaselineAfterEightDays() {
        Insights insights = new Insights(Duration.ofDays(7), 3, 0.25, 10, "000000000000", "local", new ObjectMapper(),
                Metrics.noop().counter("AuditInsightCallsUntracked"));
        AuditEvent delete = AuditEvent.builder("DeleteOrder").source("orders.shop").build();
        java.time.Instant t = java.time.Instant.parse("2026-11-01T00:00:00Z");
        List<com.fasterxml.jackson.databind.node.ObjectNode> started = new ArrayList<>();
        for (int minute = 0; minute < 8 * 24 * 60; minute++) {
            insights.count(delete, t.plusSeconds(minute * 60L + 5), "arn:user/ann", "cli");
            started.addAll(insights.evaluate(t.plusSeconds(minute * 60L + 60)));
        }
        assertEquals(List.of(), started, "one call a minute is the baseline itself");
        java.time.Instant burst = t.plusSeconds(8 * 24 * 60 * 60L);
        for (int i = 0; i < 30; i++) {
            insights.count(delete, burst.plusSeconds(1), "arn:user/mallory", "cli");
        }
        JsonNode start = insights.evaluate(burst.plusSeconds(60)).get(0);
        assertEquals(1.0, start.at("/insightDetails/insightContext/statistics/baseline/average").asDouble(), 0.01,
                "the window is 7 days, not all 8 seen: " + start);
        JsonNode users = start.at("/insightDetails/insightContext/attributions/0");
        assertEquals("arn:user/ann", users.at("/baseline/0/value").asText());
        assertEquals(1.0, users.at("/baseline/0/average").asDouble(), 0.15, "a bucket-coarse window edge: " + users);
    }

    @Test
    void aClosedInsightListenerGetsNoLaterInsightWhileTheOtherDoes() throws Exception {
        List<String> removed = new CopyOnWriteArrayList<>();
        List<String> kept = new CopyOnWriteArrayList<>();
        try (AuditTrail trail = AuditTrail.builder().dataDir(dir).clock(clock).insights(Duration.ofMinutes(10), 3, 0.25, 10).build()) {
            Subscription listener = trail.onInsight(i -> removed.add(tree(i).at("/insightDetails/state").asText()));
            trail.onInsight(i -> kept.add(tree(i).at("/insightDetails/state").asText()));
            for (int minute = 0; minute < 10; minute++) {
                calls(trail, 5, "ann", false);
                clock.advance(Duration.ofMinutes(1));
                trail.evaluateInsights();
            }
            calls(trail, 40, "mallory", false);
            clock.advance(Duration.ofMinutes(1));
            trail.evaluateInsights();
            assertEquals(List.of("Start"), removed);
            listener.close();
            listener.close(); // twice is harmless
            calls(trail, 5, "ann", false);
            clock.advance(Duration.ofMinutes(1));
            trail.evaluateInsights();
        }
        assertEquals(List.of("Start"), removed, "the insight's end came after the listener was closed");
        assertEquals(List.of("Start", "End"), kept);
    }

    @Test
    void burstsAndFailuresStartAndEndInsights() throws Exception {
        List<JsonNode> announced = new CopyOnWriteArrayList<>();
        StderrCapture log = new StderrCapture();
        try (log; AuditTrail trail = AuditTrail.builder().dataDir(dir).clock(clock).insights(Duration.ofMinutes(10), 3, 0.25, 10).build()) {
            trail.onInsight(insight -> announced.add(tree(insight)));
            trail.onInsight(insight -> {
                throw new IllegalStateException("a broken listener");
            });
            for (int minute = 0; minute < 10; minute++) {
                calls(trail, 5, "ann", false);
                clock.advance(Duration.ofMinutes(1));
                trail.evaluateInsights();
            }
            assertEquals(List.of(), announced, "a steady rate is no insight");
            calls(trail, 40, "mallory", false);
            clock.advance(Duration.ofMinutes(1));
            calls(trail, 5, "ann", false); // the next minute's calls come before the judgment of mallory's
            trail.evaluateInsights();
            clock.advance(Duration.ofMinutes(1));
            trail.evaluateInsights();
            calls(trail, 20, "eve", true);
            clock.advance(Duration.ofMinutes(1));
            trail.evaluateInsights();
        }
        assertEquals(3, log.text().split("an insight listener failed: java.lang.IllegalStateException: a broken listener", -1).length - 1,
                "each insight the broken listener missed is logged, and the other listener still got it: " + log.text());
        assertEquals(List.of("ApiCallRateInsight/Start", "ApiCallRateInsight/End", "ApiErrorRateInsight/Start"),
                announced.stream().map(i -> i.at("/insightDetails/insightType").asText() + "/" + i.at("/insightDetails/state").asText()).toList());
        JsonNode start = announced.get(0);
        assertEquals("AwsCloudTrailInsight", start.get("eventType").asText());
        assertEquals("Insight", start.get("eventCategory").asText());
        assertEquals("DeleteOrder", start.at("/insightDetails/eventName").asText());
        assertEquals("orders.shop", start.at("/insightDetails/eventSource").asText());
        assertEquals(5.0, start.at("/insightDetails/insightContext/statistics/baseline/average").asDouble(), 1e-9);
        assertEquals(40.0, start.at("/insightDetails/insightContext/statistics/insight/average").asDouble(), 1e-9);
        JsonNode users = start.at("/insightDetails/insightContext/attributions/0");
        assertEquals("userIdentityArn", users.get("attribute").asText());
        assertEquals(1, users.get("insight").size(), "only the insight minute's users: " + users);
        assertTrue(users.at("/insight/0/value").asText().endsWith("mallory"), users.toString());
        assertEquals(40.0, users.at("/insight/0/average").asDouble(), 1e-9);
        assertEquals(1, users.get("baseline").size(), users.toString());
        assertTrue(users.at("/baseline/0/value").asText().endsWith("ann"), users.toString());
        assertEquals(5.0, users.at("/baseline/0/average").asDouble(), 1e-9, "50 calls over the 10-minute window");
        assertEquals("mallory-agent", start.at("/insightDetails/insightContext/attributions/1/insight/0/value").asText());
        JsonNode end = announced.get(1);
        assertEquals(start.get("sharedEventID"), end.get("sharedEventID"), "start and end share an id");
        assertEquals(1, end.at("/insightDetails/insightContext/statistics/insightDuration").asInt());
        JsonNode errors = announced.get(2);
        assertEquals(0.75, errors.at("/insightDetails/insightContext/statistics/insight/average").asDouble(), 1e-9);
        assertTrue(errors.toString().contains("\"value\":\"AccessDenied\""), errors.toString());

        List<JsonNode> written = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir.resolve("audit/AWSLogs"))) {
            for (Path file : walk.filter(p -> p.toString().contains("/CloudTrail-Insight/") && p.toString().endsWith(".json.gz")).toList()) {
                new ObjectMapper().readTree(TrailFiles.gunzip(file)).path("Records").forEach(written::add);
            }
        }
        assertEquals(3, written.size(), "the insights are in the trail under CloudTrail-Insight/");
    }

    /** An insight record as its listener receives it, the JSON text, read back as a tree. */
    private static JsonNode tree(String insight) {
        try {
            return new ObjectMapper().readTree(insight);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
