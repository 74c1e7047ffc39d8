package dev.monitor.core.events;

import static dev.monitor.core.events.EventsFixture.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.core.Await;
import dev.monitor.core.Monitor;
import dev.monitor.core.events.EventsFixture.MetricCapture;
import dev.monitor.core.events.EventsFixture.Recorder;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.files.DataLayout;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of target, the retries and dead letters of delivery, and the AWS/Events metrics they leave. */
class TargetsTest {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void logGroupTopicBusAndMetricTargetsEachReceiveTheMatchedEvent() throws Exception {
        ManualClock clock = new ManualClock(T0);
        MetricCapture metrics = new MetricCapture();
        List<LogEvent> logged = new CopyOnWriteArrayList<>();
        List<String> published = new CopyOnWriteArrayList<>();
        Recorder onAudit = new Recorder();
        try (Monitor monitor = quiet(dir, clock, metrics).exporter(Signal.LOGS, "capture", logged::addAll).build()) {
            monitor.alarms().topic("security").subscribe(published::add);
            EventService events = monitor.events();
            events.createEventBus("audit");
            events.putRule(Rule.builder("to-audit").eventBus("audit").eventPattern("{\"source\": [\"shop.auth\"]}")
                    .target(Target.handler("h", onAudit)).build());
            events.putRule(Rule.builder("root-sign-in").eventPattern("{\"detail-type\": [\"Sign In\"], \"detail\": {\"user\": [\"root\"]}}")
                    .target(Target.logGroup("log", "/events/sign-ins"))
                    .target(Target.topic("notify", "security").withInputPath("$.detail"))
                    .target(Target.eventBus("forward", "audit"))
                    .target(Target.metric("count", "Shop", "RootSignIns")).build());
            events.putEvents(PutEventsEntry.of("shop.auth", "Sign In", "{\"user\": \"root\"}"),
                    PutEventsEntry.of("shop.auth", "Sign In", "{\"user\": \"alice\"}"));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            Await.until(Duration.ofSeconds(10), () -> published.size() == 1, () -> "published " + published);
            assertEquals("{\"user\":\"root\"}", published.get(0), "the topic got the input path's part");
            assertEquals(1, logged.size(), () -> "logged " + logged);
            assertEquals("/events/sign-ins", logged.get(0).group());
            assertEquals("root", EventsFixture.json(logged.get(0).message()).get("detail").get("user").asText(), "the log group got the event");
            assertEquals(1, onAudit.inputs.size(), "the other bus's rule saw the forwarded event");
            assertEquals(logged.get(0).message(), onAudit.inputs.get(0), "forwarded as it was");
        }
        assertEquals(1.0, metrics.sum("Shop", "RootSignIns"));
        assertEquals(1.0, metrics.sum("AWS/Events", "MatchedEvents", "RuleName", "root-sign-in"), "default bus: RuleName alone");
        assertEquals(4.0, metrics.sum("AWS/Events", "Invocations", "RuleName", "root-sign-in"), "one per target");
        assertEquals(1.0, metrics.sum("AWS/Events", "MatchedEvents", "EventBusName", "audit", "RuleName", "to-audit"),
                "a custom bus: EventBusName and RuleName");
        assertEquals(0.0, metrics.sum("AWS/Events", "FailedInvocations", "RuleName", "root-sign-in"));
    }

