package dev.monitor.core.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.alarms.internal.AlarmEngine;
import dev.monitor.core.alarms.internal.AlarmReplay;
import dev.monitor.core.config.ConfigException;
import dev.monitor.testing.ManualClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alarms on a real monitor driven by a test clock: what a user would check. */
class AlarmsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");

    private Monitor.Builder builder() {
        Monitor.Builder builder = QuietMonitor.builder(dir, clock);
        return builder;
    }

    private void tick(Monitor monitor, int seconds) {
        for (int i = 0; i < seconds; i++) {
            clock.advance(Duration.ofSeconds(1));
            monitor.flush(Duration.ofSeconds(10));
        }
    }

    @Test
    void aLatencyAlarmCrossesItsThresholdAndRecoversWithCloudWatchsReasons() {
        try (Monitor monitor = builder().build()) {
            List<AlarmStateChange> changes = new CopyOnWriteArrayList<>();
            monitor.alarms().registerAction("record", changes::add);
            monitor.alarms().putMetricAlarm(MetricAlarm.builder("HighLatency")
                    .metric("Shop", "Latency").dimension("Operation", "PlaceOrder")
                    .extendedStatistic("p99").period(60).evaluationPeriods(3).threshold(250)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .onState(AlarmState.ALARM, "record").onState(AlarmState.OK, "record").build());
            var latency = monitor.metrics().distribution("Latency", "Operation", "PlaceOrder");
            for (int minute = 0; minute < 3; minute++) {
                latency.record(400);
                tick(monitor, 60);
            }
            AlarmStatus status = monitor.alarms().describe("HighLatency").orElseThrow();
            assertEquals(AlarmState.ALARM, status.state());
            assertTrue(status.reason().matches("Threshold Crossed: 3 out of the last 3 datapoints \\[\\d+\\.\\d+ \\(01/01/26 00:02:00\\), "
                    + "\\d+\\.\\d+ \\(01/01/26 00:01:00\\), \\d+\\.\\d+ \\(01/01/26 00:00:00\\)\\] were greater than the threshold "
                    + "\\(250\\.0\\) \\(minimum 3 datapoints for OK -> ALARM transition\\)\\."), status.reason());
            JsonNode data = readJson(status.reasonData());
            assertEquals("p99", data.get("extendedStatistic").asText());
            assertEquals(3, data.get("evaluatedDatapoints").size());
            assertEquals("2026-01-01T00:02:00.000+0000", data.get("evaluatedDatapoints").get(0).get("timestamp").asText());

            latency.record(100);
            tick(monitor, 60);
            status = monitor.alarms().describe("HighLatency").orElseThrow();
            assertEquals(AlarmState.OK, status.state());
            assertTrue(status.reason().contains("1 out of the last 3 datapoints [") && status.reason()
                    .endsWith("was not greater than the threshold (250.0) (minimum 1 datapoint for ALARM -> OK transition)."),
                    status.reason());
            assertTrue(monitor.alarms().awaitActions(Duration.ofSeconds(5)));
            assertEquals(List.of(AlarmState.ALARM, AlarmState.OK), changes.stream().map(c -> c.current().value()).toList());
            assertEquals(AlarmState.INSUFFICIENT_DATA, changes.get(0).previous().value());
            List<String> history = monitor.alarms().history("HighLatency").stream()
                    .filter(h -> h.type().equals("StateUpdate")).map(AlarmHistoryItem::summary).toList();
            assertEquals(List.of("Alarm updated from ALARM to OK", "Alarm updated from INSUFFICIENT_DATA to ALARM"), history);
        }
    }

    @Test
    void anErrorRateMathAlarmAndItsMissingDataTreatment() {
        try (Monitor monitor = builder().build()) {
            monitor.alarms().putMetricAlarm(MetricAlarm.builder("ErrorRate")
                    .query(MetricDataQuery.metric("errors", new MetricStat("Shop", "Errors", List.of(), 60, Statistic.simple("Sum")), false))
                    .query(MetricDataQuery.metric("requests", new MetricStat("Shop", "Requests", List.of(), 60, Statistic.simple("Sum")), false))
                    .query(MetricDataQuery.expression("rate", "100 * errors / requests", true))
                    .evaluationPeriods(1).threshold(5).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .treatMissingData(TreatMissingData.NOT_BREACHING).build());
            monitor.metrics().counter("Requests").increment(100);
            monitor.metrics().counter("Errors").increment(10);
            tick(monitor, 60);
            AlarmStatus status = monitor.alarms().describe("ErrorRate").orElseThrow();
            assertEquals(AlarmState.ALARM, status.state(), status.reason());
            assertTrue(status.reason().startsWith("Threshold Crossed: 1 datapoint [10.0 (01/01/26 00:00:00)] was greater than the threshold (5.0)"),
                    status.reason());
            // Idle counters report 0, so the rate divides by zero and is dropped. As the guide notes, the
            // alarm re-evaluates its last real datapoint while that is in the evaluation range (3 periods)...
            tick(monitor, 60);
            assertEquals(AlarmState.ALARM, monitor.alarms().describe("ErrorRate").orElseThrow().state());
            // ...and then treats the missing datapoint as not breaching.
            tick(monitor, 120);
            status = monitor.alarms().describe("ErrorRate").orElseThrow();
            assertEquals(AlarmState.OK, status.state(), status.reason());
            assertEquals("Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].",
                    status.reason());
        }
    }

    @Test
    void mathAlarmsMustCompareOneSeries() {
        try (Monitor monitor = builder().build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> monitor.alarms().putMetricAlarm(
                    MetricAlarm.builder("Scalar")
                            .query(MetricDataQuery.metric("m1", new MetricStat("Shop", "X", List.of(), 60, Statistic.simple("Sum")), false))
                            .query(MetricDataQuery.expression("e1", "AVG(m1)", true))
                            .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build()));
            assertTrue(e.getMessage().contains("must give one time series, not the number"), e.getMessage());
        }
    }

    @Test
    void anAnomalyBandAlarmFiresOnASpikeAfterLearning() {
        try (Monitor monitor = builder().build()) {
            var gauge = monitor.metrics().gauge("QueueDepth");
            java.util.Random random = new java.util.Random(3);
            for (int minute = 0; minute < 90; minute++) {
                gauge.set(100 + random.nextGaussian() * 3);
                tick(monitor, 60);
            }
            monitor.alarms().putMetricAlarm(MetricAlarm.builder("QueueAnomaly")
                    .query(MetricDataQuery.metric("m1", new MetricStat("Shop", "QueueDepth", List.of(), 60, Statistic.simple("Average")), true))
                    .query(MetricDataQuery.expression("ad1", "ANOMALY_DETECTION_BAND(m1, 3)", true))
                    .thresholdMetricId("ad1").evaluationPeriods(2).datapointsToAlarm(2)
                    .comparisonOperator(ComparisonOperator.LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD).build());
            for (int minute = 0; minute < 10; minute++) {
                gauge.set(100 + random.nextGaussian() * 3);
                tick(monitor, 60);
            }
            assertEquals(AlarmState.OK, monitor.alarms().describe("QueueAnomaly").orElseThrow().state(),
                    monitor.alarms().describe("QueueAnomaly").orElseThrow().reason());
            for (int minute = 0; minute < 2; minute++) {
                gauge.set(160);
                tick(monitor, 60);
            }
            AlarmStatus status = monitor.alarms().describe("QueueAnomaly").orElseThrow();
            assertEquals(AlarmState.ALARM, status.state(), status.reason());
            assertTrue(status.reason().contains("were outside the band"), status.reason());
            assertTrue(readJson(status.reasonData()).has("recentUpperThresholds"));
        }
    }

    @Test
    void webhooksAreRetriedAndTopicsAndListenersGetCloudWatchsMessages() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LinkedBlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        AtomicInteger calls = new AtomicInteger();
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = calls.incrementAndGet() == 1 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try (Monitor monitor = builder().build()) {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
            monitor.alarms().registerAction("hook", AlarmActions.webhook(uri));
            LinkedBlockingQueue<String> topicMessages = new LinkedBlockingQueue<>();
            monitor.alarms().topic("ops").subscribe(topicMessages::add);
            LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
            monitor.alarms().onStateChange(change -> events.add(change.eventJson()));
            monitor.alarms().putMetricAlarm(MetricAlarm.builder("Errors").description("any error")
                    .metric("Shop", "Errors").statistic("Sum").period(10).threshold(1)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                    .onState(AlarmState.ALARM, "hook", "ops").build());
            monitor.metrics().counterBuilder("Errors").resolution(Resolution.HIGH).register().increment();
            tick(monitor, 10);

            JsonNode notification = readJson(topicMessages.poll(5, TimeUnit.SECONDS));
            assertEquals("ALARM", notification.get("NewStateValue").asText());
            assertEquals("INSUFFICIENT_DATA", notification.get("OldStateValue").asText());
            assertEquals("arn:aws:cloudwatch:local:000000000000:alarm:Errors", notification.get("AlarmArn").asText());
            assertEquals("Errors", notification.get("Trigger").get("MetricName").asText());
            assertEquals("SUM", notification.get("Trigger").get("Statistic").asText());
            assertEquals("GreaterThanOrEqualToThreshold", notification.get("Trigger").get("ComparisonOperator").asText());

            String first = bodies.poll(5, TimeUnit.SECONDS);
            String retried = bodies.poll(5, TimeUnit.SECONDS);
            assertEquals(first, retried, "the webhook got the same message again after its HTTP 500");
            assertEquals("ALARM", readJson(retried).get("NewStateValue").asText());

            JsonNode event = readJson(events.poll(5, TimeUnit.SECONDS));
            assertEquals("CloudWatch Alarm State Change", event.get("detail-type").asText());
            assertEquals("aws.cloudwatch", event.get("source").asText());
            assertEquals("ALARM", event.at("/detail/state/value").asText());
            assertEquals("Errors", event.at("/detail/configuration/metrics/0/metricStat/metric/name").asText());
            assertTrue(monitor.alarms().awaitActions(Duration.ofSeconds(5)));
            assertTrue(monitor.alarms().history("Errors").stream()
                    .anyMatch(h -> h.summary().equals("Successfully executed action hook")));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aClosedListenerOrSubscriberGetsNoLaterChangeWhileTheOthersDo() throws Exception {
        try (Monitor monitor = builder().build()) {
            AlarmService alarms = monitor.alarms();
            alarms.topic("ops");
            alarms.putMetricAlarm(MetricAlarm.builder("Errors").metric("Shop", "Errors").statistic("Sum").period(60)
                    .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                    .onState(AlarmState.ALARM, "ops").onState(AlarmState.OK, "ops").build());
            List<AlarmState> removed = new CopyOnWriteArrayList<>();
            List<AlarmState> kept = new CopyOnWriteArrayList<>();
            List<String> removedMessages = new CopyOnWriteArrayList<>();
            List<String> keptMessages = new CopyOnWriteArrayList<>();
            Subscription listener = alarms.onStateChange(change -> removed.add(change.current().value()));
            alarms.onStateChange(change -> kept.add(change.current().value()));
            Subscription subscriber = alarms.topic("ops").subscribe(removedMessages::add);
            alarms.topic("ops").subscribe(keptMessages::add);

            alarms.setAlarmState("Errors", AlarmState.ALARM, "first");
            assertTrue(alarms.awaitActions(Duration.ofSeconds(10)));
            listener.close();
            subscriber.close();
            listener.close(); // twice is harmless
            subscriber.close();
            alarms.setAlarmState("Errors", AlarmState.OK, "second");
            assertTrue(alarms.awaitActions(Duration.ofSeconds(10)));

            assertEquals(List.of(AlarmState.ALARM), removed);
            assertEquals(List.of(AlarmState.ALARM, AlarmState.OK), kept);
            assertEquals(1, removedMessages.size());
            assertEquals(2, keptMessages.size());
        }
    }

    @Test
    void closingOneOfTwoSubscriptionsOfTheSameListenerLeavesTheOther() throws Exception {
        try (Monitor monitor = builder().build()) {
            AlarmService alarms = monitor.alarms();
            alarms.putMetricAlarm(MetricAlarm.builder("Errors").metric("Shop", "Errors").statistic("Sum").period(60)
                    .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD).build());
            List<AlarmState> seen = new CopyOnWriteArrayList<>();
            java.util.function.Consumer<AlarmStateChange> listener = change -> seen.add(change.current().value());
            Subscription first = alarms.onStateChange(listener);
            alarms.onStateChange(listener);
            first.close();
            first.close();
            alarms.setAlarmState("Errors", AlarmState.ALARM, "once");
            assertTrue(alarms.awaitActions(Duration.ofSeconds(10)));
            assertEquals(List.of(AlarmState.ALARM), seen);
        }
    }

    @Test
    void aSlowActionNeverHoldsUpEvaluation() throws Exception {
        try (Monitor monitor = builder().build()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            monitor.alarms().registerAction("slow", change -> {
                started.countDown();
                release.await();
            });
            monitor.alarms().putMetricAlarm(MetricAlarm.builder("Busy").metric("Shop", "Load").statistic("Maximum")
                    .period(10).threshold(5).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .onState(AlarmState.ALARM, "slow").build());
            var load = monitor.metrics().gaugeBuilder("Load").resolution(Resolution.HIGH).register();
            load.set(9);
            tick(monitor, 10);
            assertTrue(started.await(5, TimeUnit.SECONDS));
            load.set(1);
            tick(monitor, 10);
            assertEquals(AlarmState.OK, monitor.alarms().describe("Busy").orElseThrow().state(),
                    "evaluation went on while the action was still running");
            release.countDown();
        }
    }

    @Test
    void setAlarmStateRunsActionsUnlessTheyAreDisabled() {
        try (Monitor monitor = builder().build()) {
            AtomicInteger runs = new AtomicInteger();
            monitor.alarms().registerAction("count", change -> runs.incrementAndGet());
            monitor.alarms().putMetricAlarm(MetricAlarm.builder("Test").metric("Shop", "X").statistic("Sum").period(60)
                    .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .onState(AlarmState.ALARM, "count").build());
            monitor.alarms().setAlarmState("Test", AlarmState.ALARM, "testing the pager");
            assertTrue(monitor.alarms().awaitActions(Duration.ofSeconds(5)));
            assertEquals(1, runs.get());
            assertEquals("testing the pager", monitor.alarms().describe("Test").orElseThrow().reason());
            monitor.alarms().setAlarmState("Test", AlarmState.OK, "back");
            monitor.alarms().disableActions("Test");
            monitor.alarms().setAlarmState("Test", AlarmState.ALARM, "again");
            assertTrue(monitor.alarms().awaitActions(Duration.ofSeconds(5)));
            assertEquals(1, runs.get(), "disabled actions do not run");
            assertFalse(monitor.alarms().describe("Test").orElseThrow().actionsEnabled());
            assertThrows(IllegalArgumentException.class, () -> monitor.alarms().setAlarmState("Nope", AlarmState.OK, "x"));
        }
    }

    @Test
    void scalingRepeatsWhileInAlarmWithinBoundsAndCooldown() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        try (Monitor monitor = builder().build()) {
            monitor.alarms().registerAction("scaleOut",
                    AlarmActions.scaling(pool, AlarmActions.AdjustmentType.CHANGE_IN_CAPACITY, 2, 1, 6, Duration.ofSeconds(30)));
            monitor.alarms().putMetricAlarm(MetricAlarm.builder("Backlog").metric("Shop", "Backlog").statistic("Maximum")
                    .period(10).threshold(10).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .onState(AlarmState.ALARM, "scaleOut").build());
            monitor.metrics().gaugeBuilder("Backlog").resolution(Resolution.HIGH).register().set(50);
            List<Integer> sizes = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                tick(monitor, 10);
                monitor.alarms().awaitActions(Duration.ofSeconds(5));
                sizes.add(pool.getCorePoolSize());
            }
            // Every 10 s while in ALARM, but at most once per 30 s cooldown, and never above 6.
            assertEquals(List.of(4, 4, 4, 6, 6, 6, 6, 6, 6, 6), sizes);
            assertEquals(6, pool.getMaximumPoolSize());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void diagnosticsCaptureWritesAThreadDumpAndAHeapHistogramAtMostOncePerInterval() throws Exception {
        try (Monitor monitor = builder().build()) {
            Path out = dir.resolve("diagnostics");
            monitor.alarms().registerAction("capture", AlarmActions.diagnostics(out, Duration.ofMinutes(10)));
            monitor.alarms().putMetricAlarm(MetricAlarm.builder("Stuck").metric("Shop", "X").statistic("Sum").period(60)
                    .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .onState(AlarmState.ALARM, "capture").build());
            monitor.alarms().setAlarmState("Stuck", AlarmState.ALARM, "test");
            assertTrue(monitor.alarms().awaitActions(Duration.ofSeconds(30)));
            List<Path> files;
            try (var listing = Files.list(out)) {
                files = listing.sorted().toList();
            }
            assertEquals(2, files.size(), files.toString());
            assertTrue(Files.readString(files.get(0)).contains("java.lang.String"), "the heap histogram lists classes");
            assertTrue(Files.readString(files.get(1)).contains("monitor-alarm-action"), "the thread dump shows threads");
            clock.advance(Duration.ofMinutes(1));
            monitor.alarms().setAlarmState("Stuck", AlarmState.OK, "test");
            monitor.alarms().setAlarmState("Stuck", AlarmState.ALARM, "test");
            assertTrue(monitor.alarms().awaitActions(Duration.ofSeconds(30)));
            try (var listing = Files.list(out)) {
                assertEquals(2, listing.count(), "a second capture within 10 minutes is skipped");
            }
        }
    }

    @Test
    void compositeAlarmsFollowTheirRuleAndRejectCycles() {
        try (Monitor monitor = builder().build()) {
            AlarmService alarms = monitor.alarms();
            for (String name : List.of("A", "B")) {
                alarms.putMetricAlarm(MetricAlarm.builder(name).metric("Shop", name).statistic("Sum").period(60)
                        .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build());
            }
            alarms.putCompositeAlarm(CompositeAlarm.builder("C1").rule("ALARM(A) AND NOT ALARM(B)").build());
            alarms.putCompositeAlarm(CompositeAlarm.builder("C2").rule("ALARM(C1)").build());
            IllegalArgumentException cycle = assertThrows(IllegalArgumentException.class,
                    () -> alarms.putCompositeAlarm(CompositeAlarm.builder("C1").rule("ALARM(C2)").build()));
            assertTrue(cycle.getMessage().contains("C1 -> C2 -> C1") || cycle.getMessage().contains("C2 -> C1 -> C2"),
                    cycle.getMessage());
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> alarms.putCompositeAlarm(CompositeAlarm.builder("C3").rule("ALARM(Z)").build()));
            assertTrue(missing.getMessage().contains("'Z', which does not exist"), missing.getMessage());

            alarms.setAlarmState("A", AlarmState.ALARM, "test");
            alarms.setAlarmState("B", AlarmState.OK, "test");
            monitor.flush(java.time.Duration.ofSeconds(10));
            assertEquals(AlarmState.ALARM, alarms.describe("C1").orElseThrow().state());
            assertEquals(AlarmState.ALARM, alarms.describe("C2").orElseThrow().state(), "a composite of a composite follows in the same pass");
            assertTrue(alarms.describe("C1").orElseThrow().reason().matches("arn:aws:cloudwatch:local:000000000000:alarm:[AB] "
                    + "transitioned to (OK|ALARM) at Thursday 01 January, 2026 00:00:00 UTC"),
                    alarms.describe("C1").orElseThrow().reason());
            alarms.setAlarmState("B", AlarmState.ALARM, "deploying");
            monitor.flush(java.time.Duration.ofSeconds(10));
            assertEquals(AlarmState.OK, alarms.describe("C1").orElseThrow().state());
            assertThrows(IllegalArgumentException.class, () -> alarms.deleteAlarms("A"));
        }
    }

    @Test
    void anActionsSuppressorHoldsActionsThroughItsWaitAndExtensionPeriods() {
        try (Monitor monitor = builder().build()) {
            AlarmService alarms = monitor.alarms();
            AtomicInteger pages = new AtomicInteger();
            alarms.registerAction("page", change -> pages.incrementAndGet());
            for (String name : List.of("Errors", "Deploying")) {
                // With no data and "ignore", evaluations keep the states this test sets.
                alarms.putMetricAlarm(MetricAlarm.builder(name).metric("Shop", name).statistic("Sum").period(60)
                        .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .treatMissingData(TreatMissingData.IGNORE).build());
            }
            alarms.putCompositeAlarm(CompositeAlarm.builder("Page").rule("ALARM(Errors)").onState(AlarmState.ALARM, "page")
                    .actionsSuppressor("Deploying", Duration.ofSeconds(30), Duration.ofSeconds(60)).build());
            alarms.setAlarmState("Deploying", AlarmState.OK, "t");
            alarms.setAlarmState("Errors", AlarmState.ALARM, "t");
            monitor.flush(java.time.Duration.ofSeconds(10));
            assertEquals("WaitPeriod", alarms.describe("Page").orElseThrow().actionsSuppressedBy());
            clock.advance(Duration.ofSeconds(10));
            alarms.setAlarmState("Deploying", AlarmState.ALARM, "deploy started");
            monitor.flush(java.time.Duration.ofSeconds(10));
            assertEquals("Alarm", alarms.describe("Page").orElseThrow().actionsSuppressedBy());
            clock.advance(Duration.ofMinutes(5));
            alarms.setAlarmState("Deploying", AlarmState.OK, "deploy done");
            monitor.flush(java.time.Duration.ofSeconds(10));
            assertEquals("ExtensionPeriod", alarms.describe("Page").orElseThrow().actionsSuppressedBy());
            clock.advance(Duration.ofSeconds(59));
            monitor.flush(java.time.Duration.ofSeconds(10));
            alarms.awaitActions(Duration.ofSeconds(5));
            assertEquals(0, pages.get(), "still within the extension period");
            clock.advance(Duration.ofSeconds(1));
            monitor.flush(java.time.Duration.ofSeconds(10));
            alarms.awaitActions(Duration.ofSeconds(5));
            assertEquals(1, pages.get(), "the errors outlasted the deployment: page now");
            assertEquals(null, alarms.describe("Page").orElseThrow().actionsSuppressedBy());
        }
    }

    @Test
    void alarmsFromTheConfigurationFileWithEveryProblemReportedByPath() throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, """
                namespace: Shop
                alarmActions:
                  - {name: ops, type: topic}
                  - {name: dump, type: diagnostics, minInterval: 5m}
                alarms:
                  - AlarmName: HighLatency
                    Namespace: Shop
                    MetricName: Latency
                    Dimensions: [{Name: Operation, Value: PlaceOrder}]
                    ExtendedStatistic: p99
                    Period: 60
                    EvaluationPeriods: 3
                    DatapointsToAlarm: 2
                    Threshold: 250
                    ComparisonOperator: GreaterThanThreshold
                    TreatMissingData: notBreaching
                    AlarmActions: [ops, dump]
                compositeAlarms:
                  - AlarmName: Page
                    AlarmRule: ALARM(HighLatency)
                    AlarmActions: [ops]
                """);
        try (Monitor monitor = builder().config(good).build()) {
            assertEquals(List.of("HighLatency", "Page"), monitor.alarms().describeAll().stream().map(AlarmStatus::name).toList());
        }
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                alarms:
                  - AlarmName: Fine
                    Namespace: Shop
                    MetricName: X
                    Statistic: Sum
                    Period: 60
                    Threshold: 1
                    ComparisonOperator: GreaterThanThreshold
                  - AlarmName: Broken
                    Namespace: Shop
                    MetricName: X
                    Statistic: Sum
                    Period: 45
                    Threshold: 1
                    ComparisonOperator: Above
                    AlarmActions: [nobody]
                  - AlarmName: Bad
                    Metrics: [{Id: e1, Expression: "SUM(m1"}]
                    ComparisonOperator: GreaterThanThreshold
                    Threshold: 1
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> builder().config(bad).build());
        String message = e.getMessage();
        assertTrue(message.contains("alarms[1].ComparisonOperator: ComparisonOperator 'Above' is not one of"), message);
        assertTrue(message.contains("alarms[1].AlarmName: alarm 'Broken': Period 45 must be 10, 20, 30 or a multiple of 60"), message);
        assertTrue(message.contains("alarms[2].AlarmName: alarm 'Bad': "), message);
        assertTrue(message.contains("Metrics entry 'e1': metric math expression 'SUM(m1', line 1, column 7: expected ',' or ')'"), message);
        assertFalse(message.contains("alarms[0]"), message);
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Test
    void aPercentileFromTooFewSamplesIsIgnoredWhenAskedTo() {
        // p99 needs 10 / (1 - 0.99) = 1000 samples; five are too few.
        List<AlarmReplay.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            points.add(new AlarmReplay.Point(null, java.time.Instant.parse("2026-01-01T00:00:10Z").plusSeconds(i), 900));
        }
        MetricAlarm.Builder alarm = MetricAlarm.builder("Sparse").metric("Shop", "Latency").extendedStatistic("p99")
                .period(60).threshold(500).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD);
        List<AlarmReplay.Result> ignored = AlarmReplay.run(alarm.evaluateLowSampleCountPercentile(false).build(), points,
                AlarmState.OK, List.of());
        assertEquals(AlarmState.OK, ignored.get(0).state(), "the state does not change on too few samples");
        List<AlarmReplay.Result> evaluated = AlarmReplay.run(alarm.evaluateLowSampleCountPercentile(true).build(), points,
                AlarmState.OK, List.of());
        assertEquals(AlarmState.ALARM, evaluated.get(0).state());
    }

    @Test
    void historyIsBoundedAndNewestFirst() {
        try (Monitor monitor = builder().build()) {
            monitor.alarms().putMetricAlarm(MetricAlarm.builder("Flappy").metric("Shop", "X").statistic("Sum").period(60)
                    .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build());
            for (int i = 0; i < 150; i++) {
                monitor.alarms().setAlarmState("Flappy", i % 2 == 0 ? AlarmState.ALARM : AlarmState.OK, "flap " + i);
            }
            List<AlarmHistoryItem> history = monitor.alarms().history("Flappy");
            assertEquals(AlarmService.HISTORY_LIMIT, history.size());
            assertEquals("Alarm updated from ALARM to OK", history.get(0).summary());
            assertTrue(readJson(history.get(0).data()).at("/newState/stateReason").asText().equals("flap 149"));
            clock.advance(Duration.ofMinutes(1));
            monitor.alarms().setAlarmState("Flappy", AlarmState.ALARM, "later");
            List<AlarmHistoryItem> recent = monitor.alarms().history("Flappy", "StateUpdate",
                    clock.instant(), clock.instant().plusSeconds(1), 10);
            assertEquals(List.of("Alarm updated from OK to ALARM"), recent.stream().map(AlarmHistoryItem::summary).toList());
            assertEquals(List.of(), monitor.alarms().history("Flappy", "Action", java.time.Instant.EPOCH, clock.instant(), 10));
        }
    }

    @Test
    void anActionThatHangsIsAbandonedAfterItsTimeoutAndRetried() {
        AtomicInteger attempts = new AtomicInteger();
        try (AlarmEngine alarms = new AlarmEngine(clock, "1", "r", List::of, dev.monitor.api.metrics.Metrics.noop(),
                Duration.ofMillis(200), Duration.ofMillis(10))) {
            alarms.registerAction("flaky", change -> {
                if (attempts.incrementAndGet() == 1) {
                    Thread.sleep(60_000); // the scenario: an action that hangs (nothing waits on this sleep to assert)
                }
            });
            alarms.putMetricAlarm(MetricAlarm.builder("A").metric("Shop", "X").statistic("Sum").period(60)
                    .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .onState(AlarmState.ALARM, "flaky").build());
            alarms.setAlarmState("A", AlarmState.ALARM, "test");
            assertTrue(alarms.awaitActions(Duration.ofSeconds(10)));
            assertEquals(2, attempts.get());
            assertTrue(alarms.history("A").stream().anyMatch(h -> h.summary().equals("Successfully executed action flaky")));
        }
    }

    @Test
    void codeMayRegisterAnActionTheConfigFileAlsoDeclaresAsTheReadmeDoes() throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                namespace: Shop
                alarmActions:
                  - {name: ops, type: topic}
                  - {name: hook, type: webhook, url: "http://127.0.0.1:9/alarms"}
                  - {name: capture, type: diagnostics, minInterval: 10m}
                alarms:
                  - {AlarmName: HighLatency, Namespace: Shop, MetricName: Latency, Statistic: Average, Period: 60,
                     Threshold: 250, ComparisonOperator: GreaterThanThreshold, AlarmActions: [ops, hook]}
                """);
        try (Monitor monitor = builder().config(config).build()) {
            AlarmService alarms = monitor.alarms();
            List<AlarmStateChange> hooked = new CopyOnWriteArrayList<>();
            alarms.registerAction("hook", hooked::add); // the README's code gives "hook" and "capture" again
            alarms.registerAction("capture", change -> { });
            List<String> ops = new CopyOnWriteArrayList<>();
            alarms.topic("ops").subscribe(ops::add);
            alarms.setAlarmState("HighLatency", AlarmState.ALARM, "testing the pager");
            assertTrue(alarms.awaitActions(Duration.ofSeconds(10)));
            assertEquals(1, hooked.size(), "the code's action replaced the file's webhook");
            assertEquals(1, ops.size());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> alarms.registerAction("ops", c -> { }));
            assertEquals("'ops' is a topic; an action cannot have a topic's name", e.getMessage());
        }
    }

    /**
     * The composite's reason names the child whose change triggered it, as AWS's composite alarm
     * state-change events do ("arn:...:alarm:FirstChild transitioned to ALARM at ...", with that
     * child alone in triggeringAlarms), even when another child changed at the same moment.
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
     */
    @Test
    void aCompositesReasonNamesTheChildWhoseChangeTriggeredIt() throws Exception {
        try (Monitor monitor = builder().build()) {
            AlarmService alarms = monitor.alarms();
            for (String name : List.of("Deploying", "HighLatency")) {
                alarms.putMetricAlarm(MetricAlarm.builder(name).metric("Shop", name).statistic("Sum").period(60)
                        .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .treatMissingData(TreatMissingData.IGNORE).build());
            }
            alarms.putCompositeAlarm(CompositeAlarm.builder("Page").rule("ALARM(Deploying) OR ALARM(HighLatency)").build());
            monitor.flush(java.time.Duration.ofSeconds(10));
            clock.advance(Duration.ofSeconds(30));
            alarms.setAlarmState("HighLatency", AlarmState.ALARM, "slow");
            alarms.setAlarmState("Deploying", AlarmState.OK, "done"); // changed later, but did not trigger Page
            monitor.flush(java.time.Duration.ofSeconds(10));
            AlarmStatus page = alarms.describe("Page").orElseThrow();
            assertEquals(AlarmState.ALARM, page.state());
            assertEquals("arn:aws:cloudwatch:local:000000000000:alarm:HighLatency transitioned to ALARM at "
                    + "Thursday 01 January, 2026 00:00:30 UTC", page.reason());
            JsonNode triggering = readJson(page.reasonData()).get("triggeringAlarms");
            assertEquals(1, triggering.size());
            assertEquals("arn:aws:cloudwatch:local:000000000000:alarm:HighLatency", triggering.get(0).get("arn").asText());
            assertEquals("ALARM", triggering.get(0).get("state").get("value").asText());

            clock.advance(Duration.ofSeconds(30));
            alarms.setAlarmState("HighLatency", AlarmState.OK, "fast again");
            monitor.flush(java.time.Duration.ofSeconds(10));
            assertEquals("arn:aws:cloudwatch:local:000000000000:alarm:HighLatency transitioned to OK at "
                    + "Thursday 01 January, 2026 00:01:00 UTC", alarms.describe("Page").orElseThrow().reason());
        }
    }
}
