package dev.monitor.core.events.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.CounterBuilder;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.events.Rule;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A rule as a bus holds it: the rule, its ARN, its dead-letter file and its metrics in
 * {@code AWS/Events}, with {@code RuleName} alone on the default bus and {@code EventBusName} too on
 * a custom one, as EventBridge publishes them (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html).
 */
final class RuleEntry {
    final Rule rule;
    final String arn;
    final Path deadLetters;
    final Counter matchedEvents;
    final Counter triggeredRules;
    final Counter invocations;
    final Counter failedInvocations;
    final Counter throttledRules;
    /** Invocations whose target was not invoked at all (a loop, a destination that does not exist, throttled, closed first). */
    final Counter deadLetterInvocations;
    final Counter invocationsSentToDlq;
    final Counter failedToBeSentToDlq;
    /** Each handler target's (by id) calls, one at a time. */
    final java.util.Map<String, Delivery.HandlerLane> handlerLanes = new java.util.concurrent.ConcurrentHashMap<>();
    /** The next time a scheduled rule fires; null for a pattern rule or a schedule with no more fires. Read and written by the scheduler's thread. */
    Instant nextFire;
    /** When the rule fires for {@link #nextFire}: the same instant, or later within the rule's flexible time window. */
    Instant fireAt;

    RuleEntry(Rule rule, String arn, Path deadLetters, Metrics awsEvents) {
        this.rule = rule;
        this.arn = arn;
        this.deadLetters = deadLetters;
        this.matchedEvents = counter(awsEvents, "MatchedEvents");
        this.triggeredRules = counter(awsEvents, "TriggeredRules");
        this.invocations = counter(awsEvents, "Invocations");
        this.failedInvocations = counter(awsEvents, "FailedInvocations");
        this.throttledRules = counter(awsEvents, "ThrottledRules");
        this.deadLetterInvocations = counter(awsEvents, "DeadLetterInvocations");
        this.invocationsSentToDlq = counter(awsEvents, "InvocationsSentToDlq");
        this.failedToBeSentToDlq = counter(awsEvents, "InvocationsFailedToBeSentToDlq");
    }

    private Counter counter(Metrics metrics, String name) {
        CounterBuilder builder = metrics.counterBuilder(name);
        if (!rule.eventBusName().equals(Rule.DEFAULT_BUS)) {
            builder = builder.dimension("EventBusName", rule.eventBusName());
        }
        return builder.dimension("RuleName", rule.name()).resolution(Resolution.STANDARD).register();
    }

    String busName() {
        return rule.eventBusName();
    }
}
