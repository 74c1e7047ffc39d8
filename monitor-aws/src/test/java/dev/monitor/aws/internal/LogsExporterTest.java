package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.logs.FilterPattern;
import dev.monitor.core.logs.MetricFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the cloudwatch-logs exporter sends, decoded from the SDK's AWS JSON 1.1 requests, against
 * PutLogEvents' documented limits:
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
 */
class LogsExporterTest {
    private static final String GROUP = "/shop/orders";
    private Fixture fixture;
    private FakeAws aws;

    @BeforeEach
    void start() throws Exception {
        fixture = new Fixture();
        aws = fixture.aws;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static LogEvent event(Instant at, String message) {
        return new LogEvent(GROUP, "i-1", at, message);
    }

    private List<JsonNode> sentEvents() {
        List<JsonNode> events = new ArrayList<>();
        for (FakeAws.Call call : aws.calls("PutLogEvents")) {
            call.body().get("logEvents").forEach(events::add);
        }
        return events;
    }

    private List<FakeAws.Call> puts() {
        return aws.calls("PutLogEvents");
    }

    @Test
    void theGroupAndStreamAreCreatedWhenMissingAndTheEventsSentInTimeOrder() throws Exception {
        aws.responder = (call, i) -> switch (i) {
            case 0 -> FakeAws.Reply.error(400, "ResourceNotFoundException", "The specified log group does not exist.");
            case 1 -> FakeAws.Reply.error(400, "ResourceAlreadyExistsException", "The specified log group already exists");
            default -> null;
        };
        Instant t = Fixture.T0.minusSeconds(10);
        try (LogsExporter exporter = fixture.logs("cloudwatch-logs", 1 << 20, Fixture.noSync())) {
            exporter.export(List.of(event(t.plusMillis(5), "{\"n\":2}"), event(t, "{\"n\":1}"), event(t.plusMillis(5), "{\"n\":3}")));
        }
        assertEquals(List.of("PutLogEvents", "CreateLogGroup", "CreateLogStream", "PutLogEvents"),
                aws.calls.stream().map(FakeAws.Call::operation).toList());
        FakeAws.Call put = aws.calls.get(3);
        assertEquals("Logs_20140328.PutLogEvents", put.header("X-Amz-Target"));
        assertEquals("application/x-amz-json-1.1", put.header("Content-Type"));
        assertEquals(GROUP, put.body().get("logGroupName").asText());
        assertEquals("i-1", put.body().get("logStreamName").asText());
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"),
                sentEvents().subList(3, 6).stream().map(e -> e.get("message").asText()).toList(), "chronological, ties in arrival order");
        assertEquals(t.toEpochMilli(), sentEvents().get(3).get("timestamp").asLong());
        assertEquals(GROUP, aws.calls.get(2).body().get("logGroupName").asText());
        assertEquals(2.0, fixture.self.sum("CallCount", "Service", "Logs", "Type", "API", "Resource", "PutLogEvents", "Class", "None"));
    }

    @Test
    void tenThousandEventsAreOneRequestAndOneMoreIsTwo() throws Exception {
        Instant t = Fixture.T0.minusSeconds(60);
        try (LogsExporter exporter = fixture.logs("cloudwatch-logs", 64 << 20, Fixture.noSync())) {
            exporter.export(IntStream.range(0, 10_000).mapToObj(i -> event(t.plusMillis(i), "e" + i)).toList());
            assertEquals(1, puts().size());
            exporter.export(IntStream.range(0, 10_001).mapToObj(i -> event(t.plusMillis(i), "e" + i)).toList());
        }
        assertEquals(List.of(10_000, 10_000, 1), puts().stream().map(c -> c.body().get("logEvents").size()).toList());
    }

    @Test
    void exactly1048576BytesCountingTwentySixPerEventIsOneRequestAndOneByteMoreIsTwo() throws Exception {
        Instant t = Fixture.T0.minusSeconds(60);
        // 4 events: 4 × 26 + messages = 1,048,576
        int each = (1_048_576 - 4 * 26) / 4;
        String message = "x".repeat(each);
        try (LogsExporter exporter = fixture.logs("cloudwatch-logs", 64 << 20, Fixture.noSync())) {
            exporter.export(List.of(event(t, message), event(t, message), event(t, message), event(t, message)));
            assertEquals(1, puts().size());
            exporter.export(List.of(event(t, message), event(t, message), event(t, message), event(t, message + "y")));
        }
        assertEquals(List.of(4, 3, 1), puts().stream().map(c -> c.body().get("logEvents").size()).toList());
        // multi-byte characters count as their UTF-8 bytes: "é" is two
        List<LogEvent> accented = List.of(event(t, "é".repeat(each / 2)), event(t, message), event(t, message), event(t, message + "y"));
        assertEquals(2, new ArrayList<>(new LogsExporterProbe(fixture).requests(accented)).size());
    }

