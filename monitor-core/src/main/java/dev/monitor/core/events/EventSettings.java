package dev.monitor.core.events;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.internal.EventBridgeNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a monitor's event buses run, and the buses, rules, connections and API destinations it
 * starts with: made with {@link #builder()}, or read from a configuration file's {@code events:}
 * section by {@link #read(ConfigNode)}:
 * <pre>
 * events:
 *   queueCapacity: 10000          # entries waiting for the dispatch thread; a full queue refuses puts
 *   deliveryThreads: 2
 *   retryBackoff: 1s              # the first retry's wait; doubled for each further one (with jitter), at most 5m
 *   maxPendingInvocations: 10000  # invocations waiting or retrying; beyond, an invocation is throttled to its dead-letter file
 *   handlerTimeout: 30s           # how long a Java handler may run; past it the invocation fails with TIMEOUT and is retried
 *   deadLetterFileMaxBytes: 8388608  # a rule's dead-letter file; when full it becomes <rule>.jsonl.1 (the older one is deleted)
 *   buses: [orders]
 *   connections:
 *     - name: pager
 *       authorization: {type: apiKey, name: x-api-key, value: secret}
 *       # {type: basic, username: u, password: p}
 *       # {type: oauthClientCredentials, authorizationEndpoint: https://..., clientId: id, clientSecret: s, scope: events}
 *   apiDestinations:
 *     - {name: pager, connection: pager, endpoint: https://pager.example/hook, httpMethod: POST, invocationRateLimitPerSecond: 10}
 *   rules:
 *     - name: big-orders
 *       eventBus: orders
 *       eventPattern: '{"source": ["shop.orders"], "detail": {"total": [{"numeric": [">", 1000]}]}}'
 *       targets:
 *         - {id: log, logGroup: /events/big-orders}
 *         - id: page
 *           apiDestination: pager
 *           inputTransformer: {inputPathsMap: {id: $.detail.orderId}, inputTemplate: '{"order": <id>}'}
 *           retryPolicy: {maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600}
 *     - {name: hourly, scheduleExpression: rate(1 hour), state: ENABLED, targets: [{id: count, metric: {namespace: Shop, name: Hourly}}]}
 *     - name: nightly
 *       scheduleExpression: cron(0 2 * * ? *)
 *       flexibleTimeWindow: {mode: FLEXIBLE, maximumWindowInMinutes: 30}   # or {mode: OFF}, the default
 *       targets: [{id: count, metric: {namespace: Shop, name: Nightly}}]
 * </pre>
 * A {@code flexibleTimeWindow} is EventBridge Scheduler's {@code FlexibleTimeWindow}: {@code mode}
 * {@code OFF} or {@code FLEXIBLE}, and for {@code FLEXIBLE} a {@code maximumWindowInMinutes} from 1 to 1440.
 * Targets in the file are a {@code logGroup}, {@code topic}, {@code apiDestination},
 * {@code eventBus}, {@code metric} or an {@code arn} a {@link TargetProvider} delivers to
 * ({@code {id: to-aws, arn: arn:aws:events:us-east-1:123456789012:event-bus/orders}}); Java handlers are added in code.
 */
public final class EventSettings {
    private final int queueCapacity;
    private final int deliveryThreads;
    private final Duration retryBackoff;
    private final int maxPendingInvocations;
    private final Duration handlerTimeout;
    private final long deadLetterFileMaxBytes;
    private final List<String> buses;
    private final List<Connection> connections;
    private final List<ApiDestination> apiDestinations;
    private final List<Rule> rules;

    private EventSettings(Builder builder) {
        this.queueCapacity = builder.queueCapacity;
        this.deliveryThreads = builder.deliveryThreads;
        this.retryBackoff = builder.retryBackoff;
        this.maxPendingInvocations = builder.maxPendingInvocations;
        this.handlerTimeout = builder.handlerTimeout;
        this.deadLetterFileMaxBytes = builder.deadLetterFileMaxBytes;
        this.buses = List.copyOf(builder.buses);
        this.connections = List.copyOf(builder.connections.values());
        this.apiDestinations = List.copyOf(builder.apiDestinations.values());
        this.rules = List.copyOf(builder.rules);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every default, and no bus but {@code default}, no rule. */
    public static EventSettings defaults() {
        return builder().build();
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public int deliveryThreads() {
        return deliveryThreads;
    }

    public Duration retryBackoff() {
        return retryBackoff;
    }

    public int maxPendingInvocations() {
        return maxPendingInvocations;
    }

    /** How long one invocation of a Java handler may run before it counts as failed with {@code TIMEOUT}. */
    public Duration handlerTimeout() {
        return handlerTimeout;
    }

    /** The size at which a rule's dead-letter file is rotated: each rule keeps at most about twice this. */
    public long deadLetterFileMaxBytes() {
        return deadLetterFileMaxBytes;
    }

    public List<String> buses() {
        return buses;
    }

    public List<Connection> connections() {
        return connections;
    }

    public List<ApiDestination> apiDestinations() {
        return apiDestinations;
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * Reads an {@code events:} section; every problem goes to the node's list with its path (such as
     * {@code events.rules[1].targets[0].retryPolicy.maximumRetryAttempts}), and what has a problem is left out.
     */
    public static EventSettings read(ConfigNode node) {
        Builder builder = builder();
        builder.queueCapacity = node.integer("queueCapacity", builder.queueCapacity, 1, 1 << 24);
        builder.deliveryThreads = node.integer("deliveryThreads", builder.deliveryThreads, 1, 64);
        builder.retryBackoff = node.duration("retryBackoff", builder.retryBackoff);
        builder.maxPendingInvocations = node.integer("maxPendingInvocations", builder.maxPendingInvocations, 1, 10_000_000);
        attempt(node, "handlerTimeout", () -> builder.handlerTimeout(node.duration("handlerTimeout", builder.handlerTimeout)));
        builder.deadLetterFileMaxBytes = node.integer("deadLetterFileMaxBytes", (int) builder.deadLetterFileMaxBytes, 1024, Integer.MAX_VALUE);
        List<String> buses = node.strings("buses");
        for (int i = 0; i < buses.size(); i++) {
            int index = i;
            attempt(node, "buses[" + index + "]", () -> builder.bus(buses.get(index)));
        }
        for (ConfigNode connection : node.list("connections")) {
            readConnection(connection, builder);
        }
        for (ConfigNode destination : node.list("apiDestinations")) {
            String name = destination.requiredString("name");
            String connection = destination.requiredString("connection");
            String endpoint = destination.requiredString("endpoint");
            String method = destination.string("httpMethod", "POST");
            int rate = destination.integer("invocationRateLimitPerSecond", 300, 1, 300);
            destination.rejectUnknownKeys();
            if (name != null && connection != null && endpoint != null) {
                URI uri = uri(destination, "endpoint", endpoint);
                if (uri != null) {
                    attempt(destination, "", () -> builder.apiDestination(new ApiDestination(name, connection, uri, method, rate)));
                }
            }
        }
        for (ConfigNode rule : node.list("rules")) {
            readRule(rule, builder);
        }
        node.rejectUnknownKeys();
        return builder.build();
    }

    private static void readConnection(ConfigNode node, Builder builder) {
        String name = node.requiredString("name");
        ConfigNode auth = node.child("authorization");
        if (!node.has("authorization")) {
            node.problem("authorization", "required");
        }
        String type = auth.choice("type", null, "basic", "apiKey", "oauthClientCredentials");
        if (type == null && node.has("authorization") && !auth.has("type")) {
            auth.problem("type", "required: basic, apiKey or oauthClientCredentials");
        }
        Connection.Authorization authorization = null;
        try {
            if ("basic".equals(type)) {
                String user = auth.requiredString("username");
                String password = auth.requiredString("password");
                authorization = user == null || password == null ? null : new Connection.Basic(user, password);
            } else if ("apiKey".equals(type)) {
                String header = auth.requiredString("name");
                String value = auth.requiredString("value");
                authorization = header == null || value == null ? null : new Connection.ApiKey(header, value);
            } else if ("oauthClientCredentials".equals(type)) {
                String endpoint = auth.requiredString("authorizationEndpoint");
                String id = auth.requiredString("clientId");
                String secret = auth.requiredString("clientSecret");
                String scope = auth.string("scope", null);
                URI uri = endpoint == null ? null : uri(auth, "authorizationEndpoint", endpoint);
                authorization = uri == null || id == null || secret == null ? null : new Connection.OAuthClientCredentials(uri, id, secret, scope);
            }
        } catch (IllegalArgumentException e) {
            auth.problem("type", e.getMessage());
        }
        auth.rejectUnknownKeys();
        node.rejectUnknownKeys();
        Connection.Authorization made = authorization;
        if (name != null && made != null) {
            attempt(node, "name", () -> builder.connection(new Connection(name, made)));
        }
    }

    private static void readRule(ConfigNode node, Builder builder) {
        String name = node.requiredString("name");
        String bus = node.string("eventBus", Rule.DEFAULT_BUS);
        String pattern = node.string("eventPattern", null);
        String schedule = node.string("scheduleExpression", null);
        String zone = node.string("timeZone", null);
        String state = node.choice("state", "ENABLED", "ENABLED", "DISABLED");
        String description = node.string("description", null);
        boolean replay = node.bool("replayMissedFires", false);
        FlexibleTimeWindow window = node.has("flexibleTimeWindow") ? readFlexibleTimeWindow(node.child("flexibleTimeWindow")) : null;
        List<Target> targets = new ArrayList<>();
        for (ConfigNode target : node.list("targets")) {
            Target made = readTarget(target);
            if (made != null) {
                targets.add(made);
            }
        }
        node.rejectUnknownKeys();
        if (name == null) {
            return;
        }
        Rule.Builder rule;
        try {
            rule = Rule.builder(name);
        } catch (IllegalArgumentException e) {
            node.problem("name", e.getMessage());
            return;
        }
        boolean good = attempt(node, "eventBus", () -> rule.eventBus(bus));
        if (pattern != null) {
            good &= attempt(node, "eventPattern", () -> rule.eventPattern(pattern));
        }
        if (schedule != null) {
            good &= attempt(node, "scheduleExpression",
                    () -> rule.schedule(zone == null ? ScheduleExpression.parse(schedule) : ScheduleExpression.parse(schedule, ZoneId.of(zone))));
        } else if (zone != null) {
            node.problem("timeZone", "applies only to a scheduleExpression");
        }
        if (window != null && schedule == null) {
            node.problem("flexibleTimeWindow", "applies only to a scheduleExpression");
        } else if (window != null) {
            rule.flexibleTimeWindow(window);
        } else if (node.has("flexibleTimeWindow")) {
            good = false; // its problems are recorded
        }
        rule.state(RuleState.fromApiName(state)).replayMissedFires(replay);
        good &= attempt(node, "description", () -> rule.description(description));
        for (Target target : targets) {
            good &= attempt(node, "targets", () -> rule.target(target));
        }
        if (good) {
            attempt(node, "", () -> builder.rule(rule.build()));
        }
    }

    /**
     * EventBridge Scheduler's {@code FlexibleTimeWindow}: {@code Mode} is required, {@code MaximumWindowInMinutes}
     * (1 to 1440) is required with {@code FLEXIBLE} and refused with {@code OFF}
     * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_FlexibleTimeWindow.html). Null, with the
     * problems recorded, when it is not valid.
     */
    private static FlexibleTimeWindow readFlexibleTimeWindow(ConfigNode node) {
        boolean hasMode = node.has("mode");
        String mode = node.string("mode", null);
        if ("false".equals(mode)) {
            mode = "OFF"; // YAML 1.1 reads AWS's unquoted OFF as the boolean false
        } else if (mode != null && !mode.equalsIgnoreCase("OFF") && !mode.equalsIgnoreCase("FLEXIBLE")) {
            node.problem("mode", "'" + mode + "' is not one of OFF, FLEXIBLE");
            mode = null;
        }
        boolean hasWindow = node.has("maximumWindowInMinutes");
        int minutes = node.integer("maximumWindowInMinutes", 0, 1, (int) FlexibleTimeWindow.LARGEST.toMinutes());
        node.rejectUnknownKeys();
        if (!hasMode) {
            node.problem("mode", "required: OFF or FLEXIBLE");
            return null;
        }
        if (mode == null) {
            return null; // choice named the value
        }
        if (mode.equalsIgnoreCase("OFF")) {
            if (hasWindow) {
                node.problem("maximumWindowInMinutes", "must not be set when mode is OFF");
                return null;
            }
            return FlexibleTimeWindow.off();
        }
        if (!hasWindow) {
            node.problem("maximumWindowInMinutes", "required when mode is FLEXIBLE: 1 to 1440");
            return null;
        }
        return minutes == 0 ? null : FlexibleTimeWindow.flexible(Duration.ofMinutes(minutes));
    }

    private static Target readTarget(ConfigNode node) {
        String id = node.requiredString("id");
        Map<String, String> kinds = new LinkedHashMap<>();
        for (String kind : List.of("logGroup", "topic", "apiDestination", "eventBus", "arn")) {
            String value = node.string(kind, null);
            if (value != null) {
                kinds.put(kind, value);
            }
        }
        ConfigNode metric = node.child("metric");
        String metricNamespace = metric.string("namespace", null);
        String metricName = metric.string("name", null);
        if (node.has("metric")) {
            if (metricNamespace == null) {
                metric.problem("namespace", "required");
            }
            if (metricName == null) {
                metric.problem("name", "required");
            }
            kinds.put("metric", metricName);
        }
        metric.rejectUnknownKeys();
        String input = node.string("input", null);
        String inputPath = node.string("inputPath", null);
        ConfigNode transformerNode = node.child("inputTransformer");
        InputTransformer transformer = null;
        boolean good = true;
        if (node.has("inputTransformer")) {
            Map<String, String> paths = new LinkedHashMap<>();
            ConfigNode pathsNode = transformerNode.child("inputPathsMap");
            for (String key : pathsNode.keys()) {
                String path = pathsNode.string(key, null);
                if (path != null) {
                    paths.put(key, path);
                }
            }
            String template = transformerNode.requiredString("inputTemplate");
            transformerNode.rejectUnknownKeys();
            if (template != null) {
                try {
                    transformer = new InputTransformer(paths, template);
                } catch (IllegalArgumentException e) {
                    node.problem("inputTransformer", e.getMessage());
                    good = false;
                }
            } else {
                good = false;
            }
        }
        RetryPolicy policy = RetryPolicy.DEFAULT;
        if (node.has("retryPolicy")) {
            ConfigNode retry = node.child("retryPolicy");
            policy = RetryPolicy.of(retry.integer("maximumRetryAttempts", 185, 0, 185),
                    retry.integer("maximumEventAgeInSeconds", 86_400, 60, 86_400));
            retry.rejectUnknownKeys();
        }
        node.rejectUnknownKeys();
        if (kinds.size() != 1) {
            node.problem(kinds.isEmpty() ? "id" : String.join(", ", kinds.keySet()),
                    "a target needs exactly one of logGroup, topic, apiDestination, eventBus, arn and metric"
                            + (kinds.isEmpty() ? " (Java handlers are added in code)" : ", not " + kinds.size()));
            return null;
        }
        int inputs = (input != null ? 1 : 0) + (inputPath != null ? 1 : 0) + (node.has("inputTransformer") ? 1 : 0);
        if (inputs > 1) {
            node.problem("input", "a target takes at most one of input, inputPath and inputTransformer");
            return null;
        }
        if (id == null || !good || node.has("metric") && (metricNamespace == null || metricName == null)) {
            return null;
        }
        String kind = kinds.keySet().iterator().next();
        String destination = kinds.get(kind);
        try {
            Target target = switch (kind) {
                case "logGroup" -> Target.logGroup(id, destination);
                case "topic" -> Target.topic(id, destination);
                case "apiDestination" -> Target.apiDestination(id, destination);
                case "eventBus" -> Target.eventBus(id, destination);
                case "arn" -> Target.arn(id, destination);
                default -> Target.metric(id, metricNamespace, metricName);
            };
            if (input != null) {
                target = target.withInput(input);
            } else if (inputPath != null) {
                target = target.withInputPath(inputPath);
            } else if (transformer != null) {
                target = target.withInputTransformer(transformer);
            }
            return target.withRetryPolicy(policy);
        } catch (IllegalArgumentException e) {
            node.problem(input != null ? "input" : inputPath != null ? "inputPath" : "id", e.getMessage());
            return null;
        }
    }

    private static URI uri(ConfigNode node, String key, String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            node.problem(key, "'" + text + "' is not a URL: " + e.getMessage());
            return null;
        }
    }

    /** Runs {@code step}; an IllegalArgumentException it throws (java.time's DateTimeException too) becomes a problem of {@code key}. */
    private static boolean attempt(ConfigNode node, String key, Runnable step) {
        try {
            step.run();
            return true;
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            if (key.isEmpty()) {
                node.problem("name", e.getMessage());
            } else {
                node.problem(key, e.getMessage());
            }
            return false;
        }
    }

    /** Configures {@link EventSettings}; setters check their argument at once. Not thread-safe. */
    public static final class Builder {
        private int queueCapacity = 10_000;
        private int deliveryThreads = 2;
        private Duration retryBackoff = Duration.ofSeconds(1);
        private int maxPendingInvocations = 10_000;
        private Duration handlerTimeout = Duration.ofSeconds(30);
        private long deadLetterFileMaxBytes = 8L << 20;
        private final List<String> buses = new ArrayList<>();
        private final Map<String, Connection> connections = new LinkedHashMap<>();
        private final Map<String, ApiDestination> apiDestinations = new LinkedHashMap<>();
        private final List<Rule> rules = new ArrayList<>();

        private Builder() {
        }

        /** How many entries may wait for the dispatch thread; a put finding them all waiting is refused (1 to 2^24). */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1 || capacity > 1 << 24) {
                throw new IllegalArgumentException("queue capacity " + capacity + " is out of range; allowed 1 to " + (1 << 24));
            }
            this.queueCapacity = capacity;
            return this;
        }

        public Builder deliveryThreads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("delivery threads " + threads + " is out of range; allowed 1 to 64");
            }
            this.deliveryThreads = threads;
            return this;
        }

        /** The wait before a first retry; each further one doubles it, at most 5 minutes, with jitter. */
        public Builder retryBackoff(Duration backoff) {
            if (backoff == null || backoff.isNegative() || backoff.isZero()) {
                throw new IllegalArgumentException("retry backoff " + backoff + " must be positive");
            }
            this.retryBackoff = backoff;
            return this;
        }

        public Builder maxPendingInvocations(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max pending invocations " + max + " must be positive");
            }
            this.maxPendingInvocations = max;
            return this;
        }

        /**
         * How long one invocation of a Java handler may run. Handlers run on threads of their own, at
         * most as many per target as there are delivery threads; one past its time fails with
         * {@code TIMEOUT} (and is interrupted), so a blocked handler holds up no other rule.
         */
        public Builder handlerTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handler timeout " + timeout + " must be positive");
            }
            this.handlerTimeout = timeout;
            return this;
        }

        /** The size at which a rule's dead-letter file is rotated to {@code <rule>.jsonl.1}, replacing the older one (at least 1024). */
        public Builder deadLetterFileMaxBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("dead-letter file size " + bytes + " is too small; at least 1024 bytes");
            }
            this.deadLetterFileMaxBytes = bytes;
            return this;
        }

        /** A custom bus to create at start. */
        public Builder bus(String name) {
            EventBridgeNames.check("event bus", name);
            if (name.equals(Rule.DEFAULT_BUS)) {
                throw new IllegalArgumentException("the default bus always exists; it is not created");
            }
            if (!buses.contains(name)) {
                buses.add(name);
            }
            return this;
        }

        public Builder connection(Connection connection) {
            connections.put(Objects.requireNonNull(connection, "connection").name(), connection);
            return this;
        }

        public Builder apiDestination(ApiDestination destination) {
            apiDestinations.put(Objects.requireNonNull(destination, "destination").name(), destination);
            return this;
        }

        /** A rule to put at start; a later one of the same bus and name replaces it. */
        public Builder rule(Rule rule) {
            Objects.requireNonNull(rule, "rule");
            rules.removeIf(r -> r.eventBusName().equals(rule.eventBusName()) && r.name().equals(rule.name()));
            rules.add(rule);
            return this;
        }

        public EventSettings build() {
            return new EventSettings(this);
        }
    }
}
