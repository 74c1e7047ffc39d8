package dev.monitor.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.core.Monitor;
import dev.monitor.core.config.ConfigException;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.Signal;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file's {@code events:} section: what it sets up, and its problems named by their path. */
class EventSettingsTest {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    private Path config(String yaml) throws Exception {
        Path file = dir.resolve("monitor.yaml");
        Files.writeString(file, "dataDir: " + dir.resolve("data") + "\nnamespace: Shop\n" + yaml);
        return file;
    }

    @Test
    void aConfiguredBusRuleAndTargetsRouteEvents() throws Exception {
        Path file = config("""
                events:
                  buses: [orders]
                  retryBackoff: 50ms
                  connections:
                    - name: pager
                      authorization: {type: apiKey, name: x-api-key, value: k}
                  apiDestinations:
                    - {name: pager, connection: pager, endpoint: "http://127.0.0.1:9/hook", invocationRateLimitPerSecond: 5}
                  rules:
                    - name: big-orders
                      eventBus: orders
                      eventPattern: '{"source": ["shop.orders"], "detail": {"total": [{"numeric": [">", 1000]}]}}'
                      targets:
                        - id: log
                          logGroup: /events/big-orders
                          inputTransformer: {inputPathsMap: {id: $.detail.orderId}, inputTemplate: '{"order": <id>}'}
                    - name: hourly
                      scheduleExpression: rate(1 hour)
                      state: DISABLED
                      targets: [{id: count, metric: {namespace: Shop, name: Hourly}}, {id: page, apiDestination: pager}]
                """);
        List<LogEvent> logged = new CopyOnWriteArrayList<>();
        try (Monitor monitor = Monitor.builder().config(file).clock(new ManualClock(T0)).tickEvery(Duration.ZERO)
                .exporter(Signal.LOGS, "capture", logged::addAll).build()) {
            assertEquals(List.of("default", "orders"), monitor.events().eventBuses());
            assertEquals(RuleState.DISABLED, monitor.events().describeRule("default", "hourly").orElseThrow().state());
            assertEquals(2, monitor.events().describeRule("default", "hourly").orElseThrow().targets().size());
            monitor.events().putEvents(PutEventsEntry.of("shop.orders", "Order Placed", "{\"orderId\": \"o-1\", \"total\": 1500}")
                            .withEventBusName("orders"),
                    PutEventsEntry.of("shop.orders", "Order Placed", "{\"orderId\": \"o-2\", \"total\": 15}").withEventBusName("orders"));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            List<LogEvent> events = logged.stream().filter(e -> e.group().equals("/events/big-orders")).toList();
            assertEquals(1, events.size(), () -> "logged " + logged);
            assertEquals("{\"order\": \"o-1\"}", events.get(0).message());
        }
    }

    /**
     * A scheduled rule's flexible time window, named as EventBridge Scheduler's {@code FlexibleTimeWindow}
     * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_FlexibleTimeWindow.html): Mode OFF or FLEXIBLE,
     * MaximumWindowInMinutes 1 to 1440.
     */
    @Test
    void aScheduledRuleTakesAFlexibleTimeWindowFromTheFile() throws Exception {
        Path file = config("""
                events:
                  rules:
                    - name: nightly
                      scheduleExpression: cron(0 2 * * ? *)
                      flexibleTimeWindow: {mode: FLEXIBLE, maximumWindowInMinutes: 1440}
                      targets: [{id: count, metric: {namespace: Shop, name: Nightly}}]
                    - name: hourly
                      scheduleExpression: rate(1 hour)
                      flexibleTimeWindow: {mode: OFF}   # YAML 1.1 reads an unquoted OFF as false: still OFF
                      targets: [{id: count, metric: {namespace: Shop, name: Hourly}}]
                    - name: daily
                      scheduleExpression: rate(1 day)
                      flexibleTimeWindow: {mode: "flexible", maximumWindowInMinutes: 1}
                      targets: [{id: count, metric: {namespace: Shop, name: Daily}}]
                    - name: minutely
                      scheduleExpression: rate(1 minute)
                      targets: [{id: count, metric: {namespace: Shop, name: Minutely}}]
                """);
        try (Monitor monitor = Monitor.builder().config(file).clock(new ManualClock(T0)).tickEvery(Duration.ZERO).build()) {
            assertEquals(FlexibleTimeWindow.flexible(Duration.ofMinutes(1440)),
                    monitor.events().describeRule("default", "nightly").orElseThrow().flexibleTimeWindow());
            assertEquals(FlexibleTimeWindow.off(), monitor.events().describeRule("default", "hourly").orElseThrow().flexibleTimeWindow());
            assertEquals(FlexibleTimeWindow.flexible(Duration.ofMinutes(1)),
                    monitor.events().describeRule("default", "daily").orElseThrow().flexibleTimeWindow());
            assertEquals(FlexibleTimeWindow.off(), monitor.events().describeRule("default", "minutely").orElseThrow().flexibleTimeWindow());
        }
    }

