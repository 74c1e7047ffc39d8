package dev.monitor.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The IAM policies README's "On AWS" section gives are policy documents IAM would take
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html: Version 2012-10-17,
 * Statement with Effect, Action and Resource), every action they allow is an operation of the service's SDK
 * client (least privilege: nothing invented), and together they allow every call monitor-aws makes.
 */
class ReadmePoliciesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path README = Path.of("..", "README.md");
    /** The SDK client of each IAM service prefix the README names. */
    private static final Map<String, String> CLIENTS = Map.of(
            "cloudwatch", "software.amazon.awssdk.services.cloudwatch.CloudWatchClient",
            "logs", "software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient",
            "xray", "software.amazon.awssdk.services.xray.XRayClient",
            "s3", "software.amazon.awssdk.services.s3.S3Client",
            "events", "software.amazon.awssdk.services.eventbridge.EventBridgeClient",
            "sns", "software.amazon.awssdk.services.sns.SnsClient",
            "lambda", "software.amazon.awssdk.services.lambda.LambdaClient",
            "ec2", "software.amazon.awssdk.services.ec2.Ec2Client",
            "autoscaling", "software.amazon.awssdk.services.autoscaling.AutoScalingClient",
            "ssm", "software.amazon.awssdk.services.ssm.SsmClient");
    /** IAM actions whose API operation has another name. */
    private static final Map<String, String> OPERATION_OF = Map.of("lambda:InvokeFunction", "Invoke");

    /** The ```json blocks of the "## On AWS" section. */
    private static List<JsonNode> policies() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int start = lines.indexOf("## On AWS");
        assertTrue(start >= 0, "README has an On AWS section");
        List<JsonNode> blocks = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            if (lines.get(i).equals("```json")) {
                StringBuilder block = new StringBuilder();
                for (i++; !lines.get(i).startsWith("```"); i++) {
                    block.append(lines.get(i)).append('\n');
                }
                blocks.add(JSON.readTree(block.toString()));
            }
        }
        return blocks;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    @Test
    void everyPolicyIsAnIamPolicyOfOperationsTheSdkHas() throws Exception {
        List<JsonNode> policies = policies();
        assertTrue(policies.size() >= 5, "a policy per exporter and one for actions and targets: " + policies.size());
        for (JsonNode policy : policies) {
            assertEquals("2012-10-17", policy.get("Version").asText(), policy.toString());
            assertTrue(policy.get("Statement").isArray() && !policy.get("Statement").isEmpty(), policy.toString());
            for (JsonNode statement : policy.get("Statement")) {
                assertEquals("Allow", statement.get("Effect").asText(), statement.toString());
                assertFalse(strings(statement.get("Resource")).isEmpty(), statement.toString());
                for (String action : strings(statement.get("Action"))) {
                    assertFalse(action.contains("*"), "least privilege: no wildcard action, " + action);
                    String service = action.substring(0, action.indexOf(':'));
                    if (service.equals("kms")) {
                        continue; // SSE-KMS: S3 calls KMS on the caller's behalf; monitor-aws has no KMS client
                    }
                    String client = CLIENTS.get(service);
                    assertTrue(client != null, "an action of a service monitor-aws calls: " + action);
                    String operation = OPERATION_OF.getOrDefault(action, action.substring(action.indexOf(':') + 1));
                    String method = Character.toLowerCase(operation.charAt(0)) + operation.substring(1);
                    assertTrue(Arrays.stream(Class.forName(client).getMethods()).anyMatch(m -> m.getName().equals(method)),
                            action + " is an operation of " + client);
                }
            }
        }
    }

    @Test
    void togetherThePoliciesAllowEveryCallMonitorAwsMakes() throws Exception {
        Set<String> allowed = new TreeSet<>();
        for (JsonNode policy : policies()) {
            for (JsonNode statement : policy.get("Statement")) {
                allowed.addAll(strings(statement.get("Action")));
            }
        }
        List<String> calls = List.of("cloudwatch:PutMetricData", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                "logs:PutRetentionPolicy", "logs:PutMetricFilter", "xray:PutTraceSegments", "xray:GetSamplingRules",
                "xray:GetSamplingTargets", "s3:PutObject", "kms:GenerateDataKey",
                "events:PutEvents", "sns:Publish", "lambda:InvokeFunction", "ec2:StopInstances", "ec2:TerminateInstances",
                "ec2:RebootInstances", "autoscaling:ExecutePolicy", "autoscaling:DescribePolicies", "autoscaling:SetDesiredCapacity",
                "ssm:CreateOpsItem");
        for (String call : calls) {
            assertTrue(allowed.contains(call), call + " is in a README policy; they allow " + allowed);
        }
        assertEquals(allowed.stream().map(a -> a.toLowerCase(Locale.ROOT)).distinct().count(), allowed.size());
    }
}