    /** The requests a batch makes, without sending them. */
    private static final class LogsExporterProbe {
        private final LogsExporter exporter;

        LogsExporterProbe(Fixture fixture) {
            this.exporter = fixture.logs("probe", 64 << 20, Fixture.noSync());
        }

        List<LogsExporter.Request> requests(List<LogEvent> events) {
            List<LogsExporter.Request> requests = exporter.requests(events);
            exporter.close();
            return requests;
        }
    }

    /** Logs bill what is ingested, messages plus 26 bytes each (https://aws.amazon.com/cloudwatch/pricing/, Logs). */
    @Test
    void whatIsIngestedIsMeteredWithItsStorageToTheMonthsEnd() throws Exception {
        Instant t = Fixture.T0.minusSeconds(60);
        try (LogsExporter exporter = fixture.logs("cloudwatch-logs", 64 << 20, Fixture.noSync())) {
            exporter.export(List.of(event(t, "ab"), event(t, "cdé")));
        }
        double gb = (2 + 26 + 4 + 26) / 1e9;
        assertEquals(gb, fixture.metered.get("AmazonCloudWatch DataProcessing-Bytes"), 1e-18);
        // 2026-12-02T10:00Z: 29 days 14 hours of December's 31 days are ahead
        assertEquals(gb * (29 * 24 + 14) / (31 * 24.0), fixture.metered.get("AmazonCloudWatch TimedStorage-ByteHrs"), 1e-18);
    }

    @Test
    void aMessageOverOneMegabyteLessTwentySixIsSetAsideAndCounted() throws Exception {
        Instant t = Fixture.T0.minusSeconds(60);
        try (LogsExporter exporter = fixture.logs("cloudwatch-logs", 64 << 20, Fixture.noSync())) {
            exporter.export(List.of(event(t, "a".repeat(1_048_550)), event(t, "b".repeat(1_048_551))));
        }
        assertEquals(1, sentEvents().size());
        assertEquals(1_048_550, sentEvents().get(0).get("message").asText().length());
        assertEquals(1.0, fixture.self.sum("Dropped", "Signal", "logs", "Exporter", "cloudwatch-logs", "Reason", "TooLarge"));
    }

    @Test
    void aRequestSpansAtMostTwentyFourHours() throws Exception {
        Instant t = Fixture.T0.minus(Duration.ofDays(3));
        try (LogsExporter exporter = fixture.logs("cloudwatch-logs", 64 << 20, Fixture.noSync())) {
            exporter.export(List.of(event(t, "a"), event(t.plus(Duration.ofHours(24)), "b")));
            assertEquals(1, puts().size());
            exporter.export(List.of(event(t, "a"), event(t.plus(Duration.ofHours(24)).plusMillis(1), "b")));
        }
        assertEquals(List.of(2, 1, 1), puts().stream().map(c -> c.body().get("logEvents").size()).toList());
    }

    @Test
    void eventsOlderThanFourteenDaysOrMoreThanTwoHoursAheadAreSetAsideAndCounted() throws Exception {
        Instant now = Fixture.T0;
        try (LogsExporter exporter = fixture.logs("cloudwatch-logs", 64 << 20, Fixture.noSync())) {
            exporter.export(List.of(
                    event(now.minus(Duration.ofDays(14)), "oldest kept"),
                    event(now.minus(Duration.ofDays(14)).minusMillis(1), "too old"),
                    event(now.plus(Duration.ofHours(2)), "newest kept"),
                    event(now.plus(Duration.ofHours(2)).plusMillis(1), "too new")));
        }
        List<String> sent = sentEvents().stream().map(e -> e.get("message").asText()).toList();
        assertTrue(sent.contains("oldest kept") && sent.contains("newest kept") && sent.size() == 2, sent.toString());
        assertEquals(1.0, fixture.self.sum("Dropped", "Signal", "logs", "Exporter", "cloudwatch-logs", "Reason", "TooOld"));
        assertEquals(1.0, fixture.self.sum("Dropped", "Signal", "logs", "Exporter", "cloudwatch-logs", "Reason", "TooNew"));
    }

