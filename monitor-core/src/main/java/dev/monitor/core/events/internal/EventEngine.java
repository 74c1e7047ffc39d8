package dev.monitor.core.events.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.api.events.PutEventsResult;
import dev.monitor.api.events.PutEventsResultEntry;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.alarms.Topic;
import dev.monitor.core.events.ApiDestination;
import dev.monitor.core.events.Connection;
import dev.monitor.core.events.EventObserver;
import dev.monitor.core.events.EventService;
import dev.monitor.core.events.EventSettings;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.RuleState;
import dev.monitor.core.events.EventHandler;
import dev.monitor.core.events.Target;
import dev.monitor.core.events.TargetProvider;
import dev.monitor.core.events.patterns.PatternMachine;
import dev.monitor.core.export.BusEvent;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.UsageMeter;
import dev.monitor.core.export.internal.ExportPipeline;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.RollingFile;
import dev.monitor.core.internal.EventBridgeNames;
import dev.monitor.core.internal.HandOffQueue;
import dev.monitor.core.internal.InternalErrors;
import dev.monitor.core.metrics.internal.MetricRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.event.Level;

/**
 * Not API: the runtime behind {@link EventService}. One dispatch thread ({@value #THREAD}) takes
 * what puts queued, wraps it in the envelope, matches it against its bus's rules (one
 * {@link PatternMachine} per bus), exports it and hands one invocation per target of each matching
 * rule to {@link Delivery}. Scheduled rules are fired by {@link #fireDueSchedules()}, which the
 * monitor calls on each tick of its clock.
 */
public final class EventEngine implements EventService {
    static final String THREAD = "monitor-events";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many due fires of one rule one call fires at most; the rest are fired by the next calls. */
    private static final int MAX_FIRES_PER_CALL = 100;
    /** The longest the dispatcher, then delivery, get at close to finish what they hold. */
    public static final Duration CLOSE_STEP = Duration.ofSeconds(2);
    private static final int DRAIN = 256;

    /** What the engine needs of the monitor. */
    public record Context(Clock clock, String account, String region, DataLayout layout, MetricRegistry metrics,
                          ExportPipeline<BusEvent> pipeline, ExportPipeline<LogEvent> logs, String logStream, Function<String, Topic> topics,
                          UsageMeter targetUsage) {
        /** A context whose ARN targets' usage is not metered. */
        public Context(Clock clock, String account, String region, DataLayout layout, MetricRegistry metrics,
                       ExportPipeline<BusEvent> pipeline, ExportPipeline<LogEvent> logs, String logStream, Function<String, Topic> topics) {
            this(clock, account, region, layout, metrics, pipeline, logs, logStream, topics, UsageMeter.NONE);
        }

        public Context {
            Objects.requireNonNull(targetUsage, "targetUsage");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(pipeline, "pipeline");
            Objects.requireNonNull(logs, "logs");
            Objects.requireNonNull(topics, "topics");
        }
    }

    /**
     * An entry waiting for dispatch: put by the application, or an envelope forwarded from another bus,
     * put by Monitor itself ({@link #putEnvelope}) or replayed from an archive ({@link #replay}).
     *
     * @param replayRules for a replayed event, the rules it may reach (null: every rule of the bus); a
     *                    replayed event is matched and delivered only, neither exported nor observed
     */
    private record Put(String id, PutEventsEntry entry, Instant time, String bus, String envelope, int hops, boolean replayed,
                       Set<String> replayRules) {
        Put(String id, PutEventsEntry entry, Instant time, String bus, String envelope, int hops) {
            this(id, entry, time, bus, envelope, hops, false, null);
        }
    }

    /** A bus: its rules by name, in the order first put, and one pattern automaton over all of them. */
    private static final class Bus {
        final String name;
        final Map<String, RuleEntry> rules = new ConcurrentHashMap<>();
        final List<String> order = new CopyOnWriteArrayList<>();
        final PatternMachine<String> machine = new PatternMachine<>();

        Bus(String name) {
            this.name = name;
        }
    }

