package dev.monitor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --aws-endpoint URL}: the demo sends every signal to AWS's APIs at that URL, as it would to
 * AWS, and each service receives well-formed requests in its own protocol, signed with the
 * environment's credentials for the demo's region: PutMetricData (CloudWatch), PutLogEvents
 * (CloudWatch Logs), PutTraceSegments and GetSamplingRules (X-Ray), PutObject (S3, the audit
 * trail under CloudTrail's keys), PutEvents (EventBridge).
 */
class ShopDemoOnAwsTest {
    private static final String KEY = "AKIDSHOPDEMOTEST0001";
    private static final String RULES = "{\"SamplingRuleRecords\":[{\"SamplingRule\":{\"RuleName\":\"Default\",\"RuleARN\":"
            + "\"arn:aws:xray:eu-west-1:123456789012:sampling-rule/Default\",\"ResourceARN\":\"*\",\"Priority\":10000,"
            + "\"FixedRate\":0.05,\"ReservoirSize\":1,\"ServiceName\":\"*\",\"ServiceType\":\"*\",\"Host\":\"*\",\"HTTPMethod\":\"*\","
            + "\"URLPath\":\"*\",\"Version\":1,\"Attributes\":{}},\"CreatedAt\":0.0,\"ModifiedAt\":1530558121.0}]}";

    @TempDir
    Path dataDir;

    private static void signedFor(FakeAwsEndpoint.Call call, String service) {
        String authorization = call.header("Authorization");
        assertTrue(authorization != null && authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + KEY + "/")
                && authorization.contains("/eu-west-1/" + service + "/aws4_request"), call.operation() + ": " + authorization);
    }

    @Test
    void everyAwsServiceReceivesWellFormedRequests() throws Exception {
        assertNull(System.getProperty("aws.accessKeyId"), "a clean JVM to begin with");
        String printed;
        try (FakeAwsEndpoint aws = new FakeAwsEndpoint(RULES);
             DatagramSocket daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", "demo/secret/for/a/loopback/endpoint0",
                    "AWS_REGION", "eu-west-1");
            int status = ShopDemo.run(new String[] {"--data-dir", dataDir.toString(), "--duration", "6s", "--port", "0", "--no-fault",
                    "--daemon-address", "127.0.0.1:" + daemon.getLocalPort(), "--aws-endpoint", aws.url()},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env::get);
            printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, printed + err.toString(StandardCharsets.UTF_8));
            assertTrue(printed.contains("On AWS at " + aws.url() + " (eu-west-1)"), printed);
            Set<String> operations = aws.calls.stream().map(c -> c.service() + "." + c.operation()).collect(Collectors.toSet());
            assertTrue(operations.containsAll(Set.of("CloudWatch.PutMetricData", "Logs_20140328.PutLogEvents", "XRay.PutTraceSegments",
                    "XRay.GetSamplingRules", "S3.PutObject", "AWSEvents.PutEvents")), operations.toString());
            assertTrue(aws.calls("unknown").isEmpty(), operations.toString());

            for (FakeAwsEndpoint.Call call : aws.calls("PutMetricData")) {
                signedFor(call, "monitoring");
                JsonNode data = call.body().get("MetricData");
                assertTrue(call.body().get("Namespace").isTextual() && data.size() >= 1 && data.size() <= 1000, call.body().toString());
                data.forEach(datum -> assertTrue(datum.get("MetricName").isTextual(), datum.toString()));
            }
            assertTrue(aws.calls("PutMetricData").stream().anyMatch(c -> c.body().get("Namespace").asText().equals("Shop")));

            for (FakeAwsEndpoint.Call call : aws.calls("PutLogEvents")) {
                signedFor(call, "logs");
                JsonNode events = call.body().get("logEvents");
                assertTrue(call.body().get("logGroupName").isTextual() && call.body().get("logStreamName").isTextual()
                        && events.size() >= 1 && events.size() <= 10_000, call.body().toString());
                long previous = Long.MIN_VALUE;
                for (JsonNode event : events) {
                    assertTrue(event.get("timestamp").asLong() >= previous, "chronological: " + events);
                    previous = event.get("timestamp").asLong();
                    assertTrue(event.get("message").isTextual());
                }
            }

            for (FakeAwsEndpoint.Call call : aws.calls("PutTraceSegments")) {
                signedFor(call, "xray");
                for (JsonNode document : call.body().get("TraceSegmentDocuments")) {
                    JsonNode segment = FakeAwsEndpoint.JSON.readTree(document.asText());
                    assertTrue(segment.path("trace_id").asText().matches("1-[0-9a-f]{8}-[0-9a-f]{24}")
                            && segment.path("id").asText().matches("[0-9a-f]{16}") && segment.path("name").isTextual(), segment.toString());
                }
            }
            signedFor(aws.calls("GetSamplingRules").get(0), "xray");

            List<FakeAwsEndpoint.Call> puts = aws.calls("PutObject");
            String logs = "/" + ShopDemo.AWS_TRAIL_BUCKET + "/AWSLogs/" + ShopDemo.AWS_ACCOUNT + "/CloudTrail/eu-west-1/";
            String digests = "/" + ShopDemo.AWS_TRAIL_BUCKET + "/AWSLogs/" + ShopDemo.AWS_ACCOUNT + "/CloudTrail-Digest/eu-west-1/";
            for (FakeAwsEndpoint.Call put : puts) {
                signedFor(put, "s3");
                assertTrue(put.path().startsWith(logs) || put.path().startsWith(digests), put.path());
                JsonNode file = FakeAwsEndpoint.JSON.readTree(FakeAwsEndpoint.gunzip(put.raw()));
                if (put.path().startsWith(logs)) {
                    assertTrue(file.get("Records").isArray() && file.get("Records").size() >= 1, file.toString());
                } else {
                    assertTrue(put.header("x-amz-meta-signature").matches("[0-9a-f]+"), "the digest's signature in its metadata");
                    assertEquals("SHA256withRSA", put.header("x-amz-meta-signature-algorithm"));
                }
            }
            assertTrue(puts.stream().anyMatch(p -> p.path().startsWith(logs)), "a log file of the trail");

            String alarmBus = "arn:aws:events:eu-west-1:" + ShopDemo.AWS_ACCOUNT + ":event-bus/shop-alarms";
            Set<String> buses = new java.util.HashSet<>();
            for (FakeAwsEndpoint.Call call : aws.calls("PutEvents")) {
                signedFor(call, "events");
                JsonNode entries = call.body().get("Entries");
                assertTrue(entries.size() >= 1 && entries.size() <= 10, call.body().toString());
                for (JsonNode entry : entries) {
                    buses.add(entry.get("EventBusName").asText());
                    assertTrue(entry.get("Source").isTextual() && entry.get("DetailType").isTextual(), entry.toString());
                    assertTrue(FakeAwsEndpoint.JSON.readTree(entry.get("Detail").asText()).isObject(), entry.toString());
                    if (entry.get("EventBusName").asText().equals(alarmBus)) {
                        assertEquals("CloudWatch Alarm State Change", entry.get("DetailType").asText(), "the rule's target: alarm events");
                    }
                }
            }
            assertEquals(Set.of("shop-events", alarmBus), buses, "the eventbridge exporter's bus, and the alarm rule's target");
        }
        assertNull(System.getProperty("aws.accessKeyId"), "the demo put the JVM's properties back");
        assertNull(System.getProperty("monitor.aws.endpoint"));
    }

    @Test
    void withoutCredentialsInTheEnvironmentTheDemoSaysWhatToSet() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ShopDemo.run(new String[] {"--aws-endpoint", "http://127.0.0.1:1", "--data-dir", dataDir.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("AWS_ACCESS_KEY_ID", "AKIDONLYTHEKEY000001")::get);
        assertEquals(2, status);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("monitor-demo: error: --aws-endpoint needs credentials: set the environment variables "
                + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), message);
        assertFalse(message.contains("Exception"), message);
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        assertEquals(2, ShopDemo.run(new String[] {"--aws-endpoint", "localhost:4566"}, System.out,
                new PrintStream(bad, true, StandardCharsets.UTF_8), Map.<String, String>of()::get));
        assertTrue(bad.toString(StandardCharsets.UTF_8).contains("--aws-endpoint: 'localhost:4566' is not an http:// or https:// URL"),
                bad.toString(StandardCharsets.UTF_8));
    }
}
