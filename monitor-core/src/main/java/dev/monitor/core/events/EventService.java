package dev.monitor.core.events;

import dev.monitor.api.events.Events;
import dev.monitor.api.subscription.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A monitor's event buses, EventBridge in-process. Get it from {@code Monitor.events()}.
 *
 * <p>A put ({@link #putEvents}) checks each entry, gives it an id and offers it to a bounded queue:
 * nothing else happens on the caller's thread. The bus's dispatch thread wraps each entry in
 * EventBridge's envelope, matches it against all of its bus's rules at once, hands it to the
 * {@code events} signal's exporters and to the {@linkplain #observe observers}, and queues one
 * invocation per target of each matching rule. Invocations run on the delivery threads, each
 * retried by its target's {@link RetryPolicy} with exponential backoff and jitter, so a failing or
 * slow target delays no other; what still fails is written to the rule's dead-letter file
 * ({@code <data-dir>/events/dead-letters/<bus>/<rule>.jsonl}) with its error.
 *
 * <p>Per rule, in namespace {@code AWS/Events} (dimension {@code RuleName}, and {@code EventBusName}
 * for a custom bus), counted as EventBridge counts them
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html): {@code MatchedEvents},
 * {@code TriggeredRules}, {@code Invocations} (targets invoked: delivered, or failed for good),
 * {@code FailedInvocations} (invoked and failed for good), {@code ThrottledRules},
 * {@code DeadLetterInvocations} (targets not invoked at all: a bus-to-bus loop, a destination that
 * does not exist, the pending limit, the monitor closed first; in neither of the two before),
 * {@code InvocationsSentToDlq} (dead letters written) and {@code InvocationsFailedToBeSentToDlq}
 * (dead letters that could not be: the writer's queue full, the file not writable).
 *
 * <p>A dead-letter line holds the event ({@code event}), when it was written ({@code time}) and
 * EventBridge's dead-letter attributes (https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html):
 * {@code RULE_ARN}, {@code TARGET_ARN}, {@code ERROR_CODE} (EventBridge's codes, such as
 * {@code TIMEOUT} or {@code SDK_CLIENT_ERROR}), {@code ERROR_MESSAGE},
 * {@code EXHAUSTED_RETRY_CONDITION} and {@code RETRY_ATTEMPTS}. Lines are written by a thread of
 * the bus's own; a rule's file past {@code events.deadLetterFileMaxBytes} becomes
 * {@code <rule>.jsonl.1}, replacing the older one.
 *
 * <p>Thread-safe.
 */
public interface EventService extends Events {

    /**
     * Creates the custom bus {@code name}; doing it again is harmless.
     *
     * @throws IllegalArgumentException when the name is not a bus name
     */
    void createEventBus(String name);

    /**
     * Deletes a custom bus and its rules. Events put on it afterwards are refused.
     *
     * @throws IllegalArgumentException for the {@code default} bus
     */
    void deleteEventBus(String name);

    /** The buses: {@code default} first, then the custom ones in the order they were made. */
    List<String> eventBuses();

    /**
     * Adds a rule, or replaces the rule of the same bus and name. Applies to events dispatched
     * from now on.
     *
     * @throws IllegalArgumentException when the bus does not exist, a target names an API
     *         destination, topic or namespace that cannot be used, or the rule is otherwise refused
     */
    void putRule(Rule rule);

    /** Removes a rule; false when there was none. */
    boolean deleteRule(String eventBusName, String ruleName);

    /** The rule, as last put. */
    Optional<Rule> describeRule(String eventBusName, String ruleName);

    /** The rules of a bus, in the order they were first put. */
    List<Rule> rules(String eventBusName);

    /** Adds or replaces a connection, by name. */
    void createConnection(Connection connection);

    /**
     * Adds or replaces an API destination, by name.
     *
     * @throws IllegalArgumentException when its connection does not exist
     */
    void createApiDestination(ApiDestination destination);

    /** Adds an observer of every accepted event; closing the handle removes it. */
    Subscription observe(EventObserver observer);

    /**
     * Waits until every event put before this call is dispatched and every invocation it caused has
     * ended (delivered, or written to a dead-letter file), at most {@code timeout}. Fires the
     * scheduled rules that are due by the clock first.
     */
    boolean flush(Duration timeout);
}
