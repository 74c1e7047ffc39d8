package dev.monitor.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.events.internal.PatternMachine;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Matching goes on, and stays right, while another thread adds and removes rules. */
class PatternMachineConcurrencyTest {
    private static final String EVENT = "{\"source\": \"aws.ec2\", \"detail\": {\"state\": \"running\"}}";

    @Test
    void matchersSeeTheSteadyRuleOnEveryMatchWhileOtherRulesChange() throws Exception {
        PatternMachine<String> machine = new PatternMachine<>();
        machine.add("steady", EventPattern.parse("{\"source\": [\"aws.ec2\"]}"));
        EventPattern churning = EventPattern.parse("{\"detail\": {\"state\": [\"running\"]}}");
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(2);
        List<Thread> matchers = List.of(1, 2).stream().map(n -> new Thread(() -> {
            started.countDown();
            int rounds = 0;
            while (!stop.get() || rounds < 100) {
                Set<String> found = machine.matches(EVENT);
                if (!found.contains("steady") || !Set.of("steady", "churn-a", "churn-b").containsAll(found)) {
                    problems.add("round " + rounds + ": " + found);
                }
                rounds++;
            }
        })).toList();
        matchers.forEach(Thread::start);
        started.await();
        for (int i = 0; i < 2_000; i++) {
            machine.add(i % 2 == 0 ? "churn-a" : "churn-b", churning);
            machine.remove(i % 2 == 0 ? "churn-b" : "churn-a");
        }
        stop.set(true);
        for (Thread matcher : matchers) {
            matcher.join();
        }
        assertTrue(problems.isEmpty(), () -> problems.size() + " wrong answers, first " + problems.peek());
        machine.remove("churn-a");
        machine.remove("churn-b");
        assertEquals(Set.of("steady"), machine.matches(EVENT));
    }
}
