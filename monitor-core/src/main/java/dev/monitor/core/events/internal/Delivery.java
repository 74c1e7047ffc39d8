package dev.monitor.core.events.internal;

import dev.monitor.core.events.ApiDestination;
import dev.monitor.core.events.Connection;
import dev.monitor.core.events.EventHandler;
import dev.monitor.core.events.RetryPolicy;
import dev.monitor.core.events.Target;
import dev.monitor.core.events.TargetException;
import dev.monitor.core.internal.InternalErrors;
import dev.monitor.core.internal.JsonBytes;
import java.nio.charset.StandardCharsets;
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
 * invocation. Java handlers run on threads of their own ({@value #HANDLER_THREAD}), one call of a
 * target at a time in the order they came, each with a time limit: one past it fails with
 * {@code TIMEOUT} (its thread is interrupted) and is retried while the target's next call starts;
 * a target with as many calls stuck past their limit as there are delivery threads fails at once
 * with {@code TIMEOUT}. So a blocked handler holds up no other rule, and takes a bounded number of threads. An invocation whose retries or event age run out, or that cannot be retried, is
 * handed to {@link DeadLetters} for its rule's dead-letter file: one JSON line with the event
 * ({@code event}), when it was dead-lettered ({@code time}, the SQS message's SentTimestamp) and
 * the attributes EventBridge gives a dead-letter message
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html): {@code RULE_ARN},
 * {@code TARGET_ARN}, {@code ERROR_CODE}, {@code ERROR_MESSAGE}, {@code EXHAUSTED_RETRY_CONDITION}
 * (when a retry limit ran out) and {@code RETRY_ATTEMPTS}.
 *
 * <p>{@code ERROR_CODE} is one of EventBridge's codes: {@code CONNECTION_FAILURE} (an API
 * destination could not be reached), {@code TIMEOUT} (an API destination did not answer in 5
 * seconds, or a handler ran past its time limit or is still running past it), {@code THROTTLING}
 * (a full queue, the pending limit, HTTP 429), {@code SDK_CLIENT_ERROR} (an API destination
 * answered another HTTP error), {@code ERROR_FROM_TARGET} (a handler threw), {@code NO_RESOURCE}
 * (an API destination, connection or bus that does not exist), {@code UNSUPPORTED_OPERATION} (an
 * event forwarded from bus to bus {@value #MAX_HOPS} times, taken for a loop) and
 * {@code INTERNAL_ERROR} (the monitor closed first, or failed itself).
 *
 * <p>{@code TARGET_ARN} is the target's ARN: {@code arn:aws:events:<region>:<account>:event-bus/<name>}
 * for a bus, {@code arn:aws:events:<region>:<account>:api-destination/<name>} for an API destination
 * (without the UUID EventBridge appends: Monitor has none), {@code arn:aws:logs:<region>:<account>:log-group:<name>}
 * for a log group and {@code arn:aws:sns:<region>:<account>:<topic>} for a topic; Monitor's own
 * targets, which AWS does not have, take the partition {@code monitor}:
 * {@code arn:monitor:events:<region>:<account>:handler/<rule-arn-resource>/<target-id>} and
 * {@code arn:monitor:cloudwatch:<region>:<account>:metric/<namespace>/<name>}.
 *
 * <p>Counting follows https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html:
 * an invocation that reached its target and failed for good counts in {@code Invocations} and
 * {@code FailedInvocations}; one whose target was never invoked (a loop, a missing destination,
 * throttled at the pending limit, the monitor closed first) only in {@code DeadLetterInvocations};
 * the line written counts in {@code InvocationsSentToDlq}, one that could not be in
 * {@code InvocationsFailedToBeSentToDlq}.
 */
final class Delivery {
    static final String THREAD = "monitor-events-delivery";
    static final String HANDLER_THREAD = "monitor-events-handler";
    /** How many dead letters may wait for their writer. */
    static final int DEAD_LETTER_QUEUE = 4096;

    // ERROR_CODE values, EventBridge's (https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html)
    static final String CONNECTION_FAILURE = "CONNECTION_FAILURE";
    static final String TIMEOUT = "TIMEOUT";
    static final String THROTTLING = "THROTTLING";
    static final String SDK_CLIENT_ERROR = "SDK_CLIENT_ERROR";
    static final String ERROR_FROM_TARGET = "ERROR_FROM_TARGET";
    static final String NO_RESOURCE = "NO_RESOURCE";
    static final String UNSUPPORTED_OPERATION = "UNSUPPORTED_OPERATION";
    static final String INTERNAL_ERROR = "INTERNAL_ERROR";
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

        /** The handler a provider made for an ARN target when its rule was put; null when there is none. */
        EventHandler arnTarget(String arn);

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
        /** Whether the target was reached at least once: decides FailedInvocations or DeadLetterInvocations. */
        volatile boolean invoked;
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
    /** Where handlers run: one call at a time per target, plus the calls stuck past their time limit (at most {@link #handlerConcurrency} per target). */
    private final java.util.concurrent.ThreadPoolExecutor handlers;
    private final int handlerConcurrency;
    private final Duration handlerTimeout;
    private final DeadLetters deadLetters;
    private final String account;
    private final String region;
    private final Webhooks webhooks;
    private final Destinations destinations;
    private final Clock clock;
    private final Duration backoff;
    private final int maxPending;
    private final InternalErrors errors;
    private final AtomicInteger pending = new AtomicInteger();
    /** Invocations not yet ended, so that none is lost silently at close. */
    private final Set<Invocation> live = ConcurrentHashMap.newKeySet();

    Delivery(int threads, Duration backoff, int maxPending, Duration handlerTimeout, long deadLetterFileMaxBytes, String account,
             String region, Clock clock, Destinations destinations, dev.monitor.api.metrics.Metrics self, InternalErrors errors) {
        AtomicInteger number = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(threads, task -> {
            Thread thread = new Thread(task, THREAD + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        AtomicInteger handlerNumber = new AtomicInteger();
        this.handlers = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, HANDLER_THREAD + "-" + handlerNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.handlerConcurrency = threads;
        this.handlerTimeout = handlerTimeout;
        this.webhooks = new Webhooks(executor);
        this.destinations = destinations;
        this.clock = clock;
        this.backoff = backoff;
        this.maxPending = maxPending;
        this.account = account;
        this.region = region;
        this.errors = errors.register(THREAD).register(HANDLER_THREAD);
        this.deadLetters = new DeadLetters(DEAD_LETTER_QUEUE, deadLetterFileMaxBytes, self, errors);
    }

    /** Invocations not yet ended: queued, running, waiting for a retry or for an HTTP answer. */
    int pending() {
        return pending.get();
    }

    /** Whether nothing is pending and every dead letter is written. */
    boolean idle() {
        return pending.get() == 0 && deadLetters.idle();
    }

    /** Queues an invocation; one beyond the pending limit is throttled straight to the dead-letter file. */
    void invoke(Invocation invocation) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            invocation.rule.throttledRules.increment();
            invocation.ended.set(true);
            count(invocation);
            deadLetter(invocation, THROTTLING, "the monitor has " + maxPending
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
            closedFirst(invocation);
        }
    }

    private void closedFirst(Invocation invocation) {
        if (invocation.ended.compareAndSet(false, true)) {
            count(invocation);
            deadLetter(invocation, INTERNAL_ERROR, "the monitor closed before the event was delivered", null);
            release(invocation);
        }
    }

    /** Counts an invocation that ended undelivered: failed if its target was reached, else not invoked at all. */
    private static void count(Invocation invocation) {
        if (invocation.invoked) {
            invocation.rule.invocations.increment();
            invocation.rule.failedInvocations.increment();
        } else {
            invocation.rule.deadLetterInvocations.increment();
        }
    }

    private void attempt(Invocation invocation) {
        Target target = invocation.target;
        try {
            String input = target.inputFor(invocation.eventJson, invocation.rule.rule.name(), invocation.rule.arn, invocation.ingestion);
            switch (target.kind()) {
                case HANDLER, ARN -> callHandler(invocation, input);
                case LOG_GROUP -> {
                    invocation.invoked = true;
                    destinations.log(target.destination(), clock.instant(), input);
                    delivered(invocation);
                }
                case METRIC -> {
                    invocation.invoked = true;
                    destinations.count(target.namespace(), target.destination());
                    delivered(invocation);
                }
                case TOPIC -> {
                    invocation.invoked = true;
                    if (destinations.publish(target.destination(), input)) {
                        delivered(invocation);
                    } else {
                        failed(invocation, true, THROTTLING, "the action queue of topic '" + target.destination() + "' is full");
                    }
                }
                case EVENT_BUS -> {
                    if (invocation.hops >= MAX_HOPS) {
                        failed(invocation, false, UNSUPPORTED_OPERATION, "the event passed from bus to bus " + MAX_HOPS
                                + " times; it is taken for a loop and not put on '" + target.destination() + "'");
                    } else {
                        String problem = destinations.forward(target.destination(), invocation.eventJson, invocation.hops + 1);
                        if (problem == null) {
                            invocation.invoked = true;
                            delivered(invocation);
                        } else {
                            boolean throttled = problem.startsWith("ThrottlingException");
                            if (throttled) {
                                invocation.invoked = true;
                            }
                            failed(invocation, throttled, throttled ? THROTTLING : NO_RESOURCE, problem.substring(problem.indexOf(':') + 2));
                        }
                    }
                }
                case API_DESTINATION -> callApiDestination(invocation, input);
                default -> throw new IllegalStateException("unknown target kind " + target.kind());
            }
        } catch (Exception e) {
            failed(invocation, true, INTERNAL_ERROR, e.toString());
        } catch (Throwable e) { // an Error must not end the delivery thread
            errors.report(Thread.currentThread().getName(), e, "target '{}' of rule '{}' failed with {}; the invocation is retried, and further "
                    + "such failures are only counted in Monitor/InternalErrors", target.id(), invocation.rule.rule.name(), e);
            failed(invocation, true, INTERNAL_ERROR, e.toString());
        }
    }

    /**
     * One handler target's calls: they run one at a time, in the order they came, each on a handler
     * thread; a call past its time limit is left to its thread (counted in {@link #stuck}) and the
     * lane moves on to the next.
     */
    static final class HandlerLane {
        private final java.util.ArrayDeque<Runnable> waiting = new java.util.ArrayDeque<>();
        private boolean active;
        private int stuck;
    }

    private static final int RUNNING = 0;
    private static final int RETURNED = 1;
    private static final int TIMED_OUT = 2;

    /**
     * Runs a handler on a handler thread with a time limit. Past it the invocation fails with
     * TIMEOUT (the handler's thread is interrupted) and is retried, and the target's next call
     * starts. A handler that ignores the interrupt keeps its thread: while
     * {@link #handlerConcurrency} of a target's calls are stuck so, its invocations fail with
     * TIMEOUT at once, so a stuck target takes a bounded number of threads and no other rule waits
     * for it.
     */
    private void callHandler(Invocation invocation, String input) {
        Target target = invocation.target;
        HandlerLane lane = invocation.rule.handlerLanes.computeIfAbsent(target.id(), id -> new HandlerLane());
        Runnable start;
        synchronized (lane) {
            if (lane.stuck >= handlerConcurrency) {
                start = null;
            } else {
                lane.waiting.add(() -> launch(lane, invocation, input));
                start = lane.active ? null : lane.waiting.poll();
                lane.active = true;
                if (start == null) {
                    return; // queued behind the running call
                }
            }
        }
        if (start == null) {
            failed(invocation, true, TIMEOUT, "handler '" + target.id() + "' of rule '" + invocation.rule.rule.name() + "' still runs "
                    + handlerConcurrency + " invocations past their time limit of " + handlerTimeout + " (events.handlerTimeout)");
            return;
        }
        start.run();
    }

    /** Starts the lane's next call, or marks it idle. */
    private void next(HandlerLane lane) {
        Runnable start;
        synchronized (lane) {
            start = lane.waiting.poll();
            lane.active = start != null;
        }
        if (start != null) {
            start.run();
        }
    }

    private void launch(HandlerLane lane, Invocation invocation, String input) {
        Target target = invocation.target;
        EventHandler handler = target.kind() == Target.Kind.ARN ? destinations.arnTarget(target.destination()) : target.handler();
        if (handler == null) {
            failed(invocation, false, NO_RESOURCE, "no provider delivers to " + target.destination());
            next(lane);
            return;
        }
        invocation.invoked = true;
        AtomicInteger state = new AtomicInteger(RUNNING);
        java.util.concurrent.atomic.AtomicReference<Thread> runner = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.ScheduledFuture<?>> timer = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable call = () -> {
            runner.set(Thread.currentThread());
            try {
                handler.handle(input);
                if (state.compareAndSet(RUNNING, RETURNED)) {
                    delivered(invocation);
                }
            } catch (Throwable e) {
                if (state.compareAndSet(RUNNING, RETURNED)) {
                    if (e instanceof Error) {
                        errors.report(HANDLER_THREAD, e, "handler '{}' of rule '{}' threw {}; the invocation is retried, and further "
                                + "such failures are only counted in Monitor/InternalErrors", target.id(), invocation.rule.rule.name(), e);
                    }
                    if (e instanceof TargetException failure) {
                        failed(invocation, failure.retryable(), failure.errorCode(), failure.getMessage());
                    } else {
                        failed(invocation, true, ERROR_FROM_TARGET, e.toString());
                    }
                }
            } finally {
                synchronized (runner) { // the timer interrupts under this lock: never the thread's next task
                    runner.set(null);
                    Thread.interrupted();
                }
                java.util.concurrent.ScheduledFuture<?> pendingTimer = timer.get();
                if (pendingTimer != null) {
                    pendingTimer.cancel(false);
                }
                if (state.get() == TIMED_OUT) {
                    synchronized (lane) {
                        lane.stuck--; // the lane moved on when it timed out
                    }
                } else {
                    next(lane);
                }
            }
        };
        try {
            handlers.execute(call);
        } catch (RejectedExecutionException closed) {
            closedFirst(invocation);
            next(lane);
            return;
        }
        try {
            timer.set(executor.schedule(() -> {
                if (state.compareAndSet(RUNNING, TIMED_OUT)) {
                    synchronized (lane) {
                        lane.stuck++;
                    }
                    synchronized (runner) {
                        Thread thread = runner.get();
                        if (thread != null) {
                            thread.interrupt();
                        }
                    }
                    failed(invocation, true, TIMEOUT, "handler '" + target.id() + "' of rule '" + invocation.rule.rule.name()
                            + "' did not return within " + handlerTimeout + " (events.handlerTimeout)");
                    next(lane);
                }
            }, handlerTimeout.toNanos(), TimeUnit.NANOSECONDS));
            if (state.get() != RUNNING) {
                timer.get().cancel(false);
            }
        } catch (RejectedExecutionException closed) {
            // closing: close() dead-letters what is still live
        }
    }

    private void callApiDestination(Invocation invocation, String input) {
        Target target = invocation.target;
        ApiDestination destination = destinations.apiDestination(target.destination());
        Connection connection = destination == null ? null : destinations.connection(destination.connectionName());
        if (destination == null || connection == null) {
            failed(invocation, false, NO_RESOURCE, destination == null
                    ? "API destination '" + target.destination() + "' does not exist"
                    : "connection '" + destination.connectionName() + "' of API destination '" + destination.name() + "' does not exist");
            return;
        }
        long wait = webhooks.throttle(destination);
        if (wait > 0) {
            // Over the destination's rate: wait for its next free slot. Not a retry; the event's age still bounds it.
            invocation.rule.throttledRules.increment();
            if (age(invocation).plusNanos(wait).compareTo(invocation.target.retryPolicy().maximumEventAge()) > 0) {
                exhausted(invocation, THROTTLING, "the invocation rate limit of API destination '" + destination.name()
                        + "' held the event past its maximum age", "MaximumEventAgeExhausted");
            } else {
                run(invocation, wait);
            }
            return;
        }
        invocation.invoked = true;
        webhooks.invoke(destination, connection, input).whenComplete((outcome, failure) -> {
            if (failure != null) {
                failed(invocation, true, INTERNAL_ERROR, failure.toString());
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
        long ceiling = ceilingNanos(backoff.toNanos(), retries);
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    /** {@code backoff * 2^retries}, saturated at 5 minutes: no shift may overflow, whatever the backoff. */
    static long ceilingNanos(long backoff, int retries) {
        long max = MAX_BACKOFF.toNanos();
        if (backoff >= max) {
            return max;
        }
        int shift = Math.max(0, retries);
        // max < 2^39, so a shift of 39 or more passes it for any positive backoff
        if (shift >= 39 || backoff > max >> shift) {
            return max;
        }
        return Math.max(1, backoff << shift);
    }

    private void exhausted(Invocation invocation, String code, String message, String condition) {
        if (invocation.ended.compareAndSet(false, true)) {
            count(invocation);
            deadLetter(invocation, code, message, condition);
            release(invocation); // after the line is queued: a flush waits for nothing pending and every letter written
        }
    }

    private void release(Invocation invocation) {
        live.remove(invocation);
        pending.decrementAndGet();
    }

    /** Hands the event and its error to the rule's dead-letter writer; never touches a file on this thread. */
    void deadLetter(Invocation invocation, String code, String message, String condition) {
        JsonBytes line = new JsonBytes(JsonBytes.Style.EVENTS); // a letter is rare: no writer is kept for it
        line.startObject().name("event").raw(invocation.eventJson.getBytes(StandardCharsets.UTF_8));
        line.stringField("RULE_ARN", invocation.rule.arn).stringField("TARGET_ARN", targetArn(invocation))
                .stringField("ERROR_CODE", code).stringField("ERROR_MESSAGE", message);
        if (condition != null) {
            line.stringField("EXHAUSTED_RETRY_CONDITION", condition);
        }
        line.name("RETRY_ATTEMPTS").number((long) invocation.retries);
        line.stringField("time", Envelope.time(clock.instant())).endObject();
        deadLetters.offer(invocation.rule, line.text());
    }

    /** The target's ARN, as the class comment lists the forms. */
    String targetArn(Invocation invocation) {
        Target target = invocation.target;
        String at = region + ":" + account + ":";
        return switch (target.kind()) {
            case HANDLER -> "arn:monitor:events:" + at + "handler/" + invocation.rule.arn.substring(invocation.rule.arn.indexOf(":rule/") + 1)
                    + "/" + target.id();
            case LOG_GROUP -> "arn:aws:logs:" + at + "log-group:" + target.destination();
            case TOPIC -> "arn:aws:sns:" + at + target.destination();
            case API_DESTINATION -> "arn:aws:events:" + at + "api-destination/" + target.destination();
            case EVENT_BUS -> "arn:aws:events:" + at + "event-bus/" + target.destination();
            case METRIC -> "arn:monitor:cloudwatch:" + at + "metric/" + target.namespace() + "/" + target.destination();
            case ARN -> target.destination();
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
        handlers.shutdownNow();
        webhooks.close();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Invocation> left = new ArrayList<>(live);
        for (Invocation invocation : left) {
            closedFirst(invocation);
        }
        deadLetters.close(); // writes what is queued
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
