package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.Values;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the cloudwatch exporter sends, decoded from the SDK's real requests, against PutMetricData's
 * documented limits: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html
 * and https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html
 */
class CloudWatchExporterTest {
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

    static MetricId metric(String namespace, String name, int dimensions, Resolution resolution) {
        List<Dimension> dims = new ArrayList<>();
        for (int i = 0; i < dimensions; i++) {
            dims.add(new Dimension("D" + i, "v" + i));
        }
        return new MetricId(namespace, name, dims, Unit.MILLISECONDS, resolution);
    }

    static Datapoint distribution(MetricId metric, Instant at, int distinct) {
        double[] values = new double[distinct];
        long[] counts = new long[distinct];
        double sum = 0;
        long n = 0;
        for (int i = 0; i < distinct; i++) {
            values[i] = i + 1;
            counts[i] = i % 3 + 1;
            sum += values[i] * counts[i];
            n += counts[i];
        }
        return new Datapoint(metric, at, n, sum, values[0], values[distinct - 1], new Values(values, counts));
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> numbers = new ArrayList<>();
        array.forEach(n -> numbers.add(n.asDouble()));
        return numbers;
    }

    private List<JsonNode> sentDatums() {
        List<JsonNode> datums = new ArrayList<>();
        for (FakeAws.Call call : aws.calls("PutMetricData")) {
            call.body().get("MetricData").forEach(datums::add);
        }
        return datums;
    }

