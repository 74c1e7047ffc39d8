package dev.monitor.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.events.schemas.SchemaRegistry;
import java.io.IOException;
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

/**
 * What schema discovery costs the bus's delivery thread per event once its schema is known (the
 * steady state: no new version, nothing written), against the floor of reading the event into a
 * Jackson tree, which observing does first. Two events of the EventBridge guides: the EC2 state
 * change (11 fields) and a CloudTrail API call (about 40 fields, 5 levels).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SchemaDiscoveryBenchmark extends CpuTime {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EC2 = "{\"version\":\"0\",\"id\":\"7bf73129-1428-4cd3-a780-95db273d1602\","
            + "\"detail-type\":\"EC2 Instance State-change Notification\",\"source\":\"aws.ec2\",\"account\":\"123456789012\","
            + "\"time\":\"2021-11-11T21:29:54Z\",\"region\":\"us-east-1\",\"resources\":[\"arn:aws:ec2:us-east-1:123456789012:"
            + "instance/i-abcd1111\"],\"detail\":{\"instance-id\":\"i-abcd1111\",\"state\":\"pending\"}}";
    private static final String CLOUDTRAIL = "{\"version\":\"0\",\"id\":\"36eb8523-97d0-4518-b33d-ee3579ff19f0\","
            + "\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.s3\",\"account\":\"123456789012\","
            + "\"time\":\"2019-03-14T18:18:29Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"eventVersion\":\"1.05\","
            + "\"userIdentity\":{\"type\":\"Root\",\"principalId\":\"123456789012\",\"arn\":\"arn:aws:iam::123456789012:root\","
            + "\"accountId\":\"123456789012\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"sessionContext\":{\"attributes\":"
            + "{\"mfaAuthenticated\":\"false\",\"creationDate\":\"2019-03-14T16:53:52Z\"}}},\"eventTime\":\"2019-03-14T18:18:29Z\","
            + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"CreateBucket\",\"awsRegion\":\"us-east-1\","
            + "\"sourceIPAddress\":\"192.0.2.1\",\"userAgent\":\"aws-cli/1.16.96\",\"requestParameters\":{\"bucketName\":"
            + "\"DOC-EXAMPLE-BUCKET\",\"Host\":[\"s3.amazonaws.com\"]},\"responseElements\":null,\"additionalEventData\":"
            + "{\"SignatureVersion\":\"SigV4\",\"bytesTransferredIn\":0,\"x-amz-id-2\":\"EXAMPLE\"},\"requestID\":\"EXAMPLE123456789\","
            + "\"eventID\":\"EXAMPLE-a9f1-4e7c-8c1f-EXAMPLE\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
            + "\"recipientAccountId\":\"123456789012\"}}";

    @Param({"ec2", "cloudtrail"})
    public String event;

    private String json;
    private SchemaRegistry registry;

    @Setup
    public void setUp() {
        json = event.equals("ec2") ? EC2 : CLOUDTRAIL;
        registry = SchemaRegistry.builder().build();
        registry.observe(json);
        if (registry.listSchemas(null).size() != 1 || registry.counts().invalidEvents() != 0) {
            throw new IllegalStateException("the sample event was not observed");
        }
    }

    @Benchmark
    public JsonNode parseOnly() throws IOException {
        operations++;
        return MAPPER.readTree(json);
    }

    @Benchmark
    public SchemaRegistry observe() {
        operations++;
        registry.observe(json);
        return registry;
    }
}