    @Test
    void aFlexibleTimeWindowOutOfAwsLimitsIsNamedByItsPath() throws Exception {
        Path file = config("""
                events:
                  rules:
                    - {name: a, scheduleExpression: rate(1 hour), flexibleTimeWindow: {mode: FLEXIBLE, maximumWindowInMinutes: 1441}}
                    - {name: b, scheduleExpression: rate(1 hour), flexibleTimeWindow: {mode: FLEXIBLE, maximumWindowInMinutes: 0}}
                    - {name: c, scheduleExpression: rate(1 hour), flexibleTimeWindow: {mode: FLEXIBLE}}
                    - {name: d, scheduleExpression: rate(1 hour), flexibleTimeWindow: {mode: OFF, maximumWindowInMinutes: 5}}
                    - {name: e, scheduleExpression: rate(1 hour), flexibleTimeWindow: {maximumWindowInMinutes: 5}}
                    - {name: f, scheduleExpression: rate(1 hour), flexibleTimeWindow: {mode: SOMETIMES, window: 5}}
                    - {name: g, scheduleExpression: rate(1 hour), flexibleTimeWindow: {mode: FLEXIBLE, maximumWindowInMinutes: 2.5}}
                    - {name: h, eventPattern: '{"source": ["x"]}', flexibleTimeWindow: {mode: FLEXIBLE, maximumWindowInMinutes: 5}}
                    - {name: i, scheduleExpression: rate(1 hour), flexibleTimeWindow: FLEXIBLE}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> Monitor.builder().config(file).clock(new ManualClock(T0)).build());
        assertEquals(List.of(
                "events.rules[0].flexibleTimeWindow.maximumWindowInMinutes: 1441 is out of range; allowed 1 to 1440",
                "events.rules[1].flexibleTimeWindow.maximumWindowInMinutes: 0 is out of range; allowed 1 to 1440",
                "events.rules[2].flexibleTimeWindow.maximumWindowInMinutes: required when mode is FLEXIBLE: 1 to 1440",
                "events.rules[3].flexibleTimeWindow.maximumWindowInMinutes: must not be set when mode is OFF",
                "events.rules[4].flexibleTimeWindow.mode: required: OFF or FLEXIBLE",
                "events.rules[5].flexibleTimeWindow.mode: 'SOMETIMES' is not one of OFF, FLEXIBLE",
                "events.rules[5].flexibleTimeWindow.window: unknown setting; expected one of mode, maximumWindowInMinutes",
                "events.rules[6].flexibleTimeWindow.maximumWindowInMinutes: must be a whole number, not '2.5'",
                "events.rules[7].flexibleTimeWindow: applies only to a scheduleExpression",
                "events.rules[8].flexibleTimeWindow: must be an object of settings, not 'FLEXIBLE'",
                "events.rules[8].flexibleTimeWindow.mode: required: OFF or FLEXIBLE"), e.problems());
    }

    @Test
    void problemsAreReportedTogetherEachWithItsPath() throws Exception {
        Path file = config("""
                events:
                  queueCapacity: 0
                  buses: [orders, "bad name"]
                  connections:
                    - name: pager
                      authorization: {type: password}
                  rules:
                    - name: a
                      eventPattern: '{"source": "not-an-array"}'
                      targets:
                        - id: t
                          logGroup: /g
                          retryPolicy: {maximumRetryAttempts: 500}
                    - name: b
                      scheduleExpression: rate(0 hours)
                      targets:
                        - {id: t, logGroup: /g, topic: ops}
                        - {id: u, handler: com.example.Handler}
                    - name: c
                      eventBus: orders
                      eventPattern: '{"source": ["x"]}'
                      targets: [{id: w, apiDestination: missing}]
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> Monitor.builder().config(file).clock(new ManualClock(T0)).build());
        List<String> problems = e.problems();
        assertTrue(problems.contains("events.queueCapacity: 0 is out of range; allowed 1 to 16777216"), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("events.buses[1]: event bus name 'bad name' is not valid")), problems::toString);
        assertTrue(problems.contains("events.connections[0].authorization.type: 'password' is not one of basic, apiKey, oauthClientCredentials"),
                problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("events.rules[0].eventPattern: Event pattern is not valid. Reason: ")),
                problems::toString);
        assertTrue(problems.contains("events.rules[0].targets[0].retryPolicy.maximumRetryAttempts: 500 is out of range; allowed 0 to 185"),
                problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("events.rules[1].scheduleExpression: ")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("events.rules[1].targets[0].logGroup, topic: a target needs exactly one of")),
                problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("events.rules[1].targets[1].handler: unknown setting")), problems::toString);
        assertTrue(problems.contains("events.rules[1].targets[1].id: a target needs exactly one of logGroup, topic, apiDestination, "
                + "eventBus, arn and metric (Java handlers are added in code)"), problems::toString);
        assertEquals(9, problems.size(), problems::toString);
    }

    @Test
    void aRuleNamingWhatDoesNotExistIsReportedAtStart() throws Exception {
        Path file = config("""
                events:
                  rules:
                    - name: c
                      eventBus: orders
                      eventPattern: '{"source": ["x"]}'
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> Monitor.builder().config(file).clock(new ManualClock(T0)).build());
        assertEquals(List.of("events.rules: c: Event bus orders does not exist."), e.problems());
    }
}