    @Test
    void aPeriodIsOneRequestInTheShapeCloudWatchTakes() throws Exception {
        Instant period = Fixture.T0.minusSeconds(60);
        MetricId latency = new MetricId("Shop", "Latency", List.of(new Dimension("Api", "orders")), Unit.MILLISECONDS, Resolution.HIGH);
        MetricId orders = new MetricId("Shop", "Orders", List.of(), Unit.COUNT, Resolution.STANDARD);
        try (CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 1 << 20)) {
            exporter.export(List.of(
                    new Datapoint(latency, period, 4, 10, 1, 5, new Values(new double[] {1, 2, 5}, new long[] {1, 2, 1})),
                    Datapoint.single(orders, period, 7)));
        }
        List<FakeAws.Call> calls = aws.calls("PutMetricData");
        assertEquals(1, calls.size());
        FakeAws.Call call = calls.get(0);
        assertEquals("rpc-v2-cbor", call.header("smithy-protocol"), "CloudWatch's protocol in SDK 2.57.8: Smithy RPC v2 CBOR");
        // The SDK signs with the wall clock's date, not the fixture's: any day, but this key, region and service.
        assertTrue(call.header("Authorization").matches(".*Credential=" + Fixture.ACCESS_KEY + "/\\d{8}/us-east-1/monitoring/aws4_request.*"),
                call.header("Authorization"));
        assertEquals(1.0, fixture.metered.get("AmazonCloudWatch CW:Requests"), "one metric API request");
        assertEquals(2.0 / (31 * 24), fixture.metered.get("AmazonCloudWatch CW:MetricMonitorUsage"), 1e-12,
                "two custom metrics sent in this hour: each 1/744 of a metric-month in December");
        assertEquals("Shop", call.body().get("Namespace").asText());
        JsonNode first = call.body().get("MetricData").get(0);
        assertEquals("Latency", first.get("MetricName").asText());
        assertEquals("Api", first.get("Dimensions").get(0).get("Name").asText());
        assertEquals("orders", first.get("Dimensions").get(0).get("Value").asText());
        assertEquals(period.getEpochSecond(), first.get("Timestamp").asDouble(), 0.0);
        assertEquals(List.of(1.0, 2.0, 5.0), numbers(first.get("Values")));
        assertEquals(List.of(1.0, 2.0, 1.0), numbers(first.get("Counts")));
        assertEquals("Milliseconds", first.get("Unit").asText());
        assertEquals(1, first.get("StorageResolution").asInt());
        assertFalse(first.has("Value"));
        JsonNode second = call.body().get("MetricData").get(1);
        assertEquals(7.0, second.get("Value").asDouble());
        assertFalse(second.has("Values"));
        assertEquals(60, second.get("StorageResolution").asInt());
        assertEquals("Count", second.get("Unit").asText());
        assertEquals(1.0, fixture.self.sum("CallCount", "Service", "CloudWatch", "Type", "API", "Resource", "PutMetricData",
                "Class", "None"), fixture.self.seen("CallCount"));
    }

    @Test
    void aThousandDatumsGoInOneRequestAndOneMoreInASecond() throws Exception {
        Instant at = Fixture.T0.minusSeconds(60);
        try (CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 64 << 20)) {
            exporter.export(IntStream.range(0, 1000).mapToObj(i -> Datapoint.single(metric("Shop", "M" + i, 0, Resolution.STANDARD), at, i)).toList());
            assertEquals(1, aws.calls("PutMetricData").size());
            exporter.export(IntStream.range(0, 1001).mapToObj(i -> Datapoint.single(metric("Shop", "M" + i, 0, Resolution.STANDARD), at, i)).toList());
        }
        List<FakeAws.Call> calls = aws.calls("PutMetricData");
        assertEquals(3, calls.size());
        assertEquals(1000, calls.get(0).body().get("MetricData").size());
        assertEquals(1000, calls.get(1).body().get("MetricData").size());
        assertEquals(1, calls.get(2).body().get("MetricData").size());
        assertEquals("M1000", calls.get(2).body().get("MetricData").get(0).get("MetricName").asText());
    }

    @Test
    void aHundredFiftyValuesAreOneDatumAndMoreAreSeveralOfTheSameMetricAndTime() throws Exception {
        Instant at = Fixture.T0.minusSeconds(60);
        MetricId at150 = metric("Shop", "At150", 0, Resolution.STANDARD);
        MetricId at151 = metric("Shop", "At151", 0, Resolution.STANDARD);
        try (CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 64 << 20)) {
            exporter.export(List.of(distribution(at150, at, 150), distribution(at151, at, 151)));
        }
        List<JsonNode> datums = sentDatums();
        assertEquals(3, datums.size());
        assertEquals(150, datums.get(0).get("Values").size());
        assertEquals(150, datums.get(1).get("Values").size());
        assertEquals(1, datums.get(2).get("Values").size());
        assertEquals("At151", datums.get(2).get("MetricName").asText());
        assertEquals(datums.get(1).get("Timestamp"), datums.get(2).get("Timestamp"));
        double counted = 0;
        for (JsonNode d : datums.subList(1, 3)) {
            for (JsonNode c : d.get("Counts")) {
                counted += c.asDouble();
            }
        }
        assertEquals(distribution(at151, at, 151).sampleCount(), counted, 0.0, "every sample's count, over both datums");
    }

    @Test
    void thirtyDimensionsAreSentAndThirtyOneAreSetAsideAndCounted() throws Exception {
        Instant at = Fixture.T0.minusSeconds(60);
        try (CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 64 << 20)) {
            exporter.export(List.of(Datapoint.single(metric("Shop", "Thirty", 30, Resolution.STANDARD), at, 1),
                    Datapoint.single(metric("Shop", "ThirtyOne", 31, Resolution.STANDARD), at, 1)));
        }
        List<JsonNode> datums = sentDatums();
        assertEquals(1, datums.size());
        assertEquals(30, datums.get(0).get("Dimensions").size());
        assertEquals(1.0, fixture.self.sum("Dropped", "Signal", "metrics", "Exporter", "cloudwatch", "Reason", "TooManyDimensions"));
    }

    @Test
    void timestampsFromTwoWeeksAgoToTwoHoursAheadAreSentAndOthersCounted() throws Exception {
        Instant now = Fixture.T0;
        MetricId m = metric("Shop", "When", 0, Resolution.STANDARD);
        try (CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 64 << 20)) {
            exporter.export(List.of(
                    Datapoint.single(m, now.minus(Duration.ofDays(14)), 1),
                    Datapoint.single(m, now.minus(Duration.ofDays(14)).minusMillis(1), 2),
                    Datapoint.single(m, now.plus(Duration.ofHours(2)), 3),
                    Datapoint.single(m, now.plus(Duration.ofHours(2)).plusMillis(1), 4)));
        }
        assertEquals(List.of(1.0, 3.0), sentDatums().stream().map(d -> d.get("Value").asDouble()).toList());
        assertEquals(1.0, fixture.self.sum("Dropped", "Signal", "metrics", "Exporter", "cloudwatch", "Reason", "TooOld"));
        assertEquals(1.0, fixture.self.sum("Dropped", "Signal", "metrics", "Exporter", "cloudwatch", "Reason", "TooNew"));
    }

    @Test
    void reservedNamespacesAndValuesCloudWatchRejectsAreCountedNotSent() throws Exception {
        Instant at = Fixture.T0.minusSeconds(60);
        try (CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 64 << 20)) {
            exporter.export(List.of(
                    Datapoint.single(metric("AWS/Events", "Invocations", 0, Resolution.STANDARD), at, 1),
                    Datapoint.single(metric("Shop", "NotANumber", 0, Resolution.STANDARD), at, Double.NaN),
                    Datapoint.single(metric("Shop", "Huge", 0, Resolution.STANDARD), at, Math.scalb(1.0, 361)),
                    Datapoint.single(metric("Shop", "Largest", 0, Resolution.STANDARD), at, Math.scalb(1.0, 360))));
        }
        assertEquals(List.of("Largest"), sentDatums().stream().map(d -> d.get("MetricName").asText()).toList());
        assertEquals(1.0, fixture.self.sum("Dropped", "Signal", "metrics", "Exporter", "cloudwatch", "Reason", "ReservedNamespace"));
        assertEquals(2.0, fixture.self.sum("Dropped", "Signal", "metrics", "Exporter", "cloudwatch", "Reason", "InvalidValue"));
    }

    @Test
    void requestsStayWithinOneMegabyteAndTheEstimateBoundsWhatTheSdkEncodes() throws Exception {
        // 30 dimensions with 1,024-character values and 150 values: about 33 KB a datum, 100 of them
        Instant at = Fixture.T0.minusSeconds(60);
        List<Datapoint> big = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            List<Dimension> dims = new ArrayList<>();
            for (int d = 0; d < 30; d++) {
                dims.add(new Dimension("Dimension" + d, ("" + (char) ('a' + d)).repeat(1024)));
            }
            big.add(distribution(new MetricId("Shop", "Big" + i, dims, Unit.BYTES, Resolution.STANDARD), at, 150));
        }
        long estimated;
        try (CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 64 << 20)) {
            List<CloudWatchExporter.Request> requests = exporter.requests(big);
            estimated = requests.stream().mapToLong(CloudWatchExporter.Request::bytes).sum();
            exporter.export(big);
        }
        List<FakeAws.Call> calls = aws.calls("PutMetricData");
        long received = 0;
        for (FakeAws.Call call : calls) {
            assertTrue(call.bodyBytes() <= CloudWatchExporter.MAX_REQUEST_BYTES, call.bodyBytes() + " bytes");
            assertTrue(call.gzip(), "PutMetricData has the requestCompression trait (gzip); the SDK compresses bodies over 10 KB");
            assertTrue(call.wireBytes() < call.bodyBytes());
            received += call.bodyBytes();
        }
        assertEquals(100, sentDatums().size());
        assertTrue(received > 3 * CloudWatchExporter.MAX_REQUEST_BYTES, "the batch is over 3 MB: " + received);
        assertEquals(4, calls.size(), "no more requests than the size needs (33 datums of about 33 KB fill one)");
        assertTrue(estimated >= received, "the estimate " + estimated + " must bound the encoded " + received);
        assertTrue(estimated <= received * 1.1, "and not by much: " + estimated + " for " + received);
    }

    @Test
    void smallRequestsAreNotCompressed() throws Exception {
        try (CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 64 << 20)) {
            exporter.export(List.of(Datapoint.single(metric("Shop", "Small", 0, Resolution.STANDARD), Fixture.T0, 1)));
        }
        assertFalse(aws.calls("PutMetricData").get(0).gzip());
    }

    @Test
    void aPeriodWithNoSamplesSendsNothingAndLosesNothing() throws Exception {
        MetricId idle = metric("Shop", "Idle", 0, Resolution.STANDARD);
        try (CloudWatchExporter exporter = fixture.cloudWatch("cloudwatch", 64 << 20)) {
            exporter.export(List.of(new Datapoint(idle, Fixture.T0, 0, 0, 0, 0, new Values(new double[0], new long[0]))));
        }
        assertEquals(0, aws.calls.size());
        assertEquals("[]", fixture.self.seen("Dropped"));
    }
}