    @Test
    void aFailingTargetReachesTheDeadLetterFileAfterItsRetriesAndDelaysNothingElse() throws Exception {
        ManualClock clock = new ManualClock(T0);
        MetricCapture metrics = new MetricCapture();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        Recorder healthy = new Recorder();
        EventHandler failing = input -> {
            if (attempts.incrementAndGet() == 1) {
                release.await(10, TimeUnit.SECONDS); // holds a delivery thread while the other rule's events go by
            }
            throw new IllegalStateException("the billing service is down");
        };
        Path deadLetters = new DataLayout(dir).eventDeadLetterFile("default", "billing");
        try (Monitor monitor = quiet(dir, clock, metrics)
                .events(EventSettings.builder().retryBackoff(Duration.ofMillis(20)).deliveryThreads(2).build()).build()) {
            monitor.events().putRule(Rule.builder("billing").eventPattern("{\"detail-type\": [\"Order Placed\"]}")
                    .target(Target.handler("bill", failing).withRetryPolicy(RetryPolicy.of(2, 3600))).build());
            monitor.events().putRule(Rule.builder("shipping").eventPattern("{\"detail-type\": [\"Order Placed\", \"Order Paid\"]}")
                    .target(Target.handler("ship", healthy)).build());
            String id = monitor.events().putEvents(PutEventsEntry.of("shop", "Order Placed", "{\"orderId\": \"o-1\"}")).entries().get(0).eventId();
            Await.until(Duration.ofSeconds(10), () -> attempts.get() == 1, () -> "the failing target was not invoked");
            for (int i = 0; i < 20; i++) {
                monitor.events().putEvents(PutEventsEntry.of("shop", "Order Paid", "{\"n\": " + i + "}"));
            }
            Await.until(Duration.ofSeconds(10), () -> healthy.inputs.size() == 21, () -> "the healthy target got " + healthy.inputs.size());
            assertEquals(1, attempts.get(), "the failing target is still in its first attempt");
            assertFalse(Files.exists(deadLetters));
            release.countDown();
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(3, attempts.get(), "one attempt and two retries");
            List<JsonNode> lines = EventsFixture.lines(deadLetters);
            assertEquals(1, lines.size());
            JsonNode line = lines.get(0);
            assertEquals(id, line.get("event").get("id").asText(), "the whole event");
            assertEquals("arn:aws:events:local:000000000000:rule/billing", line.get("RULE_ARN").asText());
            assertEquals("ERROR_FROM_TARGET", line.get("ERROR_CODE").asText(), "EventBridge's codes: rule-dlq.html");
            assertEquals("java.lang.IllegalStateException: the billing service is down", line.get("ERROR_MESSAGE").asText());
            assertEquals("MaximumRetryAttemptsExhausted", line.get("EXHAUSTED_RETRY_CONDITION").asText());
            assertEquals(2, line.get("RETRY_ATTEMPTS").asInt());
            assertEquals("arn:monitor:events:local:000000000000:handler/rule/billing/bill", line.get("TARGET_ARN").asText());
            assertFalse(line.has("TARGET_ID"), "only the attributes of https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html");
        }
        assertEquals(1.0, metrics.sum("AWS/Events", "MatchedEvents", "RuleName", "billing"));
        assertEquals(1.0, metrics.sum("AWS/Events", "Invocations", "RuleName", "billing"));
        assertEquals(1.0, metrics.sum("AWS/Events", "FailedInvocations", "RuleName", "billing"));
        assertEquals(0.0, metrics.sum("AWS/Events", "DeadLetterInvocations", "RuleName", "billing"), "the target was invoked: eb-monitoring.html");
        assertEquals(1.0, metrics.sum("AWS/Events", "InvocationsSentToDlq", "RuleName", "billing"));
        assertEquals(21.0, metrics.sum("AWS/Events", "Invocations", "RuleName", "shipping"));
        assertEquals(0.0, metrics.sum("AWS/Events", "DeadLetterInvocations", "RuleName", "shipping"));
    }

    @Test
    void anEventOlderThanItsMaximumAgeIsNotRetried() throws Exception {
        ManualClock clock = new ManualClock(T0);
        AtomicInteger attempts = new AtomicInteger();
        try (Monitor monitor = quiet(dir, clock, new MetricCapture())
                .events(EventSettings.builder().retryBackoff(Duration.ofMillis(10)).build()).build()) {
            monitor.events().putRule(Rule.builder("slow").eventPattern("{\"source\": [\"shop\"]}").target(Target.handler("h", input -> {
                attempts.incrementAndGet();
                clock.advance(Duration.ofMinutes(2)); // each attempt takes two minutes of the monitor's clock
                throw new java.io.IOException("timed out");
            }).withRetryPolicy(RetryPolicy.of(185, 300))).build());
            monitor.events().putEvents(PutEventsEntry.of("shop", "Tick", "{}"));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            List<JsonNode> lines = EventsFixture.lines(new DataLayout(dir).eventDeadLetterFile("default", "slow"));
            assertEquals(1, lines.size());
            assertEquals("MaximumEventAgeExhausted", lines.get(0).get("EXHAUSTED_RETRY_CONDITION").asText());
            assertEquals(3, attempts.get(), "the third attempt began at 4 minutes, within the 5; after it the event was 6 minutes old");
        }
    }

