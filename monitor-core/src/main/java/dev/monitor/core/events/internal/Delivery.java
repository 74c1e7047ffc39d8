package dev.monitor.core.events.internal;

import dev.monitor.core.events.ApiDestination;
import dev.monitor.core.events.Connection;
import dev.monitor.core.events.RetryPolicy;
import dev.monitor.core.events.Target;
import dev.monitor.core.files.RollingFile;
import dev.monitor.core.internal.InternalErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Invokes targets on the delivery threads. Each invocation is one task; a failure that may be
 * retried is scheduled again after an exponential backoff with jitter (the first retry after about
 * the configured backoff, each later one about twice as long, at most 5 minutes; each wait drawn
 * from its upper half), so a failing target holds no thread while it waits and delays no other
 * invocation. An invocation whose retries or event age run out, or that cannot be retried, is
 * written to its rule's dead-letter file: one JSON line with the event and the attributes
 * EventBridge gives a dead-letter message ({@code RULE_ARN}, {@code TARGET_ARN},
 * {@code ERROR_CODE}, {@code ERROR_MESSAGE}, {@code EXHAUSTED_RETRY_CONDITION},
 * {@code RETRY_ATTEMPTS}).
 */
final class Delivery {
    static final String THREAD = "monitor-events-delivery";
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** How many times an event may pass from bus to bus before it is taken for a loop. */
    static final int MAX_HOPS = 5;

    /** What the engine lends delivery: targets' destinations, other buses and the log pipeline. */
    interface Destinations {
        ApiDestination apiDestination(String name);

        Connection connection(String name);

        boolean publish(String topic, String message);

        void log(String group, Instant time, String message);

        void count(String namespace, String metric);

        /** Puts an event on another bus as it is; false when that bus does not exist or its queue is full. */
        String forward(String bus, String eventJson, int hops);
    }

    /** One event for one target of one rule, until it is delivered or dead-lettered. */
    static final class Invocation {
        final RuleEntry rule;
        final Target target;
        final String eventJson;
        final Instant ingestion;
        final int hops;
        int retries;
        /** Set by whoever ends the invocation (delivered, dead-lettered, or left at close), so that it ends once. */
        final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

        Invocation(RuleEntry rule, Target target, String eventJson, Instant ingestion, int hops) {
            this.rule = rule;
            this.target = target;
            this.eventJson = eventJson;
            this.ingestion = ingestion;
            this.hops = hops;
        }
    }

    private final ScheduledThreadPoolExecutor executor;
    private final Webhooks webhooks;
    private final Destinations destinations;
    private final Clock clock;
    private final Duration backoff;
    private final int maxPending;
    private final InternalErrors errors;
    private final AtomicInteger pending = new AtomicInteger();
    /** Invocations not yet ended, so that none is lost silently at close. */
    private final Set<Invocation> live = ConcurrentHashMap.newKeySet();

