package dev.monitor.core.health.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.health.HealthCheck;
import dev.monitor.api.health.HealthResult;
import dev.monitor.api.health.Status;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.AlarmStateChange;
import dev.monitor.core.events.internal.EventIds;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.health.CheckOptions;
import dev.monitor.core.health.CheckStatus;
import dev.monitor.core.health.ComponentStatus;
import dev.monitor.core.health.DayStatus;
import dev.monitor.core.health.DependencyRates;
import dev.monitor.core.health.HealthEvent;
import dev.monitor.core.health.HealthService;
import dev.monitor.core.health.HealthSettings;
import dev.monitor.core.health.MaintenanceWindow;
import dev.monitor.core.health.StatusChange;
import dev.monitor.core.internal.InternalErrors;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Not API: the runtime behind {@code monitor.health()}.
 *
 * <p>A tick (on the scheduler's I/O lane: it writes the health files) hands every due check to one
 * of {@value #WORKERS} check threads and marks DOWN every run older than its check's timeout, on
 * the monitor's clock. A check that hangs therefore holds one worker, not the tick nor the other
 * checks; it does not run again until its stuck run ends. Results, alarm changes and dependency
 * rates all go through {@link #recompute}, under this engine's lock, which writes each component's
 * status change and the events it opens or closes, then puts the events on the bus.
 */
public final class HealthEngine implements HealthService, AutoCloseable {
    static final int WORKERS = 4;
    private static final int QUEUED_RUNS = 256;
    /** How often, at most, the traces are asked for dependencies' rates: building the service graph is not free. */
    static final Duration DEPENDENCY_EVERY = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the engine needs from the monitor. */
    public record Context(Clock clock, String account, String region, DataLayout layout, Metrics self, Consumer<String> bus,
                          DependencyRates dependencies, Supplier<Map<String, Integer>> exporterBacklog, int backlogCapacity) {
    }

    private final HealthSettings settings;
    private final Context context;
    private final Clock clock;
    private final HealthStore store;
    private final EventBook events;
    private final ComponentBoard board = new ComponentBoard();
    private final Map<String, CheckRun> checks = new LinkedHashMap<>();
    private final Map<String, HealthSettings.AlarmBinding> bindings = new LinkedHashMap<>();
    private final java.util.Set<String> inAlarm = new java.util.LinkedHashSet<>();
    private final Map<String, Verdict> dependencyVerdicts = new LinkedHashMap<>();
    private final List<MaintenanceWindow> maintenance = new ArrayList<>();
    private final List<Consumer<StatusChange>> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor workers;
    private final InternalErrors errors;
    private Instant lastDependencyCheck;
    private LocalDate snapshotDay;
    private ScheduledFuture<?> ticking;
    private boolean closed;

    public HealthEngine(HealthSettings settings, Context context) {
        this.settings = settings;
        this.context = context;
        this.clock = context.clock();
        this.store = new HealthStore(context.layout(), settings.retention());
        this.errors = new InternalErrors(context.self(), HealthEngine.class).register("monitor-health");
        List<HealthEvent> stored;
        try {
            stored = new HealthFiles(context.layout()).events();
        } catch (RuntimeException e) {
            errors.report("monitor-health", e, "the health events under {} cannot be read; health starts without them",
                    context.layout().health());
            stored = List.of();
        }
        this.events = new EventBook(context.account(), context.region(), stored);
        settings.alarms().forEach(bindings::put);
        maintenance.addAll(settings.maintenance());
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUED_RUNS), task -> {
            Thread thread = new Thread(task, "monitor-health-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        workers.allowCoreThreadTimeOut(true);
        registerBuiltins(settings.builtins());
        for (HealthSettings.ConfiguredCheck check : settings.checks()) {
            register(check.name(), check.options(), check.type().equals("http")
                    ? BuiltinChecks.http(java.net.URI.create(check.target()), check.options().timeout())
                    : BuiltinChecks.tcp(check.target(), check.options().timeout()));
        }
    }

    private void registerBuiltins(HealthSettings.Builtins builtins) {
        CheckOptions options = CheckOptions.defaults().withComponent("monitor").withInterval(Duration.ofSeconds(30));
        if (builtins.diskSpace()) {
            register("disk-space", options, BuiltinChecks.diskSpace(context.layout().root(), builtins.minFreeBytes()));
        }
        if (builtins.heap()) {
            register("heap", options.withGroups(CheckOptions.LIVENESS, CheckOptions.READINESS),
                    BuiltinChecks.heap(builtins.degradedAfterGc(), builtins.maxUsedAfterGc()));
        }
        if (builtins.deadlocks()) {
            register("deadlocks", options.withGroups(CheckOptions.LIVENESS), BuiltinChecks.deadlocks());
        }
        if (builtins.exporterBacklog() && context.exporterBacklog() != null) {
            register("exporter-backlog", options, BuiltinChecks.exporterBacklog(context.exporterBacklog(), builtins.maxBacklog(),
                    context.backlogCapacity()));
        }
    }

    /** Ticks every {@link HealthSettings#tick()} on {@code lane} (none when it is zero: the caller ticks). */
    public void start(java.util.concurrent.ScheduledExecutorService lane) {
        if (!settings.tick().isZero()) {
            ticking = lane.scheduleWithFixedDelay(this::tick, 0, settings.tick().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The settings it runs with. */
    public HealthSettings settings() {
        return settings;
    }

    @Override
    public synchronized Subscription register(String name, CheckOptions options, HealthCheck check) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(check, "check");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a health check needs a name");
        }
        if (checks.containsKey(name)) {
            throw new IllegalArgumentException("health check '" + name + "' is already registered");
        }
        CheckRun run = new CheckRun(name, options, check, clock.instant(), context.self().gauge("HealthStatus", "Check", name));
        checks.put(name, run);
        return Subscription.of(() -> {
            synchronized (this) {
                if (checks.remove(name) == run && run.running != null) {
                    run.running.cancel(true);
                }
                recompute(clock.instant());
            }
        });
    }

    /** Starts due checks, times out overdue ones, moves maintenance windows, asks the traces. Called by the tick. */
    public void tick() {
        Instant now = clock.instant();
        List<CheckRun> due = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            for (CheckRun run : checks.values()) {
                if (run.overdue(now)) {
                    run.abandoned = run.running;
                    run.running.cancel(true);
                    run.running = null;
                    run.generation++;
                    run.apply(HealthResult.down("did not answer within " + text(run.options.timeout())), now);
                }
                if (run.due(now)) {
                    due.add(run);
                }
            }
            for (CheckRun run : due) {
                start(run, now);
            }
            dependencies(now);
            publish(events.maintenance(maintenance, now), now);
            recompute(now);
            housekeeping(now);
        }
    }

    private void start(CheckRun run, Instant now) {
        long generation = ++run.generation;
        run.startedAt = now;
        run.nextRun = now.plus(run.options.interval());
        try {
            run.running = workers.submit(() -> finished(run, generation, runCheck(run)));
        } catch (RejectedExecutionException e) {
            run.running = null;
            run.apply(HealthResult.down("not run: " + QUEUED_RUNS + " check runs already wait for the " + WORKERS + " check threads"), now);
        }
    }

    private static HealthResult runCheck(CheckRun run) {
        try {
            HealthResult result = run.check.check();
            return result != null ? result : HealthResult.down("the check answered null");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthResult.down("interrupted");
        } catch (Exception | LinkageError | AssertionError e) {
            return HealthResult.down(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private synchronized void finished(CheckRun run, long generation, HealthResult result) {
        if (closed || run.generation != generation || checks.get(run.name) != run) {
            return; // timed out meanwhile, or removed: its answer comes too late
        }
        run.running = null;
        Instant now = clock.instant();
        run.apply(result, now);
        recompute(now);
    }

    /** Asks the traces for each dependency's calls over the window, at most every {@link #DEPENDENCY_EVERY}. */
    private void dependencies(Instant now) {
        DependencyRates rates = context.dependencies();
        HealthSettings.Dependencies limits = settings.dependencies();
        // a short window is asked more often, so that a dependency recovers on the page soon after its faults leave it
        Duration every = limits.window().dividedBy(5).compareTo(DEPENDENCY_EVERY) < 0 ? limits.window().dividedBy(5) : DEPENDENCY_EVERY;
        if (rates == null || lastDependencyCheck != null && Duration.between(lastDependencyCheck, now).compareTo(every) < 0) {
            return;
        }
        lastDependencyCheck = now;
        List<DependencyRates.Calls> calls;
        try {
            // the end is exclusive: a millisecond on, so that calls made at this very instant count
            calls = rates.dependencies(now.minus(limits.window()), now.plusMillis(1));
        } catch (RuntimeException e) {
            errors.report("monitor-health", e, "the traces could not be asked for dependencies' rates; asked again in {}", text(DEPENDENCY_EVERY));
            return;
        }
        dependencyVerdicts.replaceAll((name, verdict) -> new Verdict(Status.UP, null, Verdict.Cause.DEPENDENCY, List.of()));
        for (DependencyRates.Calls call : calls) {
            dependencyVerdicts.put(call.name(), verdict(call, limits));
        }
    }

    static Verdict verdict(DependencyRates.Calls call, HealthSettings.Dependencies limits) {
        if (call.total() < limits.minCalls()) {
            return new Verdict(Status.UP, null, Verdict.Cause.DEPENDENCY, List.of());
        }
        double faults = (double) call.faults() / call.total();
        double throttles = (double) call.throttles() / call.total();
        String window = text(limits.window());
        if (faults > limits.faultRate()) {
            return new Verdict(Status.DEGRADED, String.format(java.util.Locale.ROOT, "%.0f%% of calls faulted (%d of %d in the last %s, above %.0f%%)",
                    faults * 100, call.faults(), call.total(), window, limits.faultRate() * 100), Verdict.Cause.DEPENDENCY, call.callers());
        }
        if (throttles > limits.throttleRate()) {
            return new Verdict(Status.DEGRADED, String.format(java.util.Locale.ROOT, "%.0f%% of calls throttled (%d of %d in the last %s, above %.0f%%)",
                    throttles * 100, call.throttles(), call.total(), window, limits.throttleRate() * 100), Verdict.Cause.DEPENDENCY,
                    call.callers());
        }
        return new Verdict(Status.UP, null, Verdict.Cause.DEPENDENCY, List.of());
    }

    /** Takes an alarm's state change (every alarm's: one may be bound later): a bound alarm in ALARM marks its component. */
    public synchronized void alarmChanged(AlarmStateChange change) {
        if (closed) {
            return;
        }
        if (change.current().value() == AlarmState.ALARM) {
            inAlarm.add(change.alarmName());
        } else {
            inAlarm.remove(change.alarmName());
        }
        recompute(clock.instant());
    }

    @Override
    public synchronized Subscription bindAlarm(String alarmName, String component, Status status) {
        HealthSettings.AlarmBinding binding = new HealthSettings.AlarmBinding(component, status);
        bindings.put(Objects.requireNonNull(alarmName, "alarmName"), binding);
        recompute(clock.instant());
        return Subscription.of(() -> {
            synchronized (this) {
                bindings.remove(alarmName, binding);
                recompute(clock.instant());
            }
        });
    }

    /** Each component's verdict from its sources; what changed is written, told and may open or close an issue. */
    private void recompute(Instant now) {
        List<CheckStatus> states = checks.values().stream().map(run -> run.state).toList();
        Map<String, Verdict> verdicts = ComponentBoard.verdicts(states, bindings, inAlarm, dependencyVerdicts);
        List<StatusChange> changes = board.update(verdicts, now);
        for (StatusChange change : changes) {
            try {
                store.change(change);
            } catch (IOException e) {
                errors.report("monitor-health", e, "a status change could not be written under {}; the health goes on", context.layout().health());
            }
        }
        List<HealthEvent> changed = new ArrayList<>();
        verdicts.forEach((component, verdict) -> changed.addAll(events.component(component, verdict, now)));
        publish(changed, now);
        for (StatusChange change : changes) {
            for (Consumer<StatusChange> listener : listeners) {
                try {
                    listener.accept(change);
                } catch (RuntimeException e) {
                    errors.report("monitor-health", e, "a health listener failed; the others are still called");
                }
            }
        }
    }

    /** Writes each version and puts it on the bus as an "AWS Health Event". */
    private void publish(List<HealthEvent> versions, Instant now) {
        for (HealthEvent event : versions) {
            try {
                store.event(event, now);
            } catch (IOException e) {
                errors.report("monitor-health", e, "health event {} could not be written; the health goes on", event.arn());
            }
            if (context.bus() != null) {
                context.bus().accept(envelope(event, now));
            }
        }
    }

    /** The EventBridge envelope of an AWS Health event (https://docs.aws.amazon.com/health/latest/ug/aws-health-events-eventbridge-schema.html). */
    String envelope(HealthEvent event, Instant now) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", EventIds.next());
        envelope.put("detail-type", "AWS Health Event");
        envelope.put("source", "aws.health");
        envelope.put("account", context.account());
        envelope.put("time", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
        envelope.put("region", context.region());
        ArrayNode resources = envelope.putArray("resources");
        event.entities().forEach(entity -> resources.add(entity.entityValue()));
        envelope.set("detail", HealthEventJson.toBusDetail(event, context.account()));
        return envelope.toString();
    }

    /** At each new UTC day: a snapshot of every component, so the day's colour outlives older files, then retention. */
    private void housekeeping(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        if (today.equals(snapshotDay)) {
            return;
        }
        snapshotDay = today;
        try {
            for (ComponentStatus status : board.statuses()) {
                store.snapshot(now, status.component(), status.status(), status.reason());
            }
            events.prune(now.minus(settings.retention()));
            store.prune(now, events.live());
        } catch (IOException e) {
            errors.report("monitor-health", e, "the health files under {} could not be kept; the health goes on", context.layout().health());
        }
    }

    @Override
    public synchronized Status status() {
        return aggregate(null);
    }

    @Override
    public synchronized Status status(String group) {
        return aggregate(Objects.requireNonNull(group, "group"));
    }

    private Status aggregate(String group) {
        List<Status> statuses = checks.values().stream().filter(run -> group == null || run.options.groups().contains(group))
                .map(run -> run.state.status()).toList();
        return statuses.isEmpty() ? Status.UP : Status.worstOf(statuses);
    }

    @Override
    public synchronized List<CheckStatus> checks() {
        return checks.values().stream().map(run -> run.state).toList();
    }

    @Override
    public synchronized List<ComponentStatus> components() {
        return board.statuses();
    }

    @Override
    public synchronized HealthEvent scheduleMaintenance(MaintenanceWindow window) {
        maintenance.add(Objects.requireNonNull(window, "window"));
        Instant now = clock.instant();
        List<HealthEvent> made = events.maintenance(List.of(window), now);
        publish(made, now);
        return made.isEmpty() ? null : made.get(0);
    }

    @Override
    public synchronized HealthEvent notify(String component, String description) {
        Objects.requireNonNull(component, "component");
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("a notification about '" + component + "' needs a description");
        }
        Instant now = clock.instant();
        HealthEvent event = events.notification(component, description, now);
        publish(List.of(event), now);
        return event;
    }

    @Override
    public synchronized boolean closeEvent(String arn) {
        Instant now = clock.instant();
        HealthEvent closedEvent = events.close(arn, now);
        if (closedEvent == null) {
            return false;
        }
        publish(List.of(closedEvent), now);
        return true;
    }

    @Override
    public synchronized List<HealthEvent> events() {
        return events.all();
    }

    @Override
    public Map<String, List<DayStatus>> history(int days) {
        return new HealthFiles(context.layout()).history(LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC), days);
    }

    @Override
    public Subscription onChange(Consumer<StatusChange> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return Subscription.of(() -> listeners.remove(listener));
    }

    /** The data layout it writes to. */
    public DataLayout layout() {
        return context.layout();
    }

    public Clock clock() {
        return clock;
    }

    /** Stops ticking and interrupts the checks still running. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (ticking != null) {
                ticking.cancel(false);
            }
        }
        workers.shutdownNow();
    }

    static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

}