    @Test
    void closingTheMonitorWritesWhatWasStillBeingRetriedToTheDeadLetterFile() throws Exception {
        MetricCapture metrics = new MetricCapture();
        AtomicInteger attempts = new AtomicInteger();
        try (Monitor monitor = quiet(dir, new ManualClock(T0), metrics)
                .events(EventSettings.builder().retryBackoff(Duration.ofMinutes(1)).build()).build()) {
            monitor.events().putRule(Rule.builder("down").eventPattern("{\"source\": [\"shop\"]}").target(Target.handler("h", input -> {
                attempts.incrementAndGet();
                throw new IllegalStateException("down");
            })).build());
            monitor.events().putEvents(PutEventsEntry.of("shop", "Tick", "{}"));
            Await.until(Duration.ofSeconds(10), () -> attempts.get() == 1, () -> "the handler was not invoked");
            assertFalse(monitor.flush(Duration.ofMillis(100)), "a retry a minute away is still pending");
        }
        List<JsonNode> lines = EventsFixture.lines(new DataLayout(dir).eventDeadLetterFile("default", "down"));
        assertEquals(1, lines.size(), "nothing is lost silently at close");
        assertEquals("INTERNAL_ERROR", lines.get(0).get("ERROR_CODE").asText());
        assertTrue(lines.get(0).get("ERROR_MESSAGE").asText().contains("closed"), lines.get(0).toString());
        assertEquals(1, lines.get(0).get("RETRY_ATTEMPTS").asInt());
        assertEquals(1.0, metrics.sum("AWS/Events", "FailedInvocations", "RuleName", "down"), "it was invoked once");
        assertEquals(0.0, metrics.sum("AWS/Events", "DeadLetterInvocations", "RuleName", "down"));
        assertEquals(1.0, metrics.sum("AWS/Events", "InvocationsSentToDlq", "RuleName", "down"));
    }

    @Test
    void disabledRulesAndRemovedRulesInvokeNothing() throws Exception {
        Recorder recorder = new Recorder();
        MetricCapture metrics = new MetricCapture();
        try (Monitor monitor = quiet(dir, new ManualClock(T0), metrics).build()) {
            Rule rule = Rule.builder("r").eventPattern("{\"source\": [\"shop\"]}").target(Target.handler("h", recorder)).build();
            monitor.events().putRule(rule.toBuilder().state(RuleState.DISABLED).build());
            monitor.events().putEvents(PutEventsEntry.of("shop", "Tick", "{}"));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            monitor.events().putRule(rule);
            monitor.events().putEvents(PutEventsEntry.of("shop", "Tick", "{}"));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertTrue(monitor.events().deleteRule("default", "r"));
            monitor.events().putEvents(PutEventsEntry.of("shop", "Tick", "{}"));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(1, recorder.inputs.size());
            assertEquals(List.of(), monitor.events().rules("default"));
        }
        assertEquals(1.0, metrics.sum("AWS/Events", "MatchedEvents", "RuleName", "r"));
    }