    private final Context context;
    private final Clock clock;
    private final Metrics awsEvents;
    /** Puts waiting for dispatch; the dispatcher sleeps in it when it is empty, and the next put wakes it. */
    private final HandOffQueue<Put> queue;
    private final Counter dropped;
    /** The answers to a put the queue cannot take: made once, since a full queue meets a burst of puts. */
    private final PutEventsResultEntry throttled;
    private final PutEventsResultEntry closed = PutEventsResultEntry.failed("ThrottlingException",
            "the monitor is closed; the event was dropped, counted in Monitor/Dropped (Signal=events)");
    private final Map<String, Bus> buses = new ConcurrentHashMap<>();
    private final List<String> busOrder = new CopyOnWriteArrayList<>();
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Map<String, ApiDestination> apiDestinations = new ConcurrentHashMap<>();
    private final List<EventObserver> observers = new CopyOnWriteArrayList<>();
    private final List<TargetProvider> providers;
    /** The handlers providers made for ARN targets, one per distinct ARN. */
    private final Map<String, EventHandler> arnTargets = new ConcurrentHashMap<>();
    private final InternalErrors errors;
    private final Delivery delivery;
    private final Thread dispatcher;
    private final Object scheduleLock = new Object();
    /** When each scheduled rule ({@code bus/rule}) last fired, as kept in the schedule-state file. */
    private final Map<String, Instant> lastFires = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile boolean dispatching;
    /** Set when a rule that makes up missed fires fired: close writes the state even when the delivery threads did not get to it. */
    private volatile boolean stateDirty;

    /** Starts the dispatch and delivery threads, and applies {@code settings}' buses, connections, destinations and rules. */
    public EventEngine(EventSettings settings, Context context) {
        this(settings, context, installedProviders());
    }

