package dev.monitor.core.alarms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.Subscription;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.metrics.Datapoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * CloudWatch alarms over a monitor's metrics: metric alarms (on one metric or on metric math,
 * with fixed thresholds or anomaly detection bands), composite alarms, their state history, and
 * the actions they run. Get it from {@code Monitor.alarms()}.
 *
 * <p>Each metric alarm is evaluated on the monitor's clock at the end of every period (every
 * 10 seconds for periods under a minute) with CloudWatch's algorithm; see {@link Evaluation}.
 * Actions run on their own threads with retries and a timeout, so a slow action never delays
 * evaluation. Every state change is also handed to {@link #onStateChange} listeners.
 *
 * <p>Thread-safe.
 */
public final class Alarms implements AutoCloseable {
    /** How many history items each alarm keeps; older ones are dropped. */
    public static final int HISTORY_LIMIT = 100;
    private static final DateTimeFormatter COMPOSITE_TIME =
            DateTimeFormatter.ofPattern("EEEE dd MMMM, yyyy HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final String account;
    private final String region;
    private final Supplier<List<Datapoint>> recentDatapoints;
    private final ActionRunner runner;
    private final PeriodStore store = new PeriodStore();
    private final Map<ModelKey, AnomalyModel> models = new HashMap<>();
    /** The alarms that changed state since composites were last evaluated: their state before, in order of change. */
    private final LinkedHashMap<String, AlarmState> changedSinceComposites = new LinkedHashMap<>();
    /** How many alarms use each model's metric; a model is dropped when none does. */
    private final Map<ModelKey, Integer> modelUsers = new HashMap<>();
    /** How many composite rules name each alarm (CloudWatch allows 150): deletes check only what is used. */
    private final Map<String, Integer> ruleUses = new HashMap<>();
    /** How many composite alarms each alarm suppresses the actions of. */
    private final Map<String, Integer> suppressorUses = new HashMap<>();
    /** The recent datapoints by metric, made when an alarm first needs them and dropped at the next collection. */
    private Map<MetricStat.MetricKey, List<Datapoint>> recentByMetric;
    private final Map<String, Entry> alarms = new LinkedHashMap<>();
    private final Map<String, AlarmAction> actions = new ConcurrentHashMap<>();
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final List<Consumer<AlarmStateChange>> listeners = new CopyOnWriteArrayList<>();

    private record ModelKey(MetricStat.MetricKey metric, int periodSeconds, Statistic stat) {
    }

    /**
     * Monitor creates one of these; use {@code Monitor.alarms()}.
     *
     * @param recentDatapoints the datapoints still in memory, to seed a new alarm's periods
     * @param self             where the action runner's own metrics go
     */
    public Alarms(Clock clock, String account, String region, Supplier<List<Datapoint>> recentDatapoints,
                  Metrics self) {
        this(clock, account, region, recentDatapoints, self, Duration.ofSeconds(10), Duration.ofMillis(200));
    }

    Alarms(Clock clock, String account, String region, Supplier<List<Datapoint>> recentDatapoints, Metrics self,
           Duration actionTimeout, Duration firstBackoff) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.account = account;
        this.region = region;
        this.recentDatapoints = recentDatapoints;
        this.runner = new ActionRunner(3, actionTimeout, firstBackoff, 1000, self);
    }

    // ------------------------------------------------------------------ definitions

    /**
     * Creates or replaces a metric alarm. A replaced alarm keeps its state, as in CloudWatch.
     *
     * @throws IllegalArgumentException when it names an action that is not registered, or its
     *                                  expression does not give one time series
     */
    public synchronized MetricAlarm putMetricAlarm(MetricAlarm alarm) {
        Objects.requireNonNull(alarm, "alarm");
        checkActions(alarm.name(), alarm.actions());
        Entry existing = alarms.get(alarm.name());
        if (existing instanceof CompositeEntry) {
            throw new IllegalArgumentException("alarm '" + alarm.name() + "' is a composite alarm; delete it first");
        }
        MetricEntry entry = new MetricEntry(alarm);
        int range = Evaluation.rangeLength(alarm.evaluationPeriods());
        long keep = (long) (range + 1) * alarm.periodSeconds();
        for (MetricDataQuery query : entry.queries) {
            if (query.metricStat() != null) {
                MetricStat.MetricKey key = query.metricStat().key();
                PeriodStore.Watch watch = store.watch(key, query.metricStat().periodSeconds(),
                        query.metricStat().stat().needsValues(), keep);
                if (watch.periods.isEmpty()) {
                    recentOf(key).forEach(store::record);
                }
                entry.watches.put(query.id(), watch);
            } else {
                entry.expressions.put(query.id(), MetricMath.parse(query.expression()));
            }
        }
        long now = clock.instant().getEpochSecond();
        try {
            // A dry run types the expressions: the alarm must compare one series (and a band).
            evaluateAt(entry, Math.floorDiv(now, alarm.periodSeconds()) * alarm.periodSeconds(), clock.instant());
        } catch (IllegalArgumentException e) {
            unwatch(entry);
            dropUnusedModels(entry);
            throw new IllegalArgumentException("alarm '" + alarm.name() + "': " + e.getMessage(), e);
        }
        useModels(entry, 1);
        if (existing != null) {
            unwatch((MetricEntry) existing);
            useModels((MetricEntry) existing, -1);
            entry.copyStateFrom(existing);
        } else {
            entry.updated = clock.instant();
        }
        entry.nextEvaluation = Math.floorDiv(now, entry.interval) * entry.interval + entry.interval;
        alarms.put(alarm.name(), entry);
        history(entry, "ConfigurationUpdate", "Alarm \"" + alarm.name() + "\" " + (existing == null ? "created" : "updated"), null);
        return alarm;
    }

    /** The datapoints in memory of one metric: indexed once for every alarm put between two collections. */
    private List<Datapoint> recentOf(MetricStat.MetricKey key) {
        if (recentByMetric == null) {
            recentByMetric = new HashMap<>();
            if (recentDatapoints != null) {
                for (Datapoint d : recentDatapoints.get()) {
                    recentByMetric.computeIfAbsent(new MetricStat.MetricKey(d.metric().namespace(), d.metric().name(),
                            d.metric().dimensions()), k -> new ArrayList<>()).add(d);
                }
            }
        }
        return recentByMetric.getOrDefault(key, List.of());
    }

    /**
     * Creates or replaces a composite alarm.
     *
     * @throws IllegalArgumentException when its rule names an alarm that does not exist, when it
     *                                  would make a cycle of composite alarms (the cycle is named),
     *                                  or when an alarm would be in more than 150 rules
     */
    public synchronized CompositeAlarm putCompositeAlarm(CompositeAlarm alarm) {
        Objects.requireNonNull(alarm, "alarm");
        checkActions(alarm.name(), alarm.actions());
        AlarmRule rule = AlarmRule.parse(alarm.rule());
        List<String> problems = new ArrayList<>();
        Entry existing = alarms.get(alarm.name());
        Set<String> before = existing instanceof CompositeEntry c ? c.rule.alarms() : Set.of();
        for (String child : rule.alarms()) {
            if (!alarms.containsKey(child) && !child.equals(alarm.name())) {
                problems.add("its rule names alarm '" + child + "', which does not exist");
            }
            int uses = ruleUses.getOrDefault(child, 0) - (before.contains(child) ? 1 : 0);
            if (uses >= 150) {
                problems.add("alarm '" + child + "' is already in 150 composite rules, CloudWatch's limit");
            }
        }
        if (alarm.actionsSuppressor() != null && !alarms.containsKey(alarm.actionsSuppressor())) {
            problems.add("its actions suppressor '" + alarm.actionsSuppressor() + "' does not exist");
        }
        if (existing instanceof MetricEntry) {
            problems.add("an alarm named '" + alarm.name() + "' is a metric alarm; delete it first");
        }
        // The alarms are acyclic, so a new cycle passes through this alarm; when no rule names it,
        // only its own rule can (ALARM(itself)), and nothing else is searched.
        String cycle = !ruleUses.containsKey(alarm.name())
                ? (rule.alarms().contains(alarm.name()) ? alarm.name() + " -> " + alarm.name() : null)
                : ExpressionGraph.cycle(Set.of(alarm.name()), name -> name.equals(alarm.name())
                ? List.copyOf(rule.alarms())
                : alarms.get(name) instanceof CompositeEntry c ? List.copyOf(c.rule.alarms()) : List.of());
        if (cycle != null) {
            problems.add("its rule would make a cycle of composite alarms: " + cycle);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("composite alarm '" + alarm.name() + "': " + String.join("; ", problems));
        }
        CompositeEntry entry = new CompositeEntry(alarm, rule);
        if (existing instanceof CompositeEntry old) {
            countUses(old, -1);
        }
        countUses(entry, 1);
        if (existing != null) {
            entry.copyStateFrom(existing);
        } else {
            entry.updated = clock.instant();
        }
        alarms.put(alarm.name(), entry);
        history(entry, "ConfigurationUpdate", "Alarm \"" + alarm.name() + "\" " + (existing == null ? "created" : "updated"), null);
        return alarm;
    }

    private void checkActions(String alarm, Map<AlarmState, List<String>> named) {
        for (List<String> list : named.values()) {
            for (String action : list) {
                if (!actions.containsKey(action) && !topics.containsKey(action)) {
                    throw new IllegalArgumentException("alarm '" + alarm + "' names action '" + action
                            + "', which is not registered; registered: " + actionNames());
                }
            }
        }
    }

    private List<String> actionNames() {
        List<String> names = new ArrayList<>(actions.keySet());
        names.addAll(topics.keySet());
        names.sort(null);
        return names;
    }

    /**
     * Deletes alarms.
     *
     * @throws IllegalArgumentException when a composite alarm that is not deleted too names one of them
     */
    public synchronized void deleteAlarms(String... names) {
        Set<String> deleting = Set.copyOf(List.of(names));
        boolean used = false;
        for (String name : deleting) {
            used |= ruleUses.containsKey(name) || suppressorUses.containsKey(name);
        }
        for (Entry entry : used ? alarms.values() : List.<Entry>of()) {
            if (entry instanceof CompositeEntry c && !deleting.contains(c.alarm.name())) {
                for (String child : c.rule.alarms()) {
                    if (deleting.contains(child)) {
                        throw usedBy(child, c);
                    }
                }
                if (c.alarm.actionsSuppressor() != null && deleting.contains(c.alarm.actionsSuppressor())) {
                    throw usedBy(c.alarm.actionsSuppressor(), c);
                }
            }
        }
        for (String name : deleting) {
            Entry removed = alarms.remove(name);
            if (removed instanceof MetricEntry metric) {
                unwatch(metric);
                useModels(metric, -1);
            } else if (removed instanceof CompositeEntry composite) {
                countUses(composite, -1);
            }
        }
    }

    private void countUses(CompositeEntry composite, int delta) {
        for (String child : composite.rule.alarms()) {
            ruleUses.merge(child, delta, (a, b) -> a + b == 0 ? null : a + b);
        }
        if (composite.alarm.actionsSuppressor() != null) {
            suppressorUses.merge(composite.alarm.actionsSuppressor(), delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    private static IllegalArgumentException usedBy(String name, CompositeEntry composite) {
        return new IllegalArgumentException("alarm '" + name + "' is used by composite alarm '"
                + composite.alarm.name() + "'; delete or change that first");
    }

    private static ModelKey modelKey(MetricStat stat) {
        return new ModelKey(stat.key(), stat.periodSeconds(), stat.stat());
    }

    /** Counts {@code delta} uses of the models of an alarm's metrics; a model no alarm uses is forgotten. */
    private void useModels(MetricEntry entry, int delta) {
        for (MetricDataQuery query : entry.queries) {
            if (query.metricStat() != null) {
                ModelKey key = modelKey(query.metricStat());
                Integer users = modelUsers.merge(key, delta, (a, b) -> a + b <= 0 ? null : a + b);
                if (users == null) {
                    models.remove(key);
                }
            }
        }
    }

    /** Forgets the models a refused alarm's dry run made that no alarm uses; each holds up to two weeks of periods. */
    private void dropUnusedModels(MetricEntry refused) {
        for (MetricDataQuery query : refused.queries) {
            if (query.metricStat() != null && !modelUsers.containsKey(modelKey(query.metricStat()))) {
                models.remove(modelKey(query.metricStat()));
            }
        }
    }

    private void unwatch(MetricEntry entry) {
        for (MetricDataQuery query : entry.queries) {
            PeriodStore.Watch watch = entry.watches.get(query.id());
            if (watch != null) {
                store.unwatch(query.metricStat().key(), watch);
            }
        }
        entry.watches.clear();
    }

    /**
     * Registers an action under {@code name}, for alarms to name in their actions. An action of
     * that name registered before (in code, or by the configuration file's {@code alarmActions}) is
     * replaced: the later registration wins, so code may give an action the file also declares.
     *
     * @throws IllegalArgumentException when the name is a topic's
     */
    public void registerAction(String name, AlarmAction action) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(name, "name");
        synchronized (actions) {
            if (topics.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is a topic; an action cannot have a topic's name");
            }
            AlarmAction replaced = actions.put(name, action);
            if (replaced != action && replaced instanceof AutoCloseable && !actions.containsValue(replaced)) {
                closeAction(replaced);
            }
        }
    }

    /** Closes an action that holds resources (a webhook's HTTP client), logging rather than throwing. */
    private static void closeAction(AlarmAction action) {
        if (action instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(Alarms.class).warn("closing alarm action {} failed", action, e);
            }
        }
    }

    /** The topic called {@code name}, created on first use; alarms name it in their actions as {@code name}. */
    public Topic topic(String name) {
        Objects.requireNonNull(name, "name");
        synchronized (actions) {
            if (actions.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is an action; a topic cannot have an action's name");
            }
            return topics.computeIfAbsent(name, Topic::new);
        }
    }

    /**
     * Calls {@code listener} with every state change, on Monitor's action threads. Closing the
     * returned handle removes it: state changes made after that do not reach it (closing twice
     * is harmless).
     */
    public Subscription onStateChange(Consumer<AlarmStateChange> listener) {
        Consumer<AlarmStateChange> added = Objects.requireNonNull(listener, "listener")::accept; // one per call
        listeners.add(added);
        return Subscription.of(() -> listeners.remove(added));
    }

    // ------------------------------------------------------------------ queries and controls

    public synchronized Optional<AlarmStatus> describe(String name) {
        return Optional.ofNullable(alarms.get(name)).map(this::status);
    }

    /** Every alarm's status, in the order the alarms were created. */
    public synchronized List<AlarmStatus> describeAll() {
        return alarms.values().stream().map(this::status).toList();
    }

    private AlarmStatus status(Entry entry) {
        entry.word();
        return new AlarmStatus(entry.name(), entry.state, entry.reason, entry.reasonData, entry.updated,
                entry.actionsEnabled, entry instanceof CompositeEntry c ? c.suppressedBy : null);
    }

    /** The alarm's history, newest first: at most {@link #HISTORY_LIMIT} items. */
    public List<AlarmHistoryItem> history(String name) {
        Entry entry;
        synchronized (this) {
            entry = alarms.get(name);
        }
        if (entry == null) {
            return List.of();
        }
        synchronized (entry.history) {
            List<AlarmHistoryItem> items = new ArrayList<>(entry.history);
            java.util.Collections.reverse(items);
            return items;
        }
    }

    /**
     * The alarm's history as DescribeAlarmHistory filters it: items of {@code type} (or every
     * type when null) with timestamps in {@code [from, to)}, newest first, at most {@code maxRecords}.
     */
    public List<AlarmHistoryItem> history(String name, String type, Instant from, Instant to, int maxRecords) {
        return history(name).stream()
                .filter(item -> type == null || item.type().equals(type))
                .filter(item -> !item.timestamp().isBefore(from) && item.timestamp().isBefore(to))
                .limit(maxRecords)
                .toList();
    }

    /**
     * Sets an alarm's state, as SetAlarmState does, to test its actions: they run as on a real
     * change. The state lasts until the next evaluation decides otherwise.
     *
     * @throws IllegalArgumentException when there is no such alarm
     */
    public synchronized void setAlarmState(String name, AlarmState state, String reason) {
        Entry entry = alarms.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("there is no alarm named '" + name + "'");
        }
        transition(entry, Objects.requireNonNull(state, "state"), Objects.requireNonNull(reason, "reason"), null,
                clock.instant());
    }

    /** Switches the alarms' actions on, as EnableAlarmActions does. */
    public synchronized void enableActions(String... names) {
        setActionsEnabled(true, names);
    }

    /** Switches the alarms' actions off; they still change state and notify listeners. */
    public synchronized void disableActions(String... names) {
        setActionsEnabled(false, names);
    }

    private void setActionsEnabled(boolean enabled, String... names) {
        for (String name : names) {
            Entry entry = alarms.get(name);
            if (entry != null) {
                entry.actionsEnabled = enabled;
            }
        }
    }

    /** Waits up to {@code timeout} for queued actions and listener calls to finish. */
    public boolean awaitActions(Duration timeout) {
        return runner.awaitIdle(timeout);
    }

    // ------------------------------------------------------------------ the engine

    /** Takes one collection's datapoints; the monitor's collector calls this. */
    public synchronized void record(List<Datapoint> datapoints) {
        recentByMetric = null;
        for (Datapoint datapoint : datapoints) {
            store.record(datapoint);
        }
    }

    /** Records one raw value of a metric, as the CLI's replay does. */
    synchronized void record(MetricStat.MetricKey key, Instant timestamp, double value) {
        store.record(key, timestamp.getEpochSecond(), 1, value, value, value,
                dev.monitor.core.metrics.Values.single(value));
    }

    /**
     * Evaluates every alarm that is due at the clock's time now, then the composite alarms; the
     * monitor's collector calls this after each collection.
     */
    public synchronized void evaluate() {
        Instant now = clock.instant();
        long second = now.getEpochSecond();
        for (Entry entry : List.copyOf(alarms.values())) {
            if (entry instanceof MetricEntry metric && second >= metric.nextEvaluation) {
                int period = metric.alarm.periodSeconds();
                evaluateAndApply(metric, Math.floorDiv(second, period) * period, now);
                metric.nextEvaluation = Math.floorDiv(second, metric.interval) * metric.interval + metric.interval;
            }
        }
        evaluateComposites(now);
        store.prune(second);
    }

    /** Evaluates one metric alarm as if at {@code end}, the end of its newest period; used by replays. */
    synchronized AlarmStatus evaluateNow(String name, long end) {
        MetricEntry entry = (MetricEntry) alarms.get(name);
        evaluateAndApply(entry, end, clock.instant());
        return status(entry);
    }

    synchronized void forceState(String name, AlarmState state) {
        alarms.get(name).state = state;
    }

    private void evaluateAndApply(MetricEntry entry, long end, Instant now) {
        Reasons.Seen seen;
        try {
            seen = evaluateAt(entry, end, now);
        } catch (RuntimeException e) {
            history(entry, "StateUpdate", "Evaluation failed: " + e.getMessage(), null);
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
    private void repeatActions(Entry entry, Instant now) {
        if (!entry.actionsEnabled || entry.actions().get(entry.state).isEmpty()) {
            return;
        }
        entry.word();
        AlarmStateChange.State current = new AlarmStateChange.State(entry.state, entry.reason, entry.reasonData, now);
        runActions(entry, new AlarmStateChange(entry.definition(), arn(entry.name()), account, region,
                current, current, true), true);
    }

    /** What the alarm sees over its evaluation range ending at {@code end}; null to leave it as it is. */
    private Reasons.Seen evaluateAt(MetricEntry entry, long end, Instant now) {
        MetricAlarm alarm = entry.alarm;
        int period = alarm.periodSeconds();
        int range = Evaluation.rangeLength(alarm.evaluationPeriods());
        long[] starts = new long[range];
        for (int i = 0; i < range; i++) {
            starts[i] = end - (long) (range - i) * period;
        }
        if (alarm.metric() != null) {
            PeriodStore.Watch watch = entry.watches.get("m1");
            Statistic stat = alarm.metric().stat();
            double[] values = new double[range];
            long[] sampleCounts = new long[range];
            for (int i = 0; i < range; i++) {
                Aggregate aggregate = watch.period(starts[i]);
                values[i] = aggregate == null ? Double.NaN : stat.of(aggregate);
                sampleCounts[i] = aggregate == null ? 0 : aggregate.sampleCount();
            }
            long newest = sampleCounts[range - 1];
            if (!alarm.evaluateLowSampleCountPercentile() && newest > 0 && stat.tooFewSamples(newest)) {
                return null;
            }
            return decide(alarm, starts, values, sampleCounts, null, null, now);
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        Map<String, long[]> counts = new HashMap<>();
        boolean tooFewSamples = false;
        for (MetricDataQuery query : entry.queries) {
            if (query.metricStat() == null) {
                continue;
            }
            PeriodStore.Watch watch = entry.watches.get(query.id());
            double[] values = new double[range];
            long[] sampleCounts = new long[range];
            for (int i = 0; i < range; i++) {
                Aggregate aggregate = watch.period(starts[i]);
                values[i] = aggregate == null ? Double.NaN : query.metricStat().stat().of(aggregate);
                sampleCounts[i] = aggregate == null ? 0 : aggregate.sampleCount();
            }
            long newest = sampleCounts[range - 1];
            if (!alarm.evaluateLowSampleCountPercentile() && newest > 0 && query.metricStat().stat().tooFewSamples(newest)) {
                tooFewSamples = true;
            }
            series.put(query.id(), values);
            counts.put(query.id(), sampleCounts);
        }
        double[] values;
        long[] sampleCounts;
        double[] lower = null;
        double[] upper = null;
        {
            MathContext context = new MathContext(entry, series, starts, end);
            MetricDataQuery compared = alarm.metrics().stream()
                    .filter(q -> q.returnData() && !q.id().equals(alarm.thresholdMetricId())).findFirst().orElseThrow();
            MetricMath.Value value = compared.metricStat() != null ? new MetricMath.Series(series.get(compared.id()))
                    : context.expression(compared.id());
            if (!(value instanceof MetricMath.Series result)) {
                throw new IllegalArgumentException("the expression of '" + compared.id()
                        + "' must give one time series, not " + describe(value));
            }
            values = result.values();
            sampleCounts = counts.get(compared.id());
            if (alarm.thresholdMetricId() != null) {
                MetricMath.Value band = context.expression(alarm.thresholdMetricId());
                if (!(band instanceof MetricMath.SeriesArray array) || array.series().size() != 2) {
                    throw new IllegalArgumentException("ThresholdMetricId '" + alarm.thresholdMetricId()
                            + "' must give an anomaly detection band, not " + describe(band));
                }
                upper = array.series().get(0).values();
                lower = array.series().get(1).values();
            }
        }
        if (tooFewSamples) {
            return null;
        }
        return decide(alarm, starts, values, sampleCounts, lower, upper, now);
    }

    private static Reasons.Seen decide(MetricAlarm alarm, long[] starts, double[] values, long[] sampleCounts,
                                       double[] lower, double[] upper, Instant now) {
        int range = starts.length;
        Evaluation.Point[] points = new Evaluation.Point[range];
        for (int i = 0; i < range; i++) {
            double v = values[i];
            if (Double.isNaN(v) || (lower != null && (Double.isNaN(lower[i]) || Double.isNaN(upper[i])))) {
                points[i] = Evaluation.Point.MISSING;
            } else {
                boolean breaches = lower != null ? alarm.comparisonOperator().breaches(v, lower[i], upper[i])
                        : alarm.comparisonOperator().breaches(v, alarm.threshold());
                points[i] = breaches ? Evaluation.Point.BREACHING : Evaluation.Point.NOT_BREACHING;
            }
        }
        Evaluation.Outcome outcome = Evaluation.decide(points, alarm.evaluationPeriods(), alarm.datapointsToAlarm(),
                alarm.treatMissingData());
        return new Reasons.Seen(alarm, starts, values, sampleCounts, lower, upper, outcome, now);
    }

    private static String describe(MetricMath.Value value) {
        if (value instanceof MetricMath.Scalar scalar) {
            return "the number " + scalar.value();
        }
        if (value instanceof MetricMath.SeriesArray array) {
            return "an array of " + array.series().size() + " time series";
        }
        return "one time series";
    }

    /** Metric math over one alarm's evaluation range. */
    private final class MathContext implements MetricMath.Context {
        private final MetricEntry entry;
        private final Map<String, double[]> series;
        private final long[] starts;
        private final long end;
        private final Map<String, MetricMath.Value> evaluated = new HashMap<>();

        MathContext(MetricEntry entry, Map<String, double[]> series, long[] starts, long end) {
            this.entry = entry;
            this.series = series;
            this.starts = starts;
            this.end = end;
        }

        @Override
        public MetricMath.Series metric(String id) {
            return new MetricMath.Series(series.get(id));
        }

        @Override
        public boolean isMetric(String id) {
            return series.containsKey(id);
        }

        @Override
        public MetricMath.Value expression(String id) {
            MetricMath.Value value = evaluated.get(id);
            if (value == null) {
                MetricMath.Expression expression = entry.expressions.get(id);
                if (expression == null) {
                    throw new IllegalArgumentException("no metric or expression has the id '" + id + "'");
                }
                value = expression.evaluate(this);
                evaluated.put(id, value);
            }
            return value;
        }

        @Override
        public List<String> metricIds() {
            return List.copyOf(series.keySet());
        }

        @Override
        public int periodSeconds(String id) {
            return entry.alarm.periodSeconds();
        }

        @Override
        public MetricMath.SeriesArray band(String id, double k) {
            MetricDataQuery query = entry.alarm.metrics().stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow();
            MetricStat stat = query.metricStat();
            AnomalyModel model = models.computeIfAbsent(modelKey(stat), key -> new AnomalyModel());
            PeriodStore.Watch watch = entry.watches.get(id);
            for (Map.Entry<Long, Aggregate> period : watch.periods.entrySet()) {
                if (period.getKey() > model.newest() && period.getKey() + stat.periodSeconds() <= end) {
                    model.learn(period.getKey(), stat.stat().of(period.getValue()));
                }
            }
            double[] upper = new double[starts.length];
            double[] lower = new double[starts.length];
            for (int i = 0; i < starts.length; i++) {
                AnomalyModel.Band band = model.band(starts[i], k);
                upper[i] = band == null ? Double.NaN : band.upper();
                lower[i] = band == null ? Double.NaN : band.lower();
            }
            return new MetricMath.SeriesArray(List.of(new MetricMath.Series(upper), new MetricMath.Series(lower)));
        }

        @Override
        public int length() {
            return starts.length;
        }
    }

    private void evaluateComposites(Instant now) {
        Map<String, AlarmState> states = new HashMap<>();
        alarms.forEach((name, entry) -> states.put(name, entry.state));
        // Children come before parents after enough passes; cycles are rejected at creation.
        for (int pass = 0; pass <= alarms.size(); pass++) {
            boolean changed = false;
            for (Entry entry : alarms.values()) {
                if (entry instanceof CompositeEntry composite) {
                    AlarmState desired = composite.rule.evaluate(states) ? AlarmState.ALARM : AlarmState.OK;
                    if (desired != composite.state) {
                        Entry trigger = trigger(composite, desired == AlarmState.ALARM, states);
                        transition(composite, desired, compositeReason(composite, trigger),
                                compositeReasonData(composite, trigger), now);
                        states.put(composite.alarm.name(), desired);
                        changed = true;
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        changedSinceComposites.clear();
        for (Entry entry : alarms.values()) {
            if (entry instanceof CompositeEntry composite && composite.alarm.actionsSuppressor() != null) {
                advanceSuppression(composite, now);
            }
        }
    }

    /**
     * The child whose change made the rule {@code value}: of the children that changed since the
     * last evaluation, the latest one without whose change the rule would not have that value, else
     * the latest that changed; null when none changed (a new composite).
     */
    private Entry trigger(CompositeEntry composite, boolean value, Map<String, AlarmState> states) {
        String decisive = null;
        String latest = null;
        for (Map.Entry<String, AlarmState> change : changedSinceComposites.entrySet()) {
            String child = change.getKey();
            if (!composite.rule.alarms().contains(child)) {
                continue;
            }
            latest = child;
            AlarmState before = change.getValue();
            if (composite.rule.evaluate(name -> name.equals(child) ? before : states.get(name)) != value) {
                decisive = child;
            }
        }
        String name = decisive != null ? decisive : latest;
        return name == null ? null : alarms.get(name);
    }

    private List<Entry> triggering(CompositeEntry composite) {
        List<Entry> children = new ArrayList<>();
        for (String child : composite.rule.alarms()) {
            Entry entry = alarms.get(child);
            if (entry != null) {
                children.add(entry);
            }
        }
        children.sort((a, b) -> b.updated.compareTo(a.updated));
        return children;
    }

    /** AWS's wording: the ARN of the child that triggered the change, "transitioned to ALARM at Friday 04 August, 2023 12:54:46 UTC". */
    private String compositeReason(CompositeEntry composite, Entry trigger) {
        Entry named = trigger;
        if (named == null) {
            List<Entry> children = triggering(composite);
            if (children.isEmpty()) {
                return "The rule " + composite.rule.text() + " is " + (composite.rule.evaluate(Map.of()) ? "TRUE" : "FALSE");
            }
            named = children.get(0);
        }
        return arn(named.name()) + " transitioned to " + named.state + " at " + COMPOSITE_TIME.format(named.updated);
    }

    /** {@code triggeringAlarms}: the child that triggered the change, or, when none did, every child newest first. */
    private String compositeReasonData(CompositeEntry composite, Entry trigger) {
        ObjectNode root = AlarmMessages.JSON.createObjectNode();
        var list = root.putArray("triggeringAlarms");
        for (Entry child : trigger != null ? List.of(trigger) : triggering(composite)) {
            ObjectNode item = list.addObject();
            item.put("arn", arn(child.name()));
            item.putObject("state").put("value", child.state.name())
                    .put("timestamp", AlarmMessages.timestamp(child.updated));
        }
        return AlarmMessages.write(root);
    }

    private void advanceSuppression(CompositeEntry composite, Instant now) {
        Entry suppressor = alarms.get(composite.alarm.actionsSuppressor());
        boolean suppressorInAlarm = suppressor != null && suppressor.state == AlarmState.ALARM;
        if (suppressorInAlarm) {
            composite.suppressorWasInAlarm = true;
        } else if (composite.suppressorWasInAlarm) {
            composite.suppressorWasInAlarm = false;
            composite.suppressorLeftAt = now;
        }
        if (composite.pending == null) {
            composite.suppressedBy = null;
            return;
        }
        if (suppressorInAlarm) {
            composite.suppressedBy = "Alarm";
            return;
        }
        boolean inExtension = composite.suppressorLeftAt != null
                && now.isBefore(composite.suppressorLeftAt.plus(composite.alarm.suppressorExtensionPeriod()));
        if ("Alarm".equals(composite.suppressedBy) || ("ExtensionPeriod".equals(composite.suppressedBy) && inExtension)) {
            composite.suppressedBy = "ExtensionPeriod";
            if (inExtension) {
                return;
            }
        } else if ("WaitPeriod".equals(composite.suppressedBy)
                && now.isBefore(composite.pendingSince.plus(composite.alarm.suppressorWaitPeriod()))) {
            return;
        }
        AlarmStateChange pending = composite.pending;
        composite.pending = null;
        composite.suppressedBy = null;
        if (pending.current().value() == composite.state) {
            runActions(composite, pending, false);
        }
    }

    private void transition(Entry entry, AlarmState state, String reason, String reasonData, Instant now) {
        if (state == entry.state) {
            return;
        }
        entry.word();
        AlarmState before = changedSinceComposites.remove(entry.name());
        changedSinceComposites.put(entry.name(), before != null ? before : entry.state); // kept in order of change
        AlarmStateChange.State previous = new AlarmStateChange.State(entry.state, entry.reason, entry.reasonData,
                entry.updated);
        entry.state = state;
        entry.unworded = null;
        entry.reason = reason;
        entry.reasonData = reasonData;
        entry.updated = now;
        AlarmStateChange.State current = new AlarmStateChange.State(state, reason, reasonData, now);
        AlarmStateChange change = new AlarmStateChange(entry.definition(), arn(entry.name()), account, region,
                previous, current, false);
        ObjectNode data = AlarmMessages.JSON.createObjectNode();
        data.put("version", "1.0");
        data.putObject("oldState").put("stateValue", previous.value().name()).put("stateReason", previous.reason());
        ObjectNode newState = data.putObject("newState").put("stateValue", state.name()).put("stateReason", reason);
        if (reasonData != null) {
            newState.put("stateReasonData", reasonData);
        }
        history(entry, "StateUpdate", "Alarm updated from " + previous.value() + " to " + state,
                AlarmMessages.write(data));
        for (Consumer<AlarmStateChange> listener : listeners) {
            runner.submit(entry.name(), "state-change listener", () -> listener.accept(change), failure -> { });
        }
        if (entry instanceof CompositeEntry composite && composite.alarm.actionsSuppressor() != null) {
            Entry suppressor = alarms.get(composite.alarm.actionsSuppressor());
            composite.pending = change;
            composite.pendingSince = now;
            boolean inExtension = composite.suppressorLeftAt != null
                    && now.isBefore(composite.suppressorLeftAt.plus(composite.alarm.suppressorExtensionPeriod()));
            composite.suppressedBy = suppressor != null && suppressor.state == AlarmState.ALARM ? "Alarm"
                    : inExtension ? "ExtensionPeriod" : "WaitPeriod";
            return;
        }
        runActions(entry, change, false);
    }

    private void runActions(Entry entry, AlarmStateChange change, boolean repeatsOnly) {
        if (!entry.actionsEnabled) {
            return;
        }
        for (String name : entry.actions().get(change.current().value())) {
            Topic topic = topics.get(name);
            if (topic != null) {
                if (repeatsOnly) {
                    continue;
                }
                String message = change.notificationJson();
                for (Consumer<String> subscriber : topic.subscribers()) {
                    submit(entry, "topic " + name, () -> subscriber.accept(message));
                }
                continue;
            }
            AlarmAction action = actions.get(name);
            if (action == null) {
                history(entry, "Action", "Failed to execute action " + name + ": it is no longer registered", null);
            } else if (!repeatsOnly || action.repeatsWhileInState()) {
                submit(entry, "action " + name, () -> action.run(change));
            }
        }
    }

    private void submit(Entry entry, String what, ActionRunner.Task task) {
        boolean queued = runner.submit(entry.name(), what + " of alarm " + entry.name(), task, failure -> {
            if (failure == null) {
                history(entry, "Action", "Successfully executed " + what, null);
            } else {
                history(entry, "Action", "Failed to execute " + what + ": " + failure, null);
            }
        });
        if (!queued) {
            history(entry, "Action", "Dropped " + what + ": the action queue is full", null);
        }
    }

    private void history(Entry entry, String type, String summary, String data) {
        synchronized (entry.history) {
            if (entry.history.size() == HISTORY_LIMIT) {
                entry.history.removeFirst();
            }
            entry.history.addLast(new AlarmHistoryItem(entry.name(), clock.instant(), type, summary, data));
        }
    }

    private String arn(String name) {
        return "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:" + name;
    }

    /** Stops the action threads, then closes the registered actions that hold resources (webhook clients). */
    @Override
    public void close() {
        runner.close();
        List<AlarmAction> registered;
        synchronized (actions) {
            registered = List.copyOf(new java.util.LinkedHashSet<>(actions.values()));
        }
        registered.forEach(Alarms::closeAction);
    }

    // ------------------------------------------------------------------ state kept per alarm

    private abstract static class Entry {
        AlarmState state = AlarmState.INSUFFICIENT_DATA;
        String reason = "Unchecked: Initial alarm creation";
        String reasonData;
        Instant updated;
        boolean actionsEnabled;
        /** The latest evaluation that kept the state, its reason not yet worded. */
        Reasons.Seen unworded;
        final Deque<AlarmHistoryItem> history = new ArrayDeque<>();

        /** Words the reason of the latest evaluation, if that has not been done. */
        void word() {
            if (unworded != null) {
                reason = Reasons.text(unworded);
                reasonData = Reasons.data(unworded);
                unworded = null;
            }
        }

        private final AlarmDefinition definition;

        Entry(AlarmDefinition definition) {
            this.definition = definition;
            this.actionsEnabled = definition.actionsEnabled();
        }

        String name() {
            return definition.name();
        }

        AlarmDefinition definition() {
            return definition;
        }

        Map<AlarmState, List<String>> actions() {
            return definition.actions();
        }

        void copyStateFrom(Entry other) {
            other.word();
            state = other.state;
            reason = other.reason;
            reasonData = other.reasonData;
            updated = other.updated;
            synchronized (other.history) {
                history.addAll(other.history);
            }
        }
    }

    private static final class MetricEntry extends Entry {
        final MetricAlarm alarm;
        final int interval;
        final Map<String, PeriodStore.Watch> watches = new HashMap<>();
        final Map<String, MetricMath.Expression> expressions = new HashMap<>();
        final List<MetricDataQuery> queries;
        long nextEvaluation;

        MetricEntry(MetricAlarm alarm) {
            super(alarm);
            this.alarm = alarm;
            this.queries = alarm.queries();
            // Sub-minute alarms are evaluated every 10 seconds, others once per period.
            this.interval = alarm.periodSeconds() < 60 ? 10 : alarm.periodSeconds();
        }
    }

    private static final class CompositeEntry extends Entry {
        final CompositeAlarm alarm;
        final AlarmRule rule;
        AlarmStateChange pending;
        Instant pendingSince;
        String suppressedBy;
        boolean suppressorWasInAlarm;
        Instant suppressorLeftAt;

        CompositeEntry(CompositeAlarm alarm, AlarmRule rule) {
            super(alarm);
            this.alarm = alarm;
            this.rule = rule;
        }
    }
}