    @Test
    void rulesAreCheckedWhenPut() {
        try (Monitor monitor = quiet(dir, new ManualClock(T0), new MetricCapture()).build()) {
            EventService events = monitor.events();
            assertEquals("Event bus nope does not exist.", assertThrows(IllegalArgumentException.class, () -> events.putRule(
                    Rule.builder("r").eventBus("nope").eventPattern("{\"source\": [\"a\"]}").build())).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> events.putRule(Rule.builder("r").eventPattern("{\"source\": [\"a\"]}")
                    .target(Target.apiDestination("w", "missing")).build())).getMessage().contains("API destination 'missing' does not exist"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> events.putRule(Rule.builder("r").eventPattern("{\"source\": [\"a\"]}")
                    .target(Target.metric("m", "AWS/Events", "Mine")).build())).getMessage().contains("AWS/"));
            Rule.Builder six = Rule.builder("six").eventPattern("{\"source\": [\"a\"]}");
            for (int i = 0; i < 5; i++) {
                six.target(Target.logGroup("t" + i, "/g"));
            }
            assertTrue(assertThrows(IllegalArgumentException.class, () -> six.target(Target.logGroup("t5", "/g"))).getMessage()
                    .contains("5 targets"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Rule.builder("s").eventBus("other").schedule(
                    ScheduleExpression.parse("rate(5 minutes)")).build()).getMessage().contains("only on the default event bus"));
            assertThrows(IllegalArgumentException.class, () -> events.deleteEventBus("default"));
        }
    }

    @Test
    void aHandlerThatThrowsAnErrorIsRetriedAndTheThreadGoesOn() throws Exception {
        Recorder after = new Recorder();
        AtomicInteger calls = new AtomicInteger();
        try (StderrCapture stderr = new StderrCapture();
             Monitor monitor = quiet(dir, new ManualClock(T0), new MetricCapture())
                     .events(EventSettings.builder().retryBackoff(Duration.ofMillis(5)).deliveryThreads(1).build()).build()) {
            monitor.events().putRule(Rule.builder("bad").eventPattern("{\"detail-type\": [\"A\"]}").target(Target.handler("h", input -> {
                if (calls.incrementAndGet() == 1) {
                    throw new StackOverflowError("deep");
                }
            })).build());
            monitor.events().putRule(Rule.builder("good").eventPattern("{\"detail-type\": [\"B\"]}").target(Target.handler("h", after)).build());
            monitor.events().putEvents(PutEventsEntry.of("s", "A", "{}"), PutEventsEntry.of("s", "B", "{}"));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(2, calls.get(), "retried after the error");
            assertEquals(1, after.inputs.size());
            assertTrue(stderr.text().contains("StackOverflowError"), stderr.text());
        }
    }

    /**
     * The counting of https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html: a
     * target not invoked (here an event taken for a loop) counts in DeadLetterInvocations and not in
     * Invocations nor FailedInvocations; the dead letter written counts in InvocationsSentToDlq.
     */
    @Test
    void aLoopIsADeadLetterInvocationNotAFailedOne() throws Exception {
        MetricCapture metrics = new MetricCapture();
        Path deadLetters = new DataLayout(dir).eventDeadLetterFile("default", "echo");
        try (Monitor monitor = quiet(dir, new ManualClock(T0), metrics).build()) {
            monitor.events().putRule(Rule.builder("echo").eventPattern("{\"source\": [\"shop\"]}")
                    .target(Target.eventBus("self", "default")).build());
            monitor.events().putEvents(PutEventsEntry.of("shop", "Ping", "{}"));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            List<JsonNode> lines = EventsFixture.lines(deadLetters);
            assertEquals(1, lines.size());
            assertEquals("UNSUPPORTED_OPERATION", lines.get(0).get("ERROR_CODE").asText());
            assertEquals("arn:aws:events:local:000000000000:event-bus/default", lines.get(0).get("TARGET_ARN").asText());
        }
        assertEquals(5.0, metrics.sum("AWS/Events", "Invocations", "RuleName", "echo"), "five hops were delivered");
        assertEquals(1.0, metrics.sum("AWS/Events", "DeadLetterInvocations", "RuleName", "echo"), "the sixth was not invoked");
        assertEquals(0.0, metrics.sum("AWS/Events", "FailedInvocations", "RuleName", "echo"));
        assertEquals(1.0, metrics.sum("AWS/Events", "InvocationsSentToDlq", "RuleName", "echo"));
        assertEquals(0.0, metrics.sum("AWS/Events", "InvocationsFailedToBeSentToDlq", "RuleName", "echo"));
    }

    /** A handler that blocks for ever, deaf to interrupts, holds up no other rule and is dead-lettered with TIMEOUT after its retries. */
    @Test
    void aBlockedHandlerTimesOutAndDelaysNoOtherRule() throws Exception {
        MetricCapture metrics = new MetricCapture();
        CountDownLatch free = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        EventHandler stuck = input -> {
            entered.incrementAndGet();
            while (free.getCount() > 0) {
                try {
                    free.await();
                } catch (InterruptedException ignored) {
                    // a handler that ignores interrupts: the worst case
                }
            }
        };
        Recorder flowing = new Recorder();
        Path deadLetters = new DataLayout(dir).eventDeadLetterFile("default", "stuck");
        try (Monitor monitor = quiet(dir, new ManualClock(T0), metrics).events(EventSettings.builder().deliveryThreads(1)
                .handlerTimeout(Duration.ofMillis(200)).retryBackoff(Duration.ofMillis(20)).build()).build()) {
            monitor.events().putRule(Rule.builder("stuck").eventPattern("{\"detail-type\": [\"Stuck\"]}")
                    .target(Target.handler("h", stuck).withRetryPolicy(RetryPolicy.of(2, 3600))).build());
            monitor.events().putRule(Rule.builder("flowing").eventPattern("{\"detail-type\": [\"Flow\"]}")
                    .target(Target.handler("f", flowing)).build());
            monitor.events().putEvents(PutEventsEntry.of("shop", "Stuck", "{}"));
            Await.until(Duration.ofSeconds(10), () -> entered.get() == 1, () -> "the stuck handler was not invoked");
            for (int i = 0; i < 20; i++) {
                monitor.events().putEvents(PutEventsEntry.of("shop", "Flow", "{\"n\": " + i + "}"));
            }
            Await.until(Duration.ofSeconds(10), () -> flowing.inputs.size() == 20, () -> "the other rule got " + flowing.inputs.size());
            Await.until(Duration.ofSeconds(10), () -> !EventsFixture.lines(deadLetters).isEmpty(), () -> "the stuck one was not dead-lettered");
            JsonNode line = EventsFixture.lines(deadLetters).get(0);
            assertEquals("TIMEOUT", line.get("ERROR_CODE").asText());
            assertEquals(2, line.get("RETRY_ATTEMPTS").asInt());
            assertEquals("MaximumRetryAttemptsExhausted", line.get("EXHAUSTED_RETRY_CONDITION").asText());
            assertEquals(1, entered.get(), "its thread is still held, so no second one was taken for it");
            free.countDown();
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
        } finally {
            free.countDown();
        }
        assertEquals(1.0, metrics.sum("AWS/Events", "FailedInvocations", "RuleName", "stuck"));
        assertEquals(20.0, metrics.sum("AWS/Events", "Invocations", "RuleName", "flowing"));
    }

    /**
     * A rule's dead-letter file is bounded: past its size it becomes {@code <rule>.jsonl.1}, replacing
     * the older one, whose lines are counted in Monitor/Dropped (Reason=DeadLetterFileRotated).
     */
    @Test
    void deadLetterFilesAreBoundedAndWhatTheyLetGoIsCounted() throws Exception {
        MetricCapture metrics = new MetricCapture();
        Path current = new DataLayout(dir).eventDeadLetterFile("default", "down");
        Path previous = current.resolveSibling("down.jsonl.1");
        int events = 60;
        int kept;
        try (Monitor monitor = quiet(dir, new ManualClock(T0), metrics).events(EventSettings.builder().deadLetterFileMaxBytes(2048).build()).build()) {
            monitor.events().putRule(Rule.builder("down").eventPattern("{\"source\": [\"shop\"]}").target(Target.handler("h", input -> {
                throw new IllegalStateException("down");
            }).withRetryPolicy(RetryPolicy.of(0, 60))).build());
            for (int i = 0; i < events; i++) {
                monitor.events().putEvents(PutEventsEntry.of("shop", "Tick", "{\"n\": " + i + "}"));
            }
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertTrue(Files.size(current) <= 2048, "size " + Files.size(current));
            assertTrue(Files.exists(previous) && Files.size(previous) <= 2048, "the previous file is kept, and bounded too");
            kept = EventsFixture.lines(current).size() + EventsFixture.lines(previous).size();
            assertTrue(kept < events, "kept " + kept);
            // The two delivery threads may write the last two letters in either order: the newest is in the current file.
            assertTrue(EventsFixture.lines(current).stream().anyMatch(line -> line.at("/event/detail/n").asInt() == events - 1),
                    "the newest are kept");
        }
        assertEquals((double) events, metrics.sum("AWS/Events", "InvocationsSentToDlq", "RuleName", "down"));
        assertEquals(events - kept, (int) metrics.sumDropped("DeadLetterFileRotated"), "every line let go is counted");
    }
}
