package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.ManualClock;
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
    void burstsAndFailuresStartAndEndInsights() throws Exception {
        List<JsonNode> announced = new CopyOnWriteArrayList<>();
        try (AuditTrail trail = AuditTrail.builder(dir).clock(clock).insights(Duration.ofMinutes(10), 3, 0.25, 10).build()) {
            trail.onInsight(announced::add);
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
            trail.evaluateInsights();
            calls(trail, 5, "ann", false);
            clock.advance(Duration.ofMinutes(1));
            trail.evaluateInsights();
            calls(trail, 20, "eve", true);
            clock.advance(Duration.ofMinutes(1));
            trail.evaluateInsights();
        }
        assertEquals(List.of("ApiCallRateInsight/Start", "ApiCallRateInsight/End", "ApiErrorRateInsight/Start"),
                announced.stream().map(i -> i.at("/insightDetails/insightType").asText() + "/" + i.at("/insightDetails/state").asText()).toList());
        JsonNode start = announced.get(0);
        assertEquals("AwsCloudTrailInsight", start.get("eventType").asText());
        assertEquals("Insight", start.get("eventCategory").asText());
        assertEquals("DeleteOrder", start.at("/insightDetails/eventName").asText());
        assertEquals("orders.shop", start.at("/insightDetails/eventSource").asText());
        assertEquals(5.0, start.at("/insightDetails/insightContext/statistics/baseline/average").asDouble(), 1e-9);
        assertEquals(40.0, start.at("/insightDetails/insightContext/statistics/insight/average").asDouble(), 1e-9);
        assertTrue(start.toString().contains("\"value\":\"mallory\""), start.toString());
        JsonNode end = announced.get(1);
        assertEquals(start.get("sharedEventID"), end.get("sharedEventID"), "start and end share an id");
        assertEquals(1, end.at("/insightDetails/insightContext/statistics/insightDuration").asInt());
        JsonNode errors = announced.get(2);
        assertEquals(0.75, errors.at("/insightDetails/insightContext/statistics/insight/average").asDouble(), 1e-9);
        assertTrue(errors.toString().contains("\"value\":\"AccessDenied\""), errors.toString());

        List<JsonNode> written = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir.resolve("audit/AuditLogs"))) {
            for (Path file : walk.filter(p -> p.toString().contains("/CloudTrail-Insight/") && p.toString().endsWith(".json.gz")).toList()) {
                new ObjectMapper().readTree(TrailFiles.gunzip(file)).path("Records").forEach(written::add);
            }
        }
        assertEquals(3, written.size(), "the insights are in the trail under CloudTrail-Insight/");
    }
}
