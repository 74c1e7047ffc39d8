package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Throttling, server errors, an outage, rejected requests and missing credentials: what reaches
 * CloudWatch, what is counted, and that the exporter never throws at the pipeline for them.
 * Throttling is CloudWatch's {@code Throttling} code (query-compatible, status 400); the SDK's
 * standard retry strategy retries it and 5xx:
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
class CloudWatchFailuresTest {
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

    private static Datapoint point(String name, Instant at, double value) {
        return Datapoint.single(CloudWatchExporterTest.metric("Shop", name, 0, Resolution.HIGH), at, value);
    }

    private List<Double> sentValues() {
        List<Double> values = new ArrayList<>();
        for (FakeAws.Call call : aws.calls("PutMetricData")) {
            if (call.body().has("MetricData")) {
                for (JsonNode d : call.body().get("MetricData")) {
                    values.add(d.get("Value").asDouble());
                }
            }
        }
        return values;
    }

    private List<Double> acceptedValues(List<Integer> acceptedCalls) {
        List<Double> values = new ArrayList<>();
        List<FakeAws.Call> calls = aws.calls("PutMetricData");
        for (int i : acceptedCalls) {
            calls.get(i).body().get("MetricData").forEach(d -> values.add(d.get("Value").asDouble()));
        }
        return values;
    }