    /** With the providers that deliver to ARN targets given, rather than those on the class path. */
    public EventEngine(EventSettings settings, Context context, List<TargetProvider> providers) {
        this.providers = List.copyOf(providers);
        this.context = context;
        this.clock = context.clock();
        Metrics self = context.metrics().forNamespace(MetricRegistry.SELF_NAMESPACE);
        this.awsEvents = context.metrics().forServiceNamespace("AWS/Events");
        this.queue = new HandOffQueue<>(settings.queueCapacity());
        this.throttled = PutEventsResultEntry.failed("ThrottlingException", "Rate exceeded: " + queue.capacity()
                + " events are waiting for dispatch (events.queueCapacity); this one was dropped, counted in Monitor/Dropped (Signal=events)");
        this.dropped = self.counterBuilder("Dropped").dimension("Signal", Signal.EVENTS.name()).resolution(Resolution.STANDARD).register();
        this.errors = new InternalErrors(self, EventEngine.class, Level.WARN).register(THREAD);
        this.delivery = new Delivery(settings.deliveryThreads(), settings.retryBackoff(), settings.maxPendingInvocations(),
                settings.handlerTimeout(), settings.deadLetterFileMaxBytes(), context.account(), context.region(), clock, new Lent(), self, errors);
        buses.put(Rule.DEFAULT_BUS, new Bus(Rule.DEFAULT_BUS));
        busOrder.add(Rule.DEFAULT_BUS);
        readScheduleState();
        this.dispatcher = new Thread(this::dispatchLoop, THREAD);
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /** The ARN target providers on the class path; one that fails to load is logged and skipped, so that it costs its own targets only. */
    static List<TargetProvider> installedProviders() {
        List<TargetProvider> found = new ArrayList<>();
        java.util.Iterator<TargetProvider> it = java.util.ServiceLoader.load(TargetProvider.class, EventEngine.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return found;
                }
                found.add(it.next());
            } catch (java.util.ServiceConfigurationError e) {
                org.slf4j.LoggerFactory.getLogger(EventEngine.class).warn("an event target provider could not be loaded; its ARNs are refused", e);
            }
        }
    }

    /** Makes the handler of an ARN target on first use. @throws IllegalArgumentException when no provider handles its service */
    private void arnTarget(Target target) {
        synchronized (arnTargets) {
            if (arnTargets.containsKey(target.destination())) {
                return;
            }
            String service = target.arnService();
            TargetProvider provider = providers.stream().filter(p -> p.services().contains(service)).findFirst().orElse(null);
            if (provider == null) {
                java.util.Set<String> available = new java.util.TreeSet<>();
                providers.forEach(p -> available.addAll(p.services()));
                throw new IllegalArgumentException("target '" + target.id() + "': nothing on the class path delivers to " + service
                        + " ARNs such as '" + target.destination() + "' (ARN services available here: " + available + "); EventBridge "
                        + "buses (arn:aws:events:region:account-id:event-bus/name), SNS topics (arn:aws:sns:region:account-id:topic) "
                        + "and Lambda functions (arn:aws:lambda:region:account-id:function:name) need monitor-aws on the class path");
            }
            EventHandler handler;
            try {
                handler = provider.create(target.destination(), new TargetProvider.Context(context.account(), context.region(), clock,
                        context.metrics().forNamespace(MetricRegistry.SELF_NAMESPACE), context.targetUsage()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("target '" + target.id() + "': " + provider.getClass().getName()
                        + " cannot deliver to '" + target.destination() + "': " + e.getMessage(), e);
            }
            arnTargets.put(target.destination(), Objects.requireNonNull(handler,
                    () -> provider.getClass().getName() + " made no handler for " + target.destination()));
        }
    }

    /**
     * Applies {@code settings}' buses, connections, API destinations and rules; returns a problem for
     * each that was refused (a rule naming a bus or destination that does not exist), naming it.
     */
    public List<String> apply(EventSettings settings) {
        List<String> problems = new ArrayList<>();
        settings.buses().forEach(this::createEventBus);
        settings.connections().forEach(this::createConnection);
        for (ApiDestination destination : settings.apiDestinations()) {
            try {
                createApiDestination(destination);
            } catch (IllegalArgumentException e) {
                problems.add("events.apiDestinations: " + destination.name() + ": " + e.getMessage());
            }
        }
        for (Rule rule : settings.rules()) {
            try {
                putRule(rule);
            } catch (IllegalArgumentException e) {
                problems.add("events.rules: " + rule.name() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    // ---- putting: the caller's thread ----

    @Override
    public PutEventsResult putEvents(List<PutEventsEntry> entries) {
        try {
            return PutAnswers.answer(entries, this::accept);
        } catch (Throwable e) { // a put never throws into the application, whatever it was given
            int count = 0;
            try {
                count = entries == null ? 0 : entries.size();
            } catch (Throwable ignored) {
                // a list that cannot even say its size: answer nothing
            }
            List<PutEventsResultEntry> failed = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                failed.add(PutEventsResultEntry.failed("InternalFailure", "the entries could not be read: " + e));
            }
            return PutEventsResult.of(failed);
        }
    }

    private PutEventsResultEntry accept(PutEventsEntry entry) {
        String bus = busName(entry.eventBusName());
        if (!buses.containsKey(bus)) {
            return PutEventsResultEntry.failed("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
        }
        // The queue's answer first: a refused entry (a full queue meets a burst) costs no id, clock read or item.
        long claim = running ? queue.claim() : -1;
        if (claim < 0) {
            dropped.increment();
            return running ? throttled : closed;
        }
        String id;
        try { // the fill wakes the dispatcher if it sleeps
            id = EventIds.next();
            queue.fill(claim, new Put(id, entry, entry.time() != null ? entry.time() : clock.instant(), bus, null, 0));
        } catch (RuntimeException | Error e) {
            queue.cancel(claim); // a claimed slot left empty would stop the dispatcher at it
            throw e;
        }
        return PutEventsResultEntry.accepted(id);
    }

    /**
     * Hook for Monitor's own events (alarm state changes, audit calls, partner webhooks): queues
     * {@code eventJson}, an envelope made elsewhere, for {@code bus} as it is. A queue insertion only;
     * false (counted in {@code Monitor/Dropped}) when the bus does not exist, the queue is full or
     * the engine closed.
     */
    public boolean putEnvelope(String bus, String eventJson) {
        return enqueue(new Put(null, null, null, bus, Objects.requireNonNull(eventJson, "eventJson"), 0), true);
    }

    /**
     * Hook for archive replays: queues an archived envelope for {@code bus}'s rules, or only those named
     * in {@code rules} when not null. The event is matched and delivered like any other, but not
     * exported nor handed to observers (an archive does not keep its own replays). False when the bus
     * does not exist or the queue is full: the replay waits and tries again, nothing is dropped.
     */
    public boolean replay(String bus, String eventJson, Set<String> rules) {
        return enqueue(new Put(null, null, null, bus, Objects.requireNonNull(eventJson, "eventJson"), 0, true,
                rules == null ? null : Set.copyOf(rules)), false);
    }

    private boolean enqueue(Put put, boolean countDropped) {
        if (!buses.containsKey(put.bus()) || !running || !queue.offer(put)) {
            if (countDropped) {
                dropped.increment();
            }
            return false;
        }
        return true;
    }

    /** A bus's name from its name or ARN ({@code arn:aws:events:<region>:<account>:event-bus/<name>}). */
    static String busName(String nameOrArn) {
        if (nameOrArn == null) {
            return Rule.DEFAULT_BUS;
        }
        int slash = nameOrArn.indexOf(":event-bus/");
        return slash < 0 ? nameOrArn : nameOrArn.substring(slash + ":event-bus/".length());
    }

    // ---- dispatch: the events thread ----

    private void dispatchLoop() {
        List<BusEvent> batch = new ArrayList<>();
        while (true) {
            dispatching = true;
            int taken;
            try {
                taken = queue.drain(put -> dispatch(put, batch), DRAIN);
                if (!batch.isEmpty()) {
                    context.pipeline().submit(batch);
                }
            } catch (Throwable e) {
                taken = 1;
                errors.report(THREAD, e, "dispatching events failed: {}; the thread goes on, and further failures are only counted "
                        + "in Monitor/InternalErrors (Thread=" + THREAD + ")", e);
            } finally {
                batch.clear();
                dispatching = false;
            }
            if (taken == 0) {
                try {
                    if (!queue.await()) { // until the next put; false once closed and empty
                        return;
                    }
                } catch (InterruptedException e) {
                    errors.report(THREAD, e, "the dispatch thread was interrupted; it goes on, and further failures are only "
                            + "counted in Monitor/InternalErrors (Thread=" + THREAD + ")", e);
                }
            }
        }
    }

    private void dispatch(Put put, List<BusEvent> batch) {
        Bus bus = buses.get(put.bus());
        if (bus == null) { // deleted since the put
            dropped.increment();
            return;
        }
        String json = put.envelope() != null ? put.envelope()
                : Envelope.of(put.id(), put.entry().detailType(), put.entry().source(), context.account(), put.time(), context.region(),
                put.entry().resources(), put.entry().detail());
        Instant ingestion = clock.instant();
        Set<String> matched = bus.machine.matches(json);
        for (String name : matched) {
            RuleEntry rule = bus.rules.get(name);
            if (rule == null || rule.rule.state() != RuleState.ENABLED || put.replayRules() != null && !put.replayRules().contains(name)) {
                continue;
            }
            rule.matchedEvents.increment();
            rule.triggeredRules.increment();
            for (Target target : rule.rule.targets()) {
                delivery.invoke(new Delivery.Invocation(rule, target, json, ingestion, put.hops()));
            }
        }
        if (put.replayed()) {
            return;
        }
        if (context.pipeline().hasExporters()) {
            batch.add(new BusEvent(bus.name, ingestion, json));
        }
        for (EventObserver observer : observers) {
            try {
                observer.accepted(bus.name, json);
            } catch (Throwable e) {
                errors.report(THREAD, e, "an event observer threw {}; the event goes on, and further failures are only counted in "
                        + "Monitor/InternalErrors (Thread=" + THREAD + ")", e);
            }
        }
    }

    // ---- buses, rules, connections ----

    @Override
    public void createEventBus(String name) {
        if (!Rule.isPartnerBusName(name)) {
            EventBridgeNames.check("event bus", name);
        }
        buses.computeIfAbsent(name, n -> {
            busOrder.add(n);
            return new Bus(n);
        });
    }

    @Override
    public void deleteEventBus(String name) {
        if (Rule.DEFAULT_BUS.equals(name)) {
            throw new IllegalArgumentException("the default event bus cannot be deleted");
        }
        if (buses.remove(name) != null) {
            busOrder.remove(name);
        }
    }

    @Override
    public List<String> eventBuses() {
        return List.copyOf(busOrder);
    }

    @Override
    public void putRule(Rule rule) {
        Objects.requireNonNull(rule, "rule");
        Bus bus = buses.get(rule.eventBusName());
        if (bus == null) {
            throw new IllegalArgumentException("Event bus " + rule.eventBusName() + " does not exist.");
        }
        for (Target target : rule.targets()) {
            switch (target.kind()) {
                case API_DESTINATION -> {
                    if (!apiDestinations.containsKey(target.destination())) {
                        throw new IllegalArgumentException("target '" + target.id() + "': API destination '" + target.destination()
                                + "' does not exist; create it first");
                    }
                }
                case TOPIC -> context.topics().apply(target.destination()); // made now; refused when the name is an alarm action's
                case METRIC -> context.metrics().forNamespace(target.namespace()).counterBuilder(target.destination())
                        .resolution(Resolution.STANDARD).register();
                case ARN -> arnTarget(target);
                default -> {
                }
            }
        }
        RuleEntry entry = new RuleEntry(rule, rule.arn(context.account(), context.region()),
                context.layout().eventDeadLetterFile(rule.eventBusName(), rule.name()), awsEvents);
        synchronized (scheduleLock) {
            if (rule.scheduleExpression() != null) {
                scheduleNext(entry, firstFire(rule));
            }
            RuleEntry replaced = bus.rules.put(rule.name(), entry);
            if (replaced == null) {
                bus.order.add(rule.name());
            }
            bus.machine.remove(rule.name());
            if (rule.eventPattern() != null && rule.state() == RuleState.ENABLED) {
                bus.machine.add(rule.name(), rule.eventPattern());
            }
        }
    }

    @Override
    public boolean deleteRule(String eventBusName, String ruleName) {
        Bus bus = buses.get(eventBusName);
        if (bus == null) {
            return false;
        }
        synchronized (scheduleLock) {
            bus.machine.remove(ruleName);
            bus.order.remove(ruleName);
            return bus.rules.remove(ruleName) != null;
        }
    }

    @Override
    public Optional<Rule> describeRule(String eventBusName, String ruleName) {
        Bus bus = buses.get(eventBusName);
        RuleEntry entry = bus == null ? null : bus.rules.get(ruleName);
        return Optional.ofNullable(entry).map(e -> e.rule);
    }

    @Override
    public List<Rule> rules(String eventBusName) {
        Bus bus = buses.get(eventBusName);
        if (bus == null) {
            return List.of();
        }
        List<Rule> rules = new ArrayList<>();
        for (String name : bus.order) {
            RuleEntry entry = bus.rules.get(name);
            if (entry != null) {
                rules.add(entry.rule);
            }
        }
        return rules;
    }

    @Override
    public void createConnection(Connection connection) {
        connections.put(Objects.requireNonNull(connection, "connection").name(), connection);
    }

    @Override
    public void createApiDestination(ApiDestination destination) {
        Objects.requireNonNull(destination, "destination");
        if (!connections.containsKey(destination.connectionName())) {
            throw new IllegalArgumentException("API destination '" + destination.name() + "': connection '" + destination.connectionName()
                    + "' does not exist; create it first");
        }
        apiDestinations.put(destination.name(), destination);
    }

    @Override
    public Subscription observe(EventObserver observer) {
        EventObserver added = Objects.requireNonNull(observer, "observer")::accepted; // one per call
        observers.add(added);
        return Subscription.of(() -> observers.remove(added));
    }

    // ---- schedules: the monitor's clock ----

    /**
     * The first fire of a scheduled rule: the first after now; or, for a rule that makes up missed
     * fires and fired before, the first after its last recorded fire (at most {@value #MAX_FIRES_PER_CALL} ago).
     */
    private Instant firstFire(Rule rule) {
        Instant now = clock.instant();
        Instant last = lastFires.get(key(rule.eventBusName(), rule.name()));
        if (rule.replayMissedFires() && last != null && last.isBefore(now)) {
            List<Instant> missed = new ArrayList<>();
            Instant at = last;
            while (true) {
                Optional<Instant> next = rule.scheduleExpression().nextFireTime(at);
                if (next.isEmpty() || next.get().isAfter(now)) {
                    break;
                }
                missed.add(next.get());
                if (missed.size() > MAX_FIRES_PER_CALL) {
                    missed.remove(0);
                }
                at = next.get();
            }
            if (!missed.isEmpty()) {
                return missed.get(0);
            }
        }
        return rule.scheduleExpression().nextFireTime(now).orElse(null);
    }

    /**
     * Fires every enabled scheduled rule whose next fire time has come by the clock; each fire's
     * invocations go to the delivery threads. The monitor calls this on each tick; a flush too.
     */
    public void fireDueSchedules() {
        Instant now = clock.instant();
        Bus bus = buses.get(Rule.DEFAULT_BUS);
        synchronized (scheduleLock) {
            for (RuleEntry entry : bus.rules.values()) {
                if (entry.rule.scheduleExpression() == null) {
                    continue;
                }
                int fired = 0;
                while (entry.nextFire != null && !entry.fireAt.isAfter(now) && fired < MAX_FIRES_PER_CALL) {
                    Instant at = entry.nextFire;
                    if (entry.rule.state() == RuleState.ENABLED) {
                        fire(entry, at);
                    }
                    fired++;
                    scheduleNext(entry, entry.rule.scheduleExpression().nextFireTime(at).orElse(null));
                }
            }
        }
    }

    /** Sets a scheduled rule's next scheduled time and the moment it fires for it, within its flexible window. */
    private static void scheduleNext(RuleEntry entry, Instant next) {
        entry.nextFire = next;
        entry.fireAt = next == null ? null
                : entry.rule.flexibleTimeWindow().fireTime(next, java.util.concurrent.ThreadLocalRandom.current());
    }

    /**
     * A scheduled rule's fire for its scheduled time {@code at} (when its flexible window let it):
     * EventBridge's {@code Scheduled Event} from {@code aws.events}, stamped with {@code at}, to each target.
     */
    private void fire(RuleEntry entry, Instant at) {
        String json = Envelope.of(EventIds.next(), "Scheduled Event", "aws.events", context.account(), at, context.region(),
                List.of(entry.arn), "{}");
        entry.triggeredRules.increment();
        Instant ingestion = clock.instant();
        for (Target target : entry.rule.targets()) {
            delivery.invoke(new Delivery.Invocation(entry, target, json, ingestion, 0));
        }
        lastFires.put(key(entry.busName(), entry.rule.name()), at);
        if (entry.rule.replayMissedFires()) {
            stateDirty = true;
            delivery.execute(this::writeScheduleState); // file I/O off the scheduler's thread
        }
    }

    private static String key(String bus, String rule) {
        return bus + "/" + rule;
    }

    private void readScheduleState() {
        Path file = context.layout().eventScheduleState();
        try {
            JsonNode state = JSON.readTree(Files.readAllBytes(file));
            JsonNode fires = state == null ? null : state.get("lastFires");
            if (fires != null && fires.isObject()) {
                fires.fields().forEachRemaining(field -> {
                    try {
                        lastFires.put(field.getKey(), Instant.parse(field.getValue().asText()));
                    } catch (java.time.format.DateTimeParseException e) {
                        // a damaged entry: that rule starts from now, as if it never fired
                    }
                });
            }
        } catch (NoSuchFileException e) {
            // never fired
        } catch (IOException e) {
            errors.report(THREAD, e, "the schedule state {} cannot be read ({}); scheduled rules start from now", file, e);
        }
    }

    private synchronized void writeScheduleState() {
        Path file = context.layout().eventScheduleState();
        ObjectNode state = JSON.createObjectNode();
        ObjectNode fires = state.putObject("lastFires");
        new java.util.TreeMap<>(lastFires).forEach((rule, at) -> fires.put(rule, at.toString()));
        try {
            RollingFile.createDirectories(file.getParent(), RollingFile.OWNER_ONLY);
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            errors.report(Delivery.THREAD, e, "the schedule state {} cannot be written ({}); missed fires may not be made up", file, e);
        }
    }

    // ---- flush and close ----

    @Override
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        fireDueSchedules();
        while (!(queue.isEmpty() && !dispatching && delivery.idle())) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            LockSupport.parkNanos(2_000_000L);
        }
        return true;
    }

    /** Stops the threads; invocations not yet delivered are written to their dead-letter files. The monitor closes it. */
    public void close() {
        close(System.nanoTime() + 2 * CLOSE_STEP.toNanos());
    }

    /**
     * Stops taking puts, lets the dispatcher route what is queued and delivery finish what it holds,
     * each for at most {@link #CLOSE_STEP} and together no later than {@code deadline}
     * ({@link System#nanoTime()}), then keeps the schedules' state. What was still queued then is counted as dropped.
     */
    public void close(long deadline) {
        if (!running) {
            return;
        }
        running = false;
        queue.close(); // puts fail from now on; the dispatcher takes what is queued, then ends
        try {
            dispatcher.join(Math.max(1, step(deadline).toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!dispatcher.isAlive()) {
            // A put that saw the engine running may have queued after the dispatcher's last look: count it, never lose it silently.
            queue.drain(put -> dropped.increment(), Integer.MAX_VALUE);
        }
        delivery.close(step(deadline));
        for (EventHandler handler : arnTargets.values()) {
            if (handler instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    org.slf4j.LoggerFactory.getLogger(EventEngine.class).warn("closing the target handler {} failed", handler, e);
                }
            }
        }
        if (stateDirty) {
            writeScheduleState();
        }
    }

    /** What one step of {@link #close(long)} may take: {@link #CLOSE_STEP}, or less when the deadline is nearer. */
    private static Duration step(long deadline) {
        return Duration.ofNanos(Math.max(0, Math.min(CLOSE_STEP.toNanos(), deadline - System.nanoTime())));
    }

    /** What delivery borrows from the engine. */
    private final class Lent implements Delivery.Destinations {
        @Override
        public ApiDestination apiDestination(String name) {
            return apiDestinations.get(name);
        }

        @Override
        public Connection connection(String name) {
            return connections.get(name);
        }

        @Override
        public boolean publish(String topic, String message) {
            return context.topics().apply(topic).publish(message);
        }

        @Override
        public void log(String group, Instant time, String message) {
            context.logs().submit(List.of(new LogEvent(group, context.logStream(), time, message)));
        }

        @Override
        public void count(String namespace, String metric) {
            context.metrics().forNamespace(namespace).counterBuilder(metric).resolution(Resolution.STANDARD).register().increment();
        }

        @Override
        public EventHandler arnTarget(String arn) {
            return arnTargets.get(arn);
        }

        @Override
        public String forward(String bus, String eventJson, int hops) {
            if (!buses.containsKey(bus)) {
                return "ResourceNotFoundException: Event bus " + bus + " does not exist.";
            }
            if (!running || !queue.offer(new Put(null, null, null, bus, eventJson, hops))) {
                dropped.increment();
                return "ThrottlingException: the event queue is full; the event was not put on bus " + bus;
            }
            return null;
        }
    }
}
