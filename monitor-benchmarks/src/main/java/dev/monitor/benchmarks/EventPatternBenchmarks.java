package dev.monitor.benchmarks;

import dev.monitor.core.events.patterns.EventPattern;
import dev.monitor.core.events.patterns.PatternMachine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.event.ruler.GenericMachine;

/**
 * Matching one event against a bus's rules: Monitor's {@link PatternMachine} against event-ruler's
 * {@code GenericMachine} (the matcher EventBridge runs on), with the same rules and events, at 1, 100 and
 * 10,000 rules. Rules are of five realistic kinds (EC2 state changes by instance, CloudTrail calls by event
 * name, event sources by prefix, application events by numeric range and anything-but, and {@code $or} over
 * an instance id or its resource ARN); events are an EC2 state-change notification, a CloudTrail API call and an
 * application event, each matching a few rules whatever their number. Both machines take the event as a JSON
 * string and parse it themselves. Setup checks that both answer the same rules for every event.
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class EventPatternBenchmarks {
    @Param({"1", "100", "10000"})
    int rules;

    @Param({"ec2", "cloudtrail", "app"})
    String event;

    PatternMachine<String> monitor;
    GenericMachine<String> ruler;
    String eventJson;

    static final String[] STATES = {"pending", "running", "stopping", "stopped", "terminated"};

    static String rule(int i) {
        return switch (i % 5) {
            case 0 -> "{\"source\": [\"aws.ec2\"], \"detail-type\": [\"EC2 Instance State-change Notification\"],"
                    + " \"detail\": {\"state\": [\"" + STATES[(i / 5) % 5] + "\"], \"instance-id\": [\"" + instance(i) + "\"]}}";
            case 1 -> "{\"source\": [\"aws.iam\", \"aws.sts\"], \"detail-type\": [\"AWS API Call via CloudTrail\"],"
                    + " \"detail\": {\"eventName\": [\"Operation" + i + "\"], \"userIdentity\": {\"type\": [\"Root\", \"IAMUser\"]}}}";
            case 2 -> "{\"detail-type\": [\"AWS API Call via CloudTrail\"], \"detail\": {\"eventSource\": [{\"prefix\": \"svc"
                    + i + ".\"}], \"awsRegion\": [{\"anything-but\": [\"cn-north-1\"]}]}}";
            case 3 -> "{\"source\": [\"app.orders" + i + "\"], \"detail\": {\"amount\": [{\"numeric\": [\">\", " + (i % 100)
                    + ", \"<=\", 1000]}], \"status\": [{\"anything-but\": [\"ok\", \"pending\"]}]}}";
            default -> "{\"source\": [\"aws.ec2\"], \"$or\": [{\"detail\": {\"instance-id\": [\"" + instance(i) + "\"]}},"
                    + " {\"resources\": [\"arn:aws:ec2:us-east-1:123456789012:instance/" + instance(i) + "\"]}]}";
        };
    }

    static String instance(int i) {
        return String.format("i-%017x", 0xabc00000L + i);
    }

    static String event(String kind) {
        return switch (kind) {
            case "ec2" -> "{\"version\": \"0\", \"id\": \"7bf73129-1428-4cd3-a780-95db273d1602\","
                    + " \"detail-type\": \"EC2 Instance State-change Notification\", \"source\": \"aws.ec2\","
                    + " \"account\": \"123456789012\", \"time\": \"2026-12-02T14:00:00Z\", \"region\": \"us-east-1\","
                    + " \"resources\": [\"arn:aws:ec2:us-east-1:123456789012:instance/" + instance(4) + "\"],"
                    + " \"detail\": {\"instance-id\": \"" + instance(0) + "\", \"state\": \"pending\"}}";
            case "cloudtrail" -> "{\"version\": \"0\", \"id\": \"36eb8523-97d0-4518-b33d-ee3579ff19f0\","
                    + " \"detail-type\": \"AWS API Call via CloudTrail\", \"source\": \"aws.iam\", \"account\": \"123456789012\","
                    + " \"time\": \"2026-12-02T14:00:00Z\", \"region\": \"us-east-1\", \"resources\": [],"
                    + " \"detail\": {\"eventVersion\": \"1.08\", \"userIdentity\": {\"type\": \"Root\","
                    + " \"principalId\": \"123456789012\", \"arn\": \"arn:aws:iam::123456789012:root\","
                    + " \"accountId\": \"123456789012\", \"accessKeyId\": \"ASIAEXAMPLE\","
                    + " \"sessionContext\": {\"attributes\": {\"creationDate\": \"2026-12-02T13:00:00Z\", \"mfaAuthenticated\": \"true\"}}},"
                    + " \"eventTime\": \"2026-12-02T14:00:00Z\", \"eventSource\": \"svc2.amazonaws.com\", \"eventName\": \"Operation1\","
                    + " \"awsRegion\": \"us-east-1\", \"sourceIPAddress\": \"198.51.100.7\", \"userAgent\": \"aws-cli/2.15.0\","
                    + " \"requestParameters\": {\"userName\": \"ops-admin\", \"tags\": [{\"key\": \"team\", \"value\": \"sec\"},"
                    + " {\"key\": \"env\", \"value\": \"prod\"}]}, \"responseElements\": null,"
                    + " \"requestID\": \"0d9d4c4a-0000-4000-8000-000000000000\", \"eventID\": \"f0e1d2c3-0000-4000-8000-000000000000\","
                    + " \"readOnly\": false, \"eventType\": \"AwsApiCall\", \"managementEvent\": true,"
                    + " \"recipientAccountId\": \"123456789012\", \"eventCategory\": \"Management\"}}";
            default -> "{\"version\": \"0\", \"id\": \"0b9e2a55-4b3c-4d5e-8f90-a1b2c3d4e5f6\", \"detail-type\": \"OrderPlaced\","
                    + " \"source\": \"app.orders3\", \"account\": \"123456789012\", \"time\": \"2026-12-02T14:00:00Z\","
                    + " \"region\": \"us-east-1\", \"resources\": [], \"detail\": {\"orderId\": \"o-123\", \"amount\": 42.5,"
                    + " \"status\": \"failed\", \"items\": [{\"sku\": \"A-1\", \"qty\": 2}, {\"sku\": \"B-7\", \"qty\": 1}]}}";
        };
    }

    @Setup
    public void setUp() throws Exception {
        monitor = new PatternMachine<>();
        ruler = new GenericMachine<>();
        for (int i = 0; i < rules; i++) {
            String pattern = rule(i);
            monitor.add("rule" + i, EventPattern.parse(pattern));
            ruler.addRule("rule" + i, pattern);
        }
        eventJson = event(event);
        Set<String> ours = monitor.matches(eventJson);
        Set<String> theirs = new HashSet<>(ruler.rulesForJSONEvent(eventJson));
        if (!ours.equals(theirs)) {
            throw new IllegalStateException("the machines disagree on " + event + " with " + rules + " rules: Monitor "
                    + ours + ", event-ruler " + theirs);
        }
    }

    @Benchmark
    public Set<String> monitorMatchesJson() {
        return monitor.matches(eventJson);
    }

    @Benchmark
    public List<String> eventRulerMatchesJson() throws Exception {
        return ruler.rulesForJSONEvent(eventJson);
    }

    /** The rules whose pattern matches, by name, for a quick look at the workload ({@code main}). */
    public static void main(String[] args) throws Exception {
        for (int n : new int[] {1, 100, 10000}) {
            for (String kind : new String[] {"ec2", "cloudtrail", "app"}) {
                EventPatternBenchmarks b = new EventPatternBenchmarks();
                b.rules = n;
                b.event = kind;
                b.setUp();
                System.out.println(n + " rules, " + kind + ": " + new ArrayList<>(b.monitor.matches(b.eventJson)));
            }
        }
    }
}
