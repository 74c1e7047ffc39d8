package dev.monitor.core.alarms.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.alarms.AlarmAction;
import dev.monitor.core.alarms.AlarmActionProvider;
import dev.monitor.core.alarms.AlarmDefinition;
import dev.monitor.core.alarms.AlarmHistoryItem;
import dev.monitor.core.alarms.AlarmService;
import dev.monitor.core.alarms.AlarmSettings;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.AlarmStateChange;
import dev.monitor.core.alarms.AlarmStatus;
import dev.monitor.core.alarms.BandPoint;
import dev.monitor.core.alarms.CompositeAlarm;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.MetricStat;
import dev.monitor.core.alarms.Topic;
import dev.monitor.core.export.UsageMeter;
import dev.monitor.core.metrics.Datapoint;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The runtime behind {@link AlarmService}: {@code Monitor} makes one, feeds it each collection's
 * datapoints ({@link #record}), has it {@link #evaluate} after each collection, and closes it.
 * Not API: users get the {@link AlarmService} interface and never call these.
 *
 * <p>It wires the parts and owns the lock and the state machine (what a transition records and
 * whom it tells): {@link AlarmStore} keeps the definitions and their rules, {@link MetricEvaluator}
 * evaluates metric alarms per period, {@link CompositeEvaluator} the composites,
 * {@link ActionDispatcher} runs actions, topics and listeners, {@link AlarmHistory} keeps each
 * alarm's history. Thread-safe: definitions and evaluation share this object's lock; actions run
 * on the dispatcher's threads.
 */
public final class AlarmEngine implements AlarmService, AutoCloseable {
    private static final int ACTION_ATTEMPTS = 3;
    private static final int ACTION_QUEUE = 1000;

    private final Clock clock;
    private final String account;
    private final String region;
    private final String arnPrefix;
    private final AlarmStore store = new AlarmStore();
    private final MetricEvaluator metrics;
    private final ActionDispatcher dispatcher;
    private final CompositeEvaluator composites;

    /**
     * @param recentDatapoints the datapoints still in memory, to seed a new alarm's periods
     * @param self             where the action runner's own metrics go
     */
    public AlarmEngine(Clock clock, String account, String region, Supplier<List<Datapoint>> recentDatapoints,
                       Metrics self) {
        this(clock, account, region, recentDatapoints, self, UsageMeter.NONE);
    }

    /** With the meter that ARN actions report their billable calls to (SNS publishes, Lambda invocations, OpsItems). */
    public AlarmEngine(Clock clock, String account, String region, Supplier<List<Datapoint>> recentDatapoints,
                       Metrics self, UsageMeter actionUsage) {
        this(clock, account, region, recentDatapoints, self, Duration.ofSeconds(10), Duration.ofMillis(200), installedProviders(),
                actionUsage);
    }

    /**
     * With the time an action attempt may take and the wait before its first retry (it doubles); the
     * providers of ARN actions are those {@link ServiceLoader} finds with this class's loader.
     */
    public AlarmEngine(Clock clock, String account, String region, Supplier<List<Datapoint>> recentDatapoints,
                       Metrics self, Duration actionTimeout, Duration firstBackoff) {
        this(clock, account, region, recentDatapoints, self, actionTimeout, firstBackoff, installedProviders());
    }

    /** With the providers that act on ARN actions given. */
    public AlarmEngine(Clock clock, String account, String region, Supplier<List<Datapoint>> recentDatapoints,
                       Metrics self, Duration actionTimeout, Duration firstBackoff, List<AlarmActionProvider> providers) {
        this(clock, account, region, recentDatapoints, self, actionTimeout, firstBackoff, providers, UsageMeter.NONE);
    }

    private AlarmEngine(Clock clock, String account, String region, Supplier<List<Datapoint>> recentDatapoints,
                        Metrics self, Duration actionTimeout, Duration firstBackoff, List<AlarmActionProvider> providers,
                        UsageMeter actionUsage) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.account = account;
        this.region = region;
        this.arnPrefix = "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:";
        this.metrics = new MetricEvaluator(recentDatapoints);
        this.dispatcher = new ActionDispatcher(new ActionRunner(ACTION_ATTEMPTS, actionTimeout, firstBackoff,
                ACTION_QUEUE, self), providers, new AlarmActionProvider.Context(account, region, clock, self, actionUsage));
        this.composites = new CompositeEvaluator(store, dispatcher, arnPrefix);
    }

    /**
     * The ARN action providers on the class path; one that fails to load is logged and skipped,
     * so that a broken module costs its own actions only.
     */
    static List<AlarmActionProvider> installedProviders() {
        List<AlarmActionProvider> found = new ArrayList<>();
        Iterator<AlarmActionProvider> it = ServiceLoader.load(AlarmActionProvider.class, AlarmEngine.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return found;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                LoggerFactory.getLogger(AlarmEngine.class).warn("an alarm action provider could not be loaded; its ARNs are refused", e);
            }
        }
    }

    /**
     * Registers the settings' actions and creates their alarms, as {@link AlarmSettings#applyTo} does.
     *
     * @return the problems, each prefixed with where the definition came from
     */
    public List<String> apply(AlarmSettings settings, Path dataDir) {
        return settings.applyTo(this, dataDir);
    }

    // ------------------------------------------------------------------ definitions

    @Override
    public MetricAlarm putMetricAlarm(MetricAlarm alarm) {
        return putMetricAlarm(alarm, List.of());
    }

    @Override
    public synchronized MetricAlarm putMetricAlarm(MetricAlarm alarm, List<Datapoint> history) {
        Objects.requireNonNull(alarm, "alarm");
        Objects.requireNonNull(history, "history");
        dispatcher.checkRegistered(alarm.name(), alarm.actions(), false);
        MetricEntry existing = store.replacedBy(alarm);
        MetricEntry entry = new MetricEntry(alarm);
        Instant now = clock.instant();
        entry.configured = now;
        long second = now.getEpochSecond();
        // A dry run types the expressions: the alarm must compare one series (and a band).
        metrics.start(entry, history, Math.floorDiv(second, alarm.periodSeconds()) * alarm.periodSeconds(), now);
        if (existing != null) {
            metrics.stop(existing);
            entry.replace(existing);
        } else {
            entry.updated = now;
            entry.history = new AlarmHistory(alarm.name(), clock, HISTORY_LIMIT);
        }
        entry.nextEvaluation = Math.floorDiv(second, entry.interval) * entry.interval + entry.interval;
        store.put(entry);
        entry.history.add("ConfigurationUpdate", "Alarm \"" + alarm.name() + "\" " + (existing == null ? "created" : "updated"), null);
        return alarm;
    }

    @Override
    public synchronized CompositeAlarm putCompositeAlarm(CompositeAlarm alarm) {
        Objects.requireNonNull(alarm, "alarm");
        dispatcher.checkRegistered(alarm.name(), alarm.actions(), true);
        CompositeEntry entry = store.check(alarm);
        AlarmEntry existing = store.put(entry);
        entry.configured = clock.instant();
        if (existing != null) {
            entry.replace(existing);
        } else {
            entry.updated = clock.instant();
            entry.history = new AlarmHistory(alarm.name(), clock, HISTORY_LIMIT);
        }
        entry.history.add("ConfigurationUpdate", "Alarm \"" + alarm.name() + "\" " + (existing == null ? "created" : "updated"), null);
        return alarm;
    }

    @Override
    public synchronized void deleteAlarms(String... names) {
        for (AlarmEntry removed : store.delete(names)) {
            if (removed instanceof MetricEntry metric) {
                metrics.stop(metric);
            }
        }
    }

    @Override
    public void registerAction(String name, AlarmAction action) {
        dispatcher.registerAction(name, action);
    }

    @Override
    public Topic topic(String name) {
        return dispatcher.topic(name);
    }

    @Override
    public Subscription onStateChange(Consumer<AlarmStateChange> listener) {
        return dispatcher.onStateChange(listener);
    }

    // ------------------------------------------------------------------ queries and controls

    @Override
    public synchronized Optional<AlarmStatus> describe(String name) {
        return Optional.ofNullable(store.get(name)).map(AlarmEngine::status);
    }

    @Override
    public synchronized List<AlarmStatus> describeAll() {
        return store.all().stream().map(AlarmEngine::status).toList();
    }

    @Override
    public synchronized Optional<AlarmDefinition> definition(String name) {
        return Optional.ofNullable(store.get(name)).map(AlarmEntry::definition);
    }

    @Override
    public synchronized List<BandPoint> band(String name, Instant from, Instant to) {
        if (!(store.get(name) instanceof MetricEntry entry) || entry.alarm.thresholdMetricId() == null) {
            return List.of();
        }
        long period = entry.alarm.periodSeconds();
        // The periods that start in [from, to): the first at or after from, the last before to.
        long fromSecond = from.getEpochSecond() + (from.getNano() == 0 ? 0 : 1);
        long lastSecond = to.getEpochSecond() - (to.getNano() == 0 ? 1 : 0);
        long last = Math.floorDiv(lastSecond, period) * period;
        long first = Math.max(Math.floorDiv(fromSecond + period - 1, period) * period, last - (MAX_BAND_POINTS - 1) * period);
        if (last < first) {
            return List.of();
        }
        long[] starts = new long[(int) ((last - first) / period) + 1];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = first + i * period;
        }
        double[][] band = metrics.band(entry, starts);
        List<BandPoint> points = new ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            if (!Double.isNaN(band[0][i]) && !Double.isNaN(band[1][i])) {
                points.add(new BandPoint(Instant.ofEpochSecond(starts[i]), band[0][i], band[1][i]));
            }
        }
        return points;
    }

    private static AlarmStatus status(AlarmEntry entry) {
        entry.word();
        return new AlarmStatus(entry.name(), entry.state, entry.reason, entry.reasonData, entry.updated,
                entry.actionsEnabled, entry instanceof CompositeEntry c ? c.suppressedBy : null);
    }

    @Override
    public List<AlarmHistoryItem> history(String name) {
        AlarmEntry entry;
        synchronized (this) {
            entry = store.get(name);
        }
        return entry == null ? List.of() : entry.history.newestFirst();
    }

    @Override
    public synchronized void setAlarmState(String name, AlarmState state, String reason) {
        AlarmEntry entry = store.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("there is no alarm named '" + name + "'");
        }
        transition(entry, Objects.requireNonNull(state, "state"), Objects.requireNonNull(reason, "reason"), null,
                clock.instant());
    }

    @Override
    public synchronized void enableActions(String... names) {
        setActionsEnabled(true, names);
    }

    @Override
    public synchronized void disableActions(String... names) {
        setActionsEnabled(false, names);
    }

    private void setActionsEnabled(boolean enabled, String... names) {
        for (String name : names) {
            AlarmEntry entry = store.get(name);
            if (entry != null) {
                entry.actionsEnabled = enabled;
            }
        }
    }

    @Override
    public boolean awaitActions(Duration timeout) {
        return dispatcher.awaitIdle(timeout);
    }

    // ------------------------------------------------------------------ the engine

    /** Takes one collection's datapoints; the monitor's collector calls this. */
    public synchronized void record(List<Datapoint> datapoints) {
        metrics.record(datapoints);
    }

    /** Records one raw value of a metric, as a replay does. */
    public synchronized void record(MetricStat metric, Instant timestamp, double value) {
        metrics.record(metric, timestamp, value);
    }

    /**
     * Evaluates every alarm that is due at the clock's time now, then the composite alarms; the
     * monitor's collector calls this after each collection.
     */
    public synchronized void evaluate() {
        Instant now = clock.instant();
        long second = now.getEpochSecond();
        for (AlarmEntry entry : List.copyOf(store.all())) {
            if (entry instanceof MetricEntry metric && second >= metric.nextEvaluation) {
                int period = metric.alarm.periodSeconds();
                evaluateAndApply(metric, Math.floorDiv(second, period) * period, now);
                metric.nextEvaluation = Math.floorDiv(second, metric.interval) * metric.interval + metric.interval;
            }
        }
        composites.evaluate(now, this::transition);
        metrics.prune(second);
    }

    /**
     * Evaluates one metric alarm as if at {@code end}, the end of its newest period, as a replay does.
     *
     * @throws IllegalArgumentException when there is no metric alarm of that name
     */
    public synchronized AlarmStatus evaluate(String name, long end) {
        if (!(store.get(name) instanceof MetricEntry entry)) {
            throw new IllegalArgumentException("there is no metric alarm named '" + name + "'");
        }
        evaluateAndApply(entry, end, clock.instant());
        return status(entry);
    }

    /** Puts an alarm in a state without a transition: the state a replay starts from. */
    public synchronized void startIn(String name, AlarmState state) {
        store.get(name).state = Objects.requireNonNull(state, "state");
    }

    private void evaluateAndApply(MetricEntry entry, long end, Instant now) {
        Reasons.Seen seen;
        try {
            seen = metrics.evaluate(entry, end, now);
        } catch (RuntimeException e) {
            entry.history.add("StateUpdate", "Evaluation failed: " + e.getMessage(), null);
            return;
        }
        if (seen == null) {
            return;
        }
        AlarmState state = seen.outcome().state();
        if (state == null) {
            return;
        }
        if (state == entry.state) {
            // Like StateUpdatedTimestamp in CloudWatch, the reason follows the data without a
            // transition; it is worded only when someone reads it.
            entry.unworded = seen;
            repeatActions(entry, now);
            return;
        }
        transition(entry, state, Reasons.text(seen), Reasons.data(seen), now);
    }

    /** Runs the actions that repeat while the alarm stays in its state (scaling). */
    private void repeatActions(AlarmEntry entry, Instant now) {
        if (!entry.actionsEnabled || entry.actions().get(entry.state).isEmpty()) {
            return;
        }
        entry.word();
        AlarmStateChange.State current = new AlarmStateChange.State(entry.state, entry.reason, entry.reasonData, now);
        dispatcher.runActions(entry, new AlarmStateChange(entry.definition(), arnPrefix + entry.name(), account, region,
                current, current, true, entry.configured), true);
    }

    /** Moves an alarm to {@code state}: records it, tells the listeners, and runs (or holds) its actions. */
    private void transition(AlarmEntry entry, AlarmState state, String reason, String reasonData, Instant now) {
        if (state == entry.state) {
            return;
        }
        entry.word();
        composites.changed(entry.name(), entry.state);
        AlarmStateChange.State previous = new AlarmStateChange.State(entry.state, entry.reason, entry.reasonData,
                entry.updated);
        entry.state = state;
        entry.unworded = null;
        entry.reason = reason;
        entry.reasonData = reasonData;
        entry.updated = now;
        AlarmStateChange.State current = new AlarmStateChange.State(state, reason, reasonData, now);
        AlarmStateChange change = new AlarmStateChange(entry.definition(), arnPrefix + entry.name(), account, region,
                previous, current, false, entry.configured);
        ObjectNode data = AlarmJson.JSON.createObjectNode();
        data.put("version", "1.0");
        data.putObject("oldState").put("stateValue", previous.value().apiName()).put("stateReason", previous.reason());
        ObjectNode newState = data.putObject("newState").put("stateValue", state.apiName()).put("stateReason", reason);
        if (reasonData != null) {
            newState.put("stateReasonData", reasonData);
        }
        entry.history.add("StateUpdate", "Alarm updated from " + previous.value() + " to " + state, AlarmJson.write(data));
        dispatcher.notifyListeners(entry, change);
        if (entry instanceof CompositeEntry composite && composites.hold(composite, change, now)) {
            return;
        }
        dispatcher.runActions(entry, change, false);
    }

    /** Stops the action threads, then closes the registered actions that hold resources (webhook clients). */
    @Override
    public void close() {
        dispatcher.close();
    }
}
