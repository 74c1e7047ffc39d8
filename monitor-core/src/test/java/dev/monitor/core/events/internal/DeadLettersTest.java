package dev.monitor.core.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.Await;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.Target;
import dev.monitor.core.internal.InternalErrors;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dead-letter writer: a bounded hand-off, and what it cannot take is counted, never waited for. */
class DeadLettersTest {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void linesBeyondTheQueueAreCountedNotWaitedFor() throws Exception {
        MetricRegistry registry = new MetricRegistry("Test", new ManualClock(T0), Resolution.STANDARD, 1000);
        InternalErrors errors = new InternalErrors(registry.forNamespace(MetricRegistry.SELF_NAMESPACE), DeadLettersTest.class);
        Rule rule = Rule.builder("r").eventPattern("{\"source\": [\"shop\"]}").target(Target.handler("h", input -> { })).build();
        RuleEntry entry = new RuleEntry(rule, "arn:aws:events:local:000000000000:rule/r", dir.resolve("r.jsonl"),
                registry.forServiceNamespace("AWS/Events"));
        DeadLetters letters = new DeadLetters(1, 1 << 20, registry.forNamespace(MetricRegistry.SELF_NAMESPACE), errors);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 2000; i++) {
            if (letters.offer(entry, "{\"event\":{\"n\":" + i + "}}")) {
                accepted++;
            } else {
                refused++;
            }
        }
        Await.until(Duration.ofSeconds(10), letters::idle, () -> "the writer did not catch up");
        letters.close();
        assertTrue(refused > 0, "a queue of one cannot take 2000 lines offered at once");
        assertEquals(accepted, Files.readAllLines(entry.deadLetters).size());
        List<Datapoint> points = registry.collect(Resolution.STANDARD, T0);
        assertEquals(refused, sum(points, "Dropped", "DeadLetterQueueFull"), "Monitor/Dropped, Signal=events, Reason=DeadLetterQueueFull");
        assertEquals(refused, sum(points, "InvocationsFailedToBeSentToDlq", null));
        assertEquals(accepted, sum(points, "InvocationsSentToDlq", null));
    }

    private static int sum(List<Datapoint> points, String name, String reason) {
        double sum = 0;
        for (Datapoint point : points) {
            if (point.metric().name().equals(name) && (reason == null || point.metric().dimensions().toString().contains(reason))) {
                sum += point.sum();
            }
        }
        return (int) sum;
    }
}