    @Test
    void throttlingIsRetriedByTheSdkAndCountedAsThrottles() throws Exception {
        aws.responder = (call, i) -> i < 2 ? FakeAws.Reply.error(400, "Throttling", "Rate exceeded") : null;
        try (CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 1 << 20)) {
            exporter.export(List.of(point("Orders", Fixture.T0, 1)));
        }
        assertEquals(3, aws.calls("PutMetricData").size());
        assertEquals(List.of(1.0), acceptedValues(List.of(2)));
        String[] usage = {"Service", "CloudWatch", "Type", "API", "Resource", "PutMetricData", "Class", "None"};
        assertEquals(3.0, fixture.self.sum("CallCount", usage));
        assertEquals(2.0, fixture.self.sum("ThrottleCount", usage), fixture.self.seen("ThrottleCount"));
        assertEquals(0.0, fixture.self.sum("ExporterErrors", "Signal", "metrics", "Exporter", "cloudwatch"));
    }

    @Test
    void serverErrorsAreRetried() throws Exception {
        aws.responder = (call, i) -> i == 0 ? FakeAws.Reply.error(500, "InternalServiceError", "oops")
                : i == 1 ? FakeAws.Reply.error(503, "ServiceUnavailable", "busy") : null;
        try (CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 1 << 20)) {
            exporter.export(List.of(point("Orders", Fixture.T0, 1)));
        }
        assertEquals(3, aws.calls("PutMetricData").size());
        assertEquals(0.0, fixture.self.sum("ThrottleCount", "Service", "CloudWatch", "Type", "API", "Resource", "PutMetricData",
                "Class", "None"));
    }

    @Test
    void aMinuteOfOutageLosesNothingTheBufferHoldsAndSendsItInOrderAfterwards() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        aws.responder = (call, i) -> down.get() ? FakeAws.Reply.error(503, "ServiceUnavailable", "down") : null;
        List<Double> produced = new ArrayList<>();
        try (StderrCapture stderr = new StderrCapture();
             CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 1 << 20)) {
            for (int second = 0; second < 60; second++) { // a high-resolution period a second, for a minute
                Instant period = fixture.clock.instant().minusSeconds(1);
                produced.add((double) second);
                exporter.export(List.of(point("Orders", period, second)));
                fixture.clock.advance(Duration.ofSeconds(1));
            }
            assertTrue(aws.calls.size() > 0 && sentValues().size() < 60 * 3 + 10, "the outage was tried, with pauses");
            assertEquals(60, exporter.backlog().items());
            down.set(false);
            fixture.clock.advance(Duration.ofMinutes(1)); // past the longest pause
            produced.add(60.0);
            exporter.export(List.of(point("Orders", fixture.clock.instant().minusSeconds(1), 60)));
            assertEquals(0, exporter.backlog().items());
            String log = stderr.text();
            assertTrue(log.contains("cloudwatch exporter 'cloudwatch' cannot send to CloudWatch"), log);
            assertEquals(1, log.split("cannot send to", -1).length - 1, "one warning for the whole outage: " + log);
        }
        List<Integer> accepted = new ArrayList<>();
        List<FakeAws.Call> calls = aws.calls("PutMetricData");
        for (int i = 0; i < calls.size(); i++) {
            if (!calls.get(i).body().get("MetricData").isEmpty() && i >= calls.size() - 61) {
                accepted.add(i);
            }
        }
        assertEquals(produced, acceptedValues(accepted.subList(accepted.size() - 61, accepted.size())),
                "every period once, in order, after the outage");
        assertEquals(0.0, fixture.self.sum("Dropped", "Signal", "metrics", "Exporter", "cloudwatch", "Reason", "BufferFull"));
        assertTrue(fixture.self.sum("ExporterErrors", "Signal", "metrics", "Exporter", "cloudwatch") > 0);
    }

    @Test
    void pastTheBufferTheOldestAreDroppedAndCounted() throws Exception {
        aws.responder = (call, i) -> FakeAws.Reply.error(503, "ServiceUnavailable", "down");
        try (StderrCapture stderr = new StderrCapture()) {
            CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 2_000); // a few requests' worth
            for (int second = 0; second < 60; second++) {
                exporter.export(List.of(point("Orders", fixture.clock.instant(), second)));
                fixture.clock.advance(Duration.ofSeconds(1));
            }
            long kept = exporter.backlog().items();
            assertTrue(kept > 0 && kept < 60, "kept " + kept);
            assertEquals(60 - kept, fixture.self.sum("Dropped", "Signal", "metrics", "Exporter", "cloudwatch", "Reason", "BufferFull"));
            aws.responder = (call, i) -> null;
            exporter.close();
            List<Double> last = new ArrayList<>();
            for (long v = 60 - kept; v < 60; v++) {
                last.add((double) v);
            }
            List<Double> sent = sentValues();
            assertEquals(last, sent.subList(sent.size() - (int) kept, sent.size()), "the newest, in order, once it answers");
            assertTrue(stderr.text().contains("cannot send to CloudWatch"), stderr.text());
        }
    }

    @Test
    void aRequestCloudWatchRejectsIsDroppedAndCountedAndTheNextStillGoes() throws Exception {
        aws.responder = (call, i) -> i == 0 ? FakeAws.Reply.error(400, "InvalidParameterValue", "The value 1 for parameter X is invalid.") : null;
        try (StderrCapture stderr = new StderrCapture();
             CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 1 << 20)) {
            exporter.export(List.of(point("Bad", Fixture.T0, 1)));
            exporter.export(List.of(point("Good", Fixture.T0, 2)));
            assertTrue(stderr.text().contains("rejected a request of 1 items"), stderr.text());
        }
        assertEquals(List.of(1.0, 2.0), sentValues(), "the rejected request is not retried");
        assertEquals(1.0, fixture.self.sum("Dropped", "Signal", "metrics", "Exporter", "cloudwatch", "Reason", "Rejected"));
    }

    @Test
    void missingCredentialsAreNamedAndWhatWaitsIsSentOnceTheyAppear() throws Exception {
        Fixture.credentials(false);
        try (StderrCapture stderr = new StderrCapture();
             CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 1 << 20)) {
            exporter.export(List.of(point("Orders", Fixture.T0, 1))); // never throws at the pipeline
            assertEquals(0, aws.calls.size(), "nothing unsigned leaves the process");
            String log = stderr.text();
            assertTrue(log.contains("no AWS credentials for 'cloudwatch'") && log.contains("AWS_ACCESS_KEY_ID")
                    && log.contains("aws.accessKeyId"), log);
            assertEquals(1, exporter.backlog().items());
            Fixture.credentials(true);
            exporter.flush();
        }
        assertEquals(List.of(1.0), sentValues());
        assertEquals(1.0, fixture.self.sum("CallCount", "Service", "CloudWatch", "Type", "API", "Resource", "PutMetricData",
                "Class", "None"), "a call that never left is not a call");
    }

    @Test
    void datapointsThatAgePastTwoWeeksWhileWaitingAreCountedNotSent() throws Exception {
        aws.responder = (call, i) -> FakeAws.Reply.error(503, "ServiceUnavailable", "down");
        MetricId m = CloudWatchExporterTest.metric("Shop", "Old", 0, Resolution.STANDARD);
        try (StderrCapture stderr = new StderrCapture();
             CloudWatchExporter exporter = new CloudWatchExporter(AwsClients.open(fixture.settings().withEndpoint(aws.endpoint()),
                     fixture.context("cloudwatch")), fixture.context("cloudwatch"), 1 << 20)) {
            exporter.export(List.of(Datapoint.single(m, Fixture.T0.minus(Duration.ofDays(14)), 1)));
            fixture.clock.advance(Duration.ofSeconds(1));
            aws.responder = (call, i) -> null;
            exporter.flush();
            assertTrue(stderr.text().contains("cannot send to CloudWatch"), "the outage is logged: " + stderr.text());
        }
        assertEquals(1.0, fixture.self.sum("Dropped", "Signal", "metrics", "Exporter", "cloudwatch", "Reason", "TooOld"));
        assertEquals(3, aws.calls("PutMetricData").size(), "the three attempts of the outage, and none once it aged");
    }

    @Test
    void whatIsStillUnsentAtCloseIsCountedAndNamed() throws Exception {
        aws.responder = (call, i) -> FakeAws.Reply.error(503, "ServiceUnavailable", "down");
        try (StderrCapture stderr = new StderrCapture()) {
            CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 1 << 20);
            exporter.export(List.of(point("A", Fixture.T0, 1), point("B", Fixture.T0, 2)));
            exporter.close();
            assertTrue(stderr.text().contains("closes with 2 items it could not send to CloudWatch"), stderr.text());
        }
        assertEquals(2.0, fixture.self.sum("Dropped", "Signal", "metrics", "Exporter", "cloudwatch", "Reason", "NotSentAtClose"));
    }

    @Test
    void closingWhileTheServiceHangsEndsWithinTheMonitorsBoundAndCountsWhatWasNotSent() throws Exception {
        java.util.concurrent.CountDownLatch hang = new java.util.concurrent.CountDownLatch(1);
        // timeouts far past the monitor's 10 s close bound: only the closing override can end the last call
        dev.monitor.aws.AwsClientSettings slow = new dev.monitor.aws.AwsClientSettings("us-east-1", aws.endpoint(), "standard", 1,
                Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofMinutes(10));
        try (StderrCapture stderr = new StderrCapture()) {
            CloudWatchExporter exporter = new CloudWatchExporter(AwsClients.open(slow, fixture.context("cloudwatch")),
                    fixture.context("cloudwatch"), 1 << 20);
            aws.responder = (call, i) -> FakeAws.Reply.error(503, "ServiceUnavailable", "down");
            exporter.export(List.of(point("Orders", Fixture.T0, 1))); // fails fast: kept
            aws.responder = (call, i) -> {
                try {
                    hang.await(); // now the service stops answering at all
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            };
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> exporter.close(),
                    "a safety net only: close must end after AwsClients.CLOSING_CALL_TIMEOUT, not after minutes");
            assertEquals(1, hang.getCount(), "the service never answered");
            assertTrue(stderr.text().contains("closes with 1 items it could not send"), stderr.text());
        } finally {
            hang.countDown();
        }
        assertEquals(1.0, fixture.self.sum("Dropped", "Signal", "metrics", "Exporter", "cloudwatch", "Reason", "NotSentAtClose"));
    }
}
