package dev.monitor.core.events.sources.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The detail-type of each CloudTrail eventType, as the EventBridge user guide lists them
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html); the
 * eventType values are CloudTrail's (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-non-api-events.html).
 */
class MonitorEventsDetailTypeTest {
    @Test
    void eachCloudTrailEventTypeHasItsOwnDetailType() {
        assertEquals("AWS API Call via CloudTrail", MonitorEvents.detailType("AwsApiCall"));
        assertEquals("AWS Console Sign In via CloudTrail", MonitorEvents.detailType("AwsConsoleSignIn"));
        assertEquals("AWS Console Action via CloudTrail", MonitorEvents.detailType("AwsConsoleAction"));
        assertEquals("AWS Service Event via CloudTrail", MonitorEvents.detailType("AwsServiceEvent"));
        assertEquals("AWS Insight via CloudTrail", MonitorEvents.detailType("AwsCloudTrailInsight"));
        assertEquals("AWS API Call via CloudTrail", MonitorEvents.detailType(""), "a record without eventType is an API call");
        assertEquals("aws.signin", MonitorEvents.source("signin.amazonaws.com"));
    }
}