    @Test
    void eventsTheServiceRejectsAreCounted() throws Exception {
        aws.responder = (call, i) -> FakeAws.Reply.ok(Map.of("rejectedLogEventsInfo",
                Map.of("tooOldLogEventEndIndex", 1, "tooNewLogEventStartIndex", 4)));
        Instant t = Fixture.T0.minusSeconds(60);
        try (LogsExporter exporter = fixture.logs("cloudwatch-logs", 64 << 20, Fixture.noSync())) {
            exporter.export(IntStream.range(0, 5).mapToObj(i -> event(t.plusMillis(i), "e" + i)).toList());
        }
        assertEquals(2.0, fixture.self.sum("Dropped", "Signal", "logs", "Exporter", "cloudwatch-logs", "Reason", "TooOld"));
        assertEquals(1.0, fixture.self.sum("Dropped", "Signal", "logs", "Exporter", "cloudwatch-logs", "Reason", "TooNew"));
    }

    @Test
    void retentionAndMetricFiltersAreSyncedOncePerGroupBeforeItsFirstEvents() throws Exception {
        MetricFilter filter = new MetricFilter("errors", GROUP, FilterPattern.parse("{ $.level = \"ERROR\" }"),
                new MetricFilter.Transformation("Errors", "Shop", "1", 0.0, Map.of(), Unit.COUNT));
        LogsExporter.GroupSync sync = new LogsExporter.GroupSync(30, Map.of("/shop/audit", 7), List.of(filter));
        Instant t = Fixture.T0.minusSeconds(60);
        try (LogsExporter exporter = fixture.logs("cloudwatch-logs", 64 << 20, sync)) {
            exporter.export(List.of(event(t, "a")));
            exporter.export(List.of(event(t, "b"), new LogEvent("/shop/audit", "i-1", t, "c")));
        }
        assertEquals(List.of("PutRetentionPolicy", "PutMetricFilter", "PutLogEvents", "PutLogEvents", "PutRetentionPolicy", "PutLogEvents"),
                aws.calls.stream().map(FakeAws.Call::operation).toList());
        assertEquals(30, aws.calls.get(0).body().get("retentionInDays").asInt());
        assertEquals(7, aws.calls.get(4).body().get("retentionInDays").asInt());
        JsonNode put = aws.calls.get(1).body();
        assertEquals("errors", put.get("filterName").asText());
        assertEquals("{ $.level = \"ERROR\" }", put.get("filterPattern").asText());
        JsonNode transformation = put.get("metricTransformations").get(0);
        assertEquals("Errors", transformation.get("metricName").asText());
        assertEquals("Shop", transformation.get("metricNamespace").asText());
        assertEquals("1", transformation.get("metricValue").asText());
        assertEquals(0.0, transformation.get("defaultValue").asDouble());
        assertEquals("Count", transformation.get("unit").asText());
    }

