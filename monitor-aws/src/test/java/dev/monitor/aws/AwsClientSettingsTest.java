package dev.monitor.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.monitor.core.config.ConfigNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings every AWS exporter reads, and the problems a user sees for bad ones. */
class AwsClientSettingsTest {

    private static AwsClientSettings read(Map<String, ?> settings, List<String> problems) {
        ConfigNode node = ConfigNode.of("exporters[0]", settings, problems);
        AwsClientSettings read = AwsClientSettings.read(node);
        node.rejectUnknownKeys();
        return read;
    }

    @Test
    void everySettingIsReadAndTheRestAreTheSdksDefaults() {
        List<String> problems = new ArrayList<>();
        AwsClientSettings s = read(Map.of("region", "eu-west-1", "endpoint", "http://localhost:4566", "retryMode", "adaptive",
                "maxAttempts", 5, "retryBaseDelay", "50ms", "retryMaxBackoff", "5s", "connectTimeout", "1s",
                "socketTimeout", "3s", "callTimeout", "9s"), problems);
        assertEquals(List.of(), problems);
        assertEquals(new AwsClientSettings("eu-west-1", URI.create("http://localhost:4566"), "adaptive", 5, Duration.ofMillis(50),
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(9)), s);
        assertEquals(AwsClientSettings.defaults(), read(Map.of(), problems));
        assertEquals(List.of(), problems);
    }

    @Test
    void aRegionTypoNamesTheRegionItResembles() {
        List<String> problems = new ArrayList<>();
        assertNull(read(Map.of("region", "us-eats-1"), problems).region());
        assertEquals(List.of("exporters[0].region: 'us-eats-1' is not a region the AWS SDK knows; did you mean us-east-1?"), problems);
    }

    @Test
    void aMalformedRegionOrEndpointIsAProblemNamingTheRule() {
        List<String> problems = new ArrayList<>();
        read(Map.of("region", "US-East-1", "endpoint", "localhost:4566"), problems);
        assertEquals(List.of(
                "exporters[0].endpoint: 'localhost:4566' is not an http:// or https:// URL with a host, such as http://localhost:4566",
                "exporters[0].region: 'US-East-1' is not a region name such as us-east-1 or eu-west-2; did you mean us-east-1?"),
                problems.stream().sorted().toList());
    }

    @Test
    void aWellFormedRegionNewerThanTheSdkIsTakenAsGiven() {
        List<String> problems = new ArrayList<>();
        assertEquals("xx-future-7", read(Map.of("region", "xx-future-7"), problems).region());
        assertEquals(List.of(), problems);
    }

    @Test
    void anyRegionGoesWithAnEndpointSuchAsAnEmulators() {
        List<String> problems = new ArrayList<>();
        assertEquals("us-eats-1", read(Map.of("region", "us-eats-1", "endpoint", "http://127.0.0.1:1"), problems).region());
        assertEquals(List.of(), problems);
    }

    @Test
    void retryModeAndAttemptsAreBounded() {
        List<String> problems = new ArrayList<>();
        read(Map.of("retryMode", "legacy", "maxAttempts", 0), problems);
        assertEquals(2, problems.size(), problems.toString());
    }
}