    Delivery(int threads, Duration backoff, int maxPending, Clock clock, Destinations destinations, InternalErrors errors) {
        AtomicInteger number = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(threads, task -> {
            Thread thread = new Thread(task, THREAD + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.webhooks = new Webhooks(executor);
        this.destinations = destinations;
        this.clock = clock;
        this.backoff = backoff;
        this.maxPending = maxPending;
        this.errors = errors.register(THREAD);
    }

    /** Invocations not yet ended: queued, running, waiting for a retry or for an HTTP answer. */
    int pending() {
        return pending.get();
    }

    /** Queues an invocation; one beyond the pending limit is throttled straight to the dead-letter file. */
    void invoke(Invocation invocation) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            invocation.rule.throttledRules.increment();
            deadLetter(invocation, "ThrottlingException", "the monitor has " + maxPending
                    + " invocations pending (events.maxPendingInvocations); this one was not attempted", null);
            return;
        }
        live.add(invocation);
        run(invocation, 0);
    }

    private void run(Invocation invocation, long delayNanos) {
        try {
            if (delayNanos <= 0) {
                executor.execute(() -> attempt(invocation));
            } else {
                executor.schedule(() -> attempt(invocation), delayNanos, TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException closed) {
            if (invocation.ended.compareAndSet(false, true)) {
                invocation.rule.invocations.increment();
                invocation.rule.failedInvocations.increment();
                deadLetter(invocation, "MonitorClosed", "the monitor closed before the event was delivered", null);
                release(invocation);
            }
        }
    }

    private void attempt(Invocation invocation) {
        Target target = invocation.target;
        try {
            String input = target.inputFor(invocation.eventJson, invocation.rule.rule.name(), invocation.rule.arn, invocation.ingestion);
            switch (target.kind()) {
                case HANDLER -> {
                    target.handler().handle(input);
                    delivered(invocation);
                }
                case LOG_GROUP -> {
                    destinations.log(target.destination(), clock.instant(), input);
                    delivered(invocation);
                }
                case METRIC -> {
                    destinations.count(target.namespace(), target.destination());
                    delivered(invocation);
                }
                case TOPIC -> {
                    if (destinations.publish(target.destination(), input)) {
                        delivered(invocation);
                    } else {
                        failed(invocation, true, "ThrottlingException", "the action queue of topic '" + target.destination() + "' is full");
                    }
                }
                case EVENT_BUS -> {
                    if (invocation.hops >= MAX_HOPS) {
                        failed(invocation, false, "LoopDetected", "the event passed from bus to bus " + MAX_HOPS
                                + " times; it is taken for a loop and not put on '" + target.destination() + "'");
                    } else {
                        String problem = destinations.forward(target.destination(), invocation.eventJson, invocation.hops + 1);
                        if (problem == null) {
                            delivered(invocation);
                        } else {
                            failed(invocation, problem.startsWith("ThrottlingException"), problem.substring(0, problem.indexOf(':')),
                                    problem.substring(problem.indexOf(':') + 2));
                        }
                    }
                }
                case API_DESTINATION -> callApiDestination(invocation, input);
                default -> throw new IllegalStateException("unknown target kind " + target.kind());
            }
        } catch (Exception e) {
            failed(invocation, true, target.kind() == Target.Kind.HANDLER ? "HandlerException" : "InternalFailure", e.toString());
        } catch (Throwable e) { // an Error in a handler must not end the delivery thread
            errors.report(Thread.currentThread().getName(), e, "target '{}' of rule '{}' threw {}; the invocation is retried, and further "
                    + "such failures are only counted in Monitor/InternalErrors", target.id(), invocation.rule.rule.name(), e);
            failed(invocation, true, "InternalFailure", e.toString());
        }
    }

    private void callApiDestination(Invocation invocation, String input) {
        Target target = invocation.target;
        ApiDestination destination = destinations.apiDestination(target.destination());
        Connection connection = destination == null ? null : destinations.connection(destination.connectionName());
        if (destination == null || connection == null) {
            failed(invocation, false, "ResourceNotFoundException", destination == null
                    ? "API destination '" + target.destination() + "' does not exist"
                    : "connection '" + destination.connectionName() + "' of API destination '" + destination.name() + "' does not exist");
            return;
        }
        long wait = webhooks.throttle(destination);
        if (wait > 0) {
            // Over the destination's rate: wait for its next free slot. Not a retry; the event's age still bounds it.
            invocation.rule.throttledRules.increment();
            if (age(invocation).plusNanos(wait).compareTo(invocation.target.retryPolicy().maximumEventAge()) > 0) {
                exhausted(invocation, "ThrottlingException", "the invocation rate limit of API destination '" + destination.name()
                        + "' held the event past its maximum age", "MaximumEventAgeExhausted");
            } else {
                run(invocation, wait);
            }
            return;
        }
        webhooks.invoke(destination, connection, input).whenComplete((outcome, failure) -> {
            if (failure != null) {
                failed(invocation, true, "InternalFailure", failure.toString());
            } else if (outcome.delivered()) {
                delivered(invocation);
            } else {
                failed(invocation, outcome.retryable(), outcome.errorCode(), outcome.errorMessage());
            }
        });
    }

    private Duration age(Invocation invocation) {
        Duration age = Duration.between(invocation.ingestion, clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    private void delivered(Invocation invocation) {
        if (invocation.ended.compareAndSet(false, true)) {
            invocation.rule.invocations.increment();
            release(invocation);
        }
    }

    private void failed(Invocation invocation, boolean retryable, String code, String message) {
        RetryPolicy policy = invocation.target.retryPolicy();
        if (!retryable) {
            exhausted(invocation, code, message, null);
            return;
        }
        if (invocation.retries >= policy.maximumRetryAttempts()) {
            exhausted(invocation, code, message, "MaximumRetryAttemptsExhausted");
            return;
        }
        long delay = backoffNanos(invocation.retries);
        if (age(invocation).plusNanos(delay).compareTo(policy.maximumEventAge()) > 0) {
            exhausted(invocation, code, message, "MaximumEventAgeExhausted");
            return;
        }
        invocation.retries++;
        run(invocation, delay);
    }

    /** The wait before retry {@code retries + 1}: the backoff doubled per earlier retry, at most 5 minutes, drawn from its upper half. */
    long backoffNanos(int retries) {
        long ceiling = Math.min(MAX_BACKOFF.toNanos(), backoff.toNanos() << Math.min(retries, 30));
        if (ceiling <= 0) {
            ceiling = MAX_BACKOFF.toNanos();
        }
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    private void exhausted(Invocation invocation, String code, String message, String condition) {
        if (invocation.ended.compareAndSet(false, true)) {
            invocation.rule.invocations.increment();
            invocation.rule.failedInvocations.increment();
            deadLetter(invocation, code, message, condition);
            release(invocation); // after the line is written: a flush that sees nothing pending finds it in the file
        }
    }

    private void release(Invocation invocation) {
        live.remove(invocation);
        pending.decrementAndGet();
    }

    /** Appends the event and its error to the rule's dead-letter file; counts it, or counts that it could not. */
    void deadLetter(Invocation invocation, String code, String message, String condition) {
        StringBuilder line = new StringBuilder(invocation.eventJson.length() + 400);
        line.append("{\"event\":").append(invocation.eventJson).append(",\"RULE_ARN\":");
        Envelope.string(line, invocation.rule.arn).append(",\"TARGET_ARN\":");
        Envelope.string(line, targetArn(invocation)).append(",\"TARGET_ID\":");
        Envelope.string(line, invocation.target.id()).append(",\"ERROR_CODE\":");
        Envelope.string(line, code).append(",\"ERROR_MESSAGE\":");
        Envelope.string(line, message);
        if (condition != null) {
            line.append(",\"EXHAUSTED_RETRY_CONDITION\":");
            Envelope.string(line, condition);
        }
        line.append(",\"RETRY_ATTEMPTS\":").append(invocation.retries).append(",\"time\":");
        Envelope.string(line, Envelope.time(clock.instant())).append("}\n");
        try {
            synchronized (invocation.rule) {
                RollingFile.createDirectories(invocation.rule.deadLetters.getParent(), RollingFile.OWNER_ONLY);
                Files.write(invocation.rule.deadLetters, line.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            }
            invocation.rule.deadLetterInvocations.increment();
        } catch (IOException | RuntimeException e) {
            invocation.rule.failedToBeSentToDlq.increment();
            errors.report(THREAD, e, "the dead-letter file {} cannot be written ({}); undelivered events of its rule are only counted in "
                    + "AWS/Events InvocationsFailedToBeSentToDlq", invocation.rule.deadLetters, e);
        }
    }

    private static String targetArn(Invocation invocation) {
        Target target = invocation.target;
        return switch (target.kind()) {
            case HANDLER -> "handler:" + target.id();
            case LOG_GROUP -> "log-group:" + target.destination();
            case TOPIC -> "topic:" + target.destination();
            case API_DESTINATION -> "api-destination/" + target.destination();
            case EVENT_BUS -> "event-bus/" + target.destination();
            case METRIC -> "metric:" + target.namespace() + "/" + target.destination();
        };
    }

    /**
     * Waits up to {@code grace} for pending invocations, then stops the threads and writes what
     * was still pending to the dead-letter files, so that nothing is lost silently.
     */
    void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        executor.shutdownNow();
        webhooks.close();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Invocation> left = new ArrayList<>(live);
        for (Invocation invocation : left) {
            if (invocation.ended.compareAndSet(false, true)) {
                invocation.rule.invocations.increment();
                invocation.rule.failedInvocations.increment();
                deadLetter(invocation, "MonitorClosed", "the monitor closed before the event was delivered", null);
                release(invocation);
            }
        }
    }

    /** Runs a short task on the delivery threads (a scheduled rule's fire); false once closed. */
    boolean execute(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }
}