    /** The monitor's logs: section names the groups' retention and filters; the exporter syncs them unless it says otherwise. */
    @Test
    void theMonitorsLogSettingsGiveRetentionAndOptionallyMetricFilters() throws Exception {
        MetricFilter filter = new MetricFilter("errors", GROUP, FilterPattern.parse("ERROR"),
                new MetricFilter.Transformation("Errors", "Shop", "1", null, Map.of(), Unit.COUNT));
        dev.monitor.core.logs.LogSettings logs = dev.monitor.core.logs.LogSettings.builder().group(GROUP).retentionInDays(14)
                .group("/shop/audit", 365, List.of("audit")).metricFilter(filter).build();
        dev.monitor.core.export.ExporterContext base = fixture.context("cloudwatch-logs");
        dev.monitor.core.export.ExporterContext context = new dev.monitor.core.export.ExporterContext(base.name(), base.layout(),
                base.clock(), base.self(), base.background(), base.usage(), base.kinds(), Map.of(dev.monitor.core.logs.LogSettings.class, logs));
        List<String> problems = new ArrayList<>();
        Map<String, Object> config = new java.util.LinkedHashMap<>(Map.of("region", "us-east-1", "endpoint", aws.endpoint().toString(),
                "syncMetricFilters", true));
        Instant t = Fixture.T0.minusSeconds(60);
        try (dev.monitor.core.export.Exporter<LogEvent> exporter = new LogsExporter.Provider().create(dev.monitor.core.export.Signal.LOGS,
                context, dev.monitor.core.config.ConfigNode.of("exporters[0]", config, problems))) {
            assertEquals(List.of(), problems);
            exporter.export(List.of(event(t, "ERROR a"), new LogEvent("/shop/audit", "i-1", t, "c")));
        }
        assertEquals(List.of("PutRetentionPolicy", "PutMetricFilter", "PutLogEvents", "PutRetentionPolicy", "PutLogEvents"),
                aws.calls.stream().map(FakeAws.Call::operation).toList());
        assertEquals(GROUP, aws.calls.get(0).body().get("logGroupName").asText());
        assertEquals(14, aws.calls.get(0).body().get("retentionInDays").asInt());
        assertEquals("errors", aws.calls.get(1).body().get("filterName").asText());
        assertEquals(365, aws.calls.get(3).body().get("retentionInDays").asInt());

        aws.calls.clear();
        config.put("retentionInDays", 30); // the exporter's own retention wins; no filters without syncMetricFilters
        config.remove("syncMetricFilters");
        try (dev.monitor.core.export.Exporter<LogEvent> exporter = new LogsExporter.Provider().create(dev.monitor.core.export.Signal.LOGS,
                context, dev.monitor.core.config.ConfigNode.of("exporters[0]", config, problems))) {
            exporter.export(List.of(event(t, "ERROR b")));
        }
        assertEquals(List.of("PutRetentionPolicy", "PutLogEvents"), aws.calls.stream().map(FakeAws.Call::operation).toList());
        assertEquals(30, aws.calls.get(0).body().get("retentionInDays").asInt());
    }

    @Test
    void aGroupWithShorterRetentionSetsAsideWhatItWouldNotKeep() throws Exception {
        LogsExporter.GroupSync sync = new LogsExporter.GroupSync(3, Map.of(), List.of());
        try (LogsExporter exporter = fixture.logs("cloudwatch-logs", 64 << 20, sync)) {
            exporter.export(List.of(event(Fixture.T0.minus(Duration.ofDays(3)).minusMillis(1), "old"), event(Fixture.T0, "new")));
        }
        assertEquals(List.of("new"), sentEvents().stream().map(e -> e.get("message").asText()).toList());
        assertEquals(1.0, fixture.self.sum("Dropped", "Signal", "logs", "Exporter", "cloudwatch-logs", "Reason", "TooOld"));
    }

    @Test
    void throttlingIsRetriedAndCountedForLogs() throws Exception {
        aws.responder = (call, i) -> i == 0 ? FakeAws.Reply.error(400, "ThrottlingException", "Rate exceeded") : null;
        try (LogsExporter exporter = fixture.logs("cloudwatch-logs", 64 << 20, Fixture.noSync())) {
            exporter.export(List.of(event(Fixture.T0, "a")));
        }
        assertEquals(2, puts().size());
        String[] usage = {"Service", "Logs", "Type", "API", "Resource", "PutLogEvents", "Class", "None"};
        assertEquals(1.0, fixture.self.sum("ThrottleCount", usage));
        assertEquals(2.0, fixture.self.sum("CallCount", usage));
    }

    @Test
    void accessDeniedKeepsTheEventsForWhenThePolicyIsFixed() throws Exception {
        aws.responder = (call, i) -> FakeAws.Reply.error(400, "AccessDeniedException", "User is not authorized to perform: logs:PutLogEvents");
        try (StderrCapture stderr = new StderrCapture();
             LogsExporter exporter = fixture.logs("cloudwatch-logs", 64 << 20, Fixture.noSync())) {
            exporter.export(List.of(event(Fixture.T0, "a")));
            assertEquals(1, exporter.backlog().items());
            assertTrue(stderr.text().contains("not authorized to perform: logs:PutLogEvents"), stderr.text());
            aws.responder = (call, i) -> null;
            exporter.flush();
            assertEquals(0, exporter.backlog().items());
        }
        assertEquals("a", sentEvents().get(sentEvents().size() - 1).get("message").asText());
    }
}
