package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.aws.AwsClientSettings;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.AdaptiveRetryStrategy;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/** How every AWS client of the module is built. */
class AwsClientsTest {

    private static AwsClientSettings settings(String mode, int attempts) {
        return new AwsClientSettings("us-east-1", URI.create("http://127.0.0.1:1"), mode, attempts, Duration.ofMillis(5),
                Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void theRetryModeChoosesTheSdksStrategyWithTheSettingsAttempts() {
        RetryStrategy standard = AwsClients.retryStrategy(settings("standard", 4));
        assertInstanceOf(StandardRetryStrategy.class, standard);
        assertEquals(4, standard.maxAttempts());
        RetryStrategy adaptive = AwsClients.retryStrategy(settings("adaptive", 2));
        assertInstanceOf(AdaptiveRetryStrategy.class, adaptive);
        assertEquals(2, adaptive.maxAttempts());
    }

    @Test
    void clientsTakeTheRegionAndEndpointOfTheSettings() throws Exception {
        try (Fixture fixture = new Fixture();
             AwsClients clients = AwsClients.open(settings("standard", 3).withRegion("eu-west-2"), fixture.context("x"))) {
            CloudWatchClient client = clients.build(CloudWatchClient.builder());
            assertEquals("eu-west-2", clients.region().id());
            assertEquals("eu-west-2", client.serviceClientConfiguration().region().id());
            assertEquals(URI.create("http://127.0.0.1:1"), client.serviceClientConfiguration().endpointOverride().orElseThrow());
            assertTrue(client.serviceClientConfiguration().overrideConfiguration().metricPublishers().stream()
                    .anyMatch(UsageMetrics.class::isInstance), "every client counts its calls");
        }
    }

    @Test
    void theUsageServiceNamesAreAwsUsagesOwn() {
        assertEquals("CloudWatch", UsageMetrics.serviceName("CloudWatch"));
        assertEquals("Logs", UsageMetrics.serviceName("CloudWatch Logs"));
        assertEquals("X-Ray", UsageMetrics.serviceName("XRay"));
        assertEquals("SNS", UsageMetrics.serviceName("SNS"));
    }
}
