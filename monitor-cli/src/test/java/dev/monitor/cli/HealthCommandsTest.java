package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.health.HealthResult;
import dev.monitor.core.Await;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.health.CheckOptions;
import dev.monitor.core.health.HealthEvent;
import dev.monitor.core.health.HealthSettings;
import dev.monitor.core.health.MaintenanceWindow;
import dev.monitor.core.health.internal.HealthEngine;
import dev.monitor.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor health describe-*} over what a monitor wrote, in the AWS Health API's shapes: every member printed is a
 * member of the API's shape (botocore's health service model, as the AWS CLI has it; Event:
 * https://docs.aws.amazon.com/health/latest/APIReference/API_Event.html, EventDetails:
 * https://docs.aws.amazon.com/health/latest/APIReference/API_EventDetails.html, AffectedEntity:
 * https://docs.aws.amazon.com/health/latest/APIReference/API_AffectedEntity.html, EventDetailsErrorItem:
 * https://docs.aws.amazon.com/health/latest/APIReference/API_EventDetailsErrorItem.html).
 */
class HealthCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EVENT = Set.of("arn", "service", "eventTypeCode", "eventTypeCategory", "region", "availabilityZone",
            "startTime", "endTime", "lastUpdatedTime", "statusCode", "eventScopeCode", "actionability", "personas");
    private static final Set<String> ENTITY = Set.of("entityArn", "eventArn", "entityValue", "entityUrl", "awsAccountId", "lastUpdatedTime",
            "statusCode", "tags", "entityMetadata");
    @TempDir
    Path dir;
    private String issue;
    private String notification;
    private String maintenance;

    @BeforeEach
    void aMonitorWroteEvents() throws Exception {
        ManualClock clock = ManualClock.at("2026-12-03T10:00:00Z");
        AtomicReference<HealthResult> db = new AtomicReference<>(HealthResult.down("connection refused"));
        HealthSettings settings = HealthSettings.builder().tick(Duration.ZERO)
                .builtins(new HealthSettings.Builtins(false, 0, false, 0.8, 0.9, false, false, 80)).build();
        try (Monitor monitor = QuietMonitor.builder(dir, clock).account("123456789012", "eu-west-1").health(settings).build()) {
            HealthEngine engine = (HealthEngine) monitor.health();
            monitor.health().register("payments-db", CheckOptions.defaults().withComponent("payments").withInterval(Duration.ofSeconds(1)), db::get);
            engine.tick();
            Await.until(Duration.ofSeconds(10), () -> !monitor.health().events().isEmpty(), () -> "no issue opened");
            issue = monitor.health().events().get(0).arn();
            clock.advance(Duration.ofMinutes(10));
            db.set(HealthResult.up());
            engine.tick();
            Await.until(Duration.ofSeconds(10), () -> monitor.health().events().get(0).statusCode() == HealthEvent.EventStatus.CLOSED,
                    () -> "the issue did not close");
            clock.advance(Duration.ofMinutes(1));
            notification = monitor.health().notify("checkout", "Card payments are delayed by the provider.").arn();
            clock.advance(Duration.ofMinutes(1));
            Instant start = clock.instant().plus(Duration.ofMinutes(30));
            maintenance = monitor.health().scheduleMaintenance(new MaintenanceWindow("payments", start, start.plus(Duration.ofMinutes(15)),
                    Duration.ofHours(1), null)).arn();
        }
    }

    private JsonNode run(String... args) throws Exception {
        CliRun cli = new CliRun();
        assertEquals(0, cli.run(args), cli.err());
        return JSON.readTree(cli.out());
    }

    private static Set<String> members(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void describeEventsListsTheLatestVersionOfEachTheMostRecentlyUpdatedFirst() throws Exception {
        JsonNode events = run("health", "describe-events", "--data-dir", dir.toString()).get("events");
        assertEquals(List.of(maintenance, notification, issue), List.of(events.get(0).get("arn").asText(), events.get(1).get("arn").asText(),
                events.get(2).get("arn").asText()));
        for (JsonNode event : events) {
            assertTrue(EVENT.containsAll(members(event)), "not Event members: " + members(event));
        }
        JsonNode closed = events.get(2);
        assertEquals("issue", closed.get("eventTypeCategory").asText());
        assertEquals("closed", closed.get("statusCode").asText());
        assertEquals("2026-12-03T10:00:00+00:00", closed.get("startTime").asText(), "times as the AWS CLI prints them");
        assertEquals("2026-12-03T10:10:00+00:00", closed.get("endTime").asText());
        assertEquals("MONITOR_PAYMENTS_OPERATIONAL_ISSUE", closed.get("eventTypeCode").asText());
        assertEquals("upcoming", events.get(0).get("statusCode").asText());
        assertEquals("scheduledChange", events.get(0).get("eventTypeCategory").asText());

        JsonNode open = run("health", "describe-events", "--data-dir", dir.toString(), "--filter", "eventStatusCodes=open,upcoming").get("events");
        assertEquals(2, open.size());
        JsonNode issues = run("health", "describe-events", "--data-dir", dir.toString(), "--filter",
                "{\"eventTypeCategories\": [\"issue\"], \"services\": [\"PAYMENTS\"]}").get("events");
        assertEquals(1, issues.size());
        assertEquals(issue, issues.get(0).get("arn").asText());
        JsonNode byTime = run("health", "describe-events", "--data-dir", dir.toString(), "--filter",
                "{\"startTimes\": [{\"from\": \"2026-12-03T10:05:00Z\"}]}").get("events");
        assertEquals(2, byTime.size(), "the notification and the maintenance started after 10:05");
    }

    @Test
    void describeEventDetailsGivesTheDescriptionAndPutsUnknownArnsInTheFailedSet() throws Exception {
        String unknown = "arn:aws:health:eu-west-1::event/PAYMENTS/MONITOR_PAYMENTS_OPERATIONAL_ISSUE/MONITOR_PAYMENTS_OPERATIONAL_ISSUE_x";
        JsonNode answer = run("health", "describe-event-details", "--data-dir", dir.toString(), "--event-arns", issue, unknown);
        assertEquals(Set.of("successfulSet", "failedSet"), members(answer));
        JsonNode details = answer.get("successfulSet").get(0);
        assertEquals(Set.of("event", "eventDescription", "eventMetadata"), members(details));
        assertEquals(issue, details.at("/event/arn").asText());
        String description = details.at("/eventDescription/latestDescription").asText();
        assertTrue(description.startsWith("The payments component is DOWN: check payments-db is DOWN: connection refused."), description);
        assertTrue(description.contains("[Resolved 2026-12-03 10:10 UTC]"), description);
        JsonNode failed = answer.get("failedSet").get(0);
        assertEquals(Set.of("eventArn", "errorName", "errorMessage"), members(failed));
        assertEquals(unknown, failed.get("eventArn").asText());
    }

    @Test
    void describeAffectedEntitiesGivesEachEntityWithItsStatus() throws Exception {
        JsonNode entities = run("health", "describe-affected-entities", "--data-dir", dir.toString(), "--filter", "eventArns=" + issue)
                .get("entities");
        assertEquals(2, entities.size());
        for (JsonNode entity : entities) {
            assertTrue(ENTITY.containsAll(members(entity)), "not AffectedEntity members: " + members(entity));
            assertEquals(issue, entity.get("eventArn").asText());
            assertEquals("123456789012", entity.get("awsAccountId").asText());
            assertEquals("UNIMPAIRED", entity.get("statusCode").asText(), "the issue is closed");
        }
        assertEquals("payments", entities.get(0).get("entityValue").asText());
        assertEquals("arn:aws:health:eu-west-1:123456789012:entity/payments", entities.get(0).get("entityArn").asText());
        JsonNode checks = run("health", "describe-affected-entities", "--data-dir", dir.toString(), "--filter",
                "{\"eventArns\": [\"" + issue + "\"], \"entityValues\": [\"payments/check/payments-db\"]}").get("entities");
        assertEquals(1, checks.size());
    }

    @Test
    void badFiltersAndMissingDataAreUsageErrorsThatSayWhy() {
        CliRun unknownMember = new CliRun();
        assertEquals(MonitorCli.USAGE_ERROR, unknownMember.run("health", "describe-events", "--data-dir", dir.toString(), "--filter", "colour=red"));
        assertTrue(unknownMember.err().contains("--filter: unknown member 'colour'; known: eventArns,"), unknownMember.err());
        CliRun noArns = new CliRun();
        assertEquals(MonitorCli.USAGE_ERROR, noArns.run("health", "describe-affected-entities", "--data-dir", dir.toString(), "--filter",
                "statusCodes=IMPAIRED"));
        assertTrue(noArns.err().contains("--filter: eventArns is required"), noArns.err());
        CliRun badTime = new CliRun();
        assertEquals(MonitorCli.USAGE_ERROR, badTime.run("health", "describe-events", "--data-dir", dir.toString(), "--filter",
                "{\"startTimes\": [{\"from\": \"yesterday\"}]}"));
        assertTrue(badTime.err().contains("startTimes.from"), badTime.err());
        CliRun empty = new CliRun();
        assertEquals(MonitorCli.USAGE_ERROR, empty.run("health", "describe-events", "--data-dir", dir.resolve("nothing").toString()));
        assertTrue(empty.err().contains("no health events (health/events-*.jsonl) to read"), empty.err());
    }
}
