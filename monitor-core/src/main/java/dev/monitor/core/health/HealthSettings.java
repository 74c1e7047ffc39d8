package dev.monitor.core.health;

import dev.monitor.api.health.Status;
import dev.monitor.core.config.ConfigNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of a monitor's health. Immutable; made by {@link #builder()} or read from the
 * configuration's {@code health:} section:
 *
 * <pre>
 * health:
 *   tick: 1s                  # how often due checks are started and timeouts found
 *   retention: 90d            # status changes and closed events kept this long
 *   historyDays: 90           # days in the service-history view
 *   builtins:                 # built-in checks, each in the readiness group; enabled: false turns one off
 *     diskSpace: {minFree: 100MB}
 *     heap: {maxUsedAfterGc: 0.9, degradedAfterGc: 0.8}
 *     deadlocks: {enabled: true}
 *     exporterBacklog: {max: 80}
 *   dependencies: {faultRate: 0.05, throttleRate: 0.2, window: 5m, minCalls: 10}
 *   alarms:                   # alarm name: the component it marks while in ALARM, and as what
 *     PaymentsErrors: {component: payments, status: DEGRADED}
 *   maintenance:
 *     - {component: payments, start: 2026-12-03T10:00:00Z, end: 2026-12-03T10:30:00Z, notice: 1h, description: ...}
 *   checks:                   # checks from the configuration: an HTTP GET answered 2xx or 3xx, or a TCP connect
 *     - {name: fraud-api, type: http, url: "http://fraud:8080/ping", component: fraud-check, groups: [readiness],
 *        interval: 10s, timeout: 2s, gracePeriod: 30s}
 *     - {name: db-port, type: tcp, address: "db:5432", component: payments}
 * </pre>
 */
public final class HealthSettings {
    /** A built-in check's settings; {@code enabled} false turns it off. */
    public record Builtins(boolean diskSpace, long minFreeBytes, boolean heap, double degradedAfterGc, double maxUsedAfterGc,
                           boolean deadlocks, boolean exporterBacklog, int maxBacklog) {
        public Builtins {
            if (minFreeBytes < 0) {
                throw new IllegalArgumentException("diskSpace.minFree must not be negative, not " + minFreeBytes);
            }
            if (!(degradedAfterGc > 0 && degradedAfterGc <= maxUsedAfterGc && maxUsedAfterGc <= 1)) {
                throw new IllegalArgumentException("heap: 0 < degradedAfterGc (" + degradedAfterGc + ") <= maxUsedAfterGc ("
                        + maxUsedAfterGc + ") <= 1 must hold");
            }
            if (maxBacklog < 1) {
                throw new IllegalArgumentException("exporterBacklog.max must be at least 1, not " + maxBacklog);
            }
        }
    }

    /**
     * When a dependency is DEGRADED: its fault rate or throttle rate over {@code window} above the
     * threshold, with at least {@code minCalls} calls (two failures of three calls are not an outage).
     */
    public record Dependencies(double faultRate, double throttleRate, Duration window, int minCalls) {
        public Dependencies {
            if (!(faultRate > 0 && faultRate <= 1) || !(throttleRate > 0 && throttleRate <= 1)) {
                throw new IllegalArgumentException("dependencies: faultRate (" + faultRate + ") and throttleRate (" + throttleRate
                        + ") must be in (0, 1]");
            }
            if (window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("dependencies.window must be positive, not " + window);
            }
            if (minCalls < 1) {
                throw new IllegalArgumentException("dependencies.minCalls must be at least 1, not " + minCalls);
            }
        }
    }

    /** An alarm bound to a component: while it is in ALARM, the component is at least {@code status}. */
    public record AlarmBinding(String component, Status status) {
        public AlarmBinding {
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * A check declared in the configuration: {@code http} (a GET of {@code target}, UP when answered
     * 2xx or 3xx) or {@code tcp} (a connection to {@code target}, {@code host:port}).
     */
    public record ConfiguredCheck(String name, String type, String target, CheckOptions options) {
        public ConfiguredCheck {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(options, "options");
            if (!type.equals("http") && !type.equals("tcp")) {
                throw new IllegalArgumentException("check '" + name + "': type '" + type + "' is not one of http, tcp");
            }
        }
    }

    private final Duration tick;
    private final Duration retention;
    private final int historyDays;
    private final Builtins builtins;
    private final Dependencies dependencies;
    private final Map<String, AlarmBinding> alarms;
    private final List<MaintenanceWindow> maintenance;
    private final List<ConfiguredCheck> checks;

    private HealthSettings(Builder builder) {
        this.tick = builder.tick;
        this.retention = builder.retention;
        this.historyDays = builder.historyDays;
        this.builtins = builder.builtins;
        this.dependencies = builder.dependencies;
        this.alarms = Map.copyOf(builder.alarms);
        this.maintenance = List.copyOf(builder.maintenance);
        this.checks = List.copyOf(builder.checks);
    }

    public static HealthSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a {@code health:} section; problems go to the node's problem list. */
    public static HealthSettings read(ConfigNode node) {
        Builder builder = builder();
        try {
            builder.tick(node.duration("tick", builder.tick));
            builder.retention(node.duration("retention", builder.retention));
        } catch (IllegalArgumentException e) {
            node.problem("tick", e.getMessage());
        }
        builder.historyDays(node.integer("historyDays", builder.historyDays, 1, 3660));
        if (node.has("builtins")) {
            ConfigNode builtins = node.child("builtins");
            Builtins d = builder.builtins;
            ConfigNode disk = builtins.child("diskSpace");
            ConfigNode heap = builtins.child("heap");
            ConfigNode deadlocks = builtins.child("deadlocks");
            ConfigNode backlog = builtins.child("exporterBacklog");
            try {
                builder.builtins(new Builtins(disk.bool("enabled", true), disk.bytes("minFree", d.minFreeBytes()),
                        heap.bool("enabled", true), number(heap, "degradedAfterGc", d.degradedAfterGc()), number(heap, "maxUsedAfterGc", d.maxUsedAfterGc()),
                        deadlocks.bool("enabled", true), backlog.bool("enabled", true),
                        backlog.integer("max", d.maxBacklog(), 1, Integer.MAX_VALUE)));
            } catch (IllegalArgumentException e) {
                heap.problem("maxUsedAfterGc", e.getMessage());
            }
            for (ConfigNode child : List.of(disk, heap, deadlocks, backlog)) {
                child.rejectUnknownKeys();
            }
            builtins.rejectUnknownKeys();
        }
        if (node.has("dependencies")) {
            ConfigNode deps = node.child("dependencies");
            Dependencies d = builder.dependencies;
            try {
                builder.dependencies(new Dependencies(number(deps, "faultRate", d.faultRate()), number(deps, "throttleRate", d.throttleRate()),
                        deps.duration("window", d.window()), deps.integer("minCalls", d.minCalls(), 1, Integer.MAX_VALUE)));
            } catch (IllegalArgumentException e) {
                deps.problem("faultRate", e.getMessage());
            }
            deps.rejectUnknownKeys();
        }
        ConfigNode alarms = node.child("alarms");
        for (String alarm : alarms.keys()) {
            ConfigNode binding = alarms.child(alarm);
            String component = binding.requiredString("component");
            Status status = Status.valueOf(binding.choice("status", "DEGRADED", "DEGRADED", "DOWN", "OUT_OF_SERVICE"));
            binding.rejectUnknownKeys();
            if (component != null) {
                builder.alarm(alarm, component, status);
            }
        }
        for (ConfigNode window : node.list("maintenance")) {
            String component = window.requiredString("component");
            Instant start = instant(window, "start");
            Instant end = instant(window, "end");
            Duration notice = window.duration("notice", Duration.ofHours(1));
            String description = window.string("description", null);
            window.rejectUnknownKeys();
            if (component != null && start != null && end != null) {
                try {
                    builder.maintenance(new MaintenanceWindow(component, start, end, notice, description));
                } catch (IllegalArgumentException e) {
                    window.problem("end", e.getMessage());
                }
            }
        }
        for (ConfigNode check : node.list("checks")) {
            readCheck(check, builder);
        }
        node.rejectUnknownKeys();
        return builder.build();
    }

    private static void readCheck(ConfigNode check, Builder builder) {
        String name = check.requiredString("name");
        String type = check.choice("type", null, "http", "tcp");
        if (type == null && !check.has("type")) {
            check.problem("type", "required: http or tcp");
        }
        String target = "http".equals(type) ? check.requiredString("url") : "tcp".equals(type) ? check.requiredString("address") : null;
        CheckOptions defaults = CheckOptions.defaults();
        List<String> groups = check.has("groups") ? check.strings("groups") : List.copyOf(defaults.groups());
        Duration interval = check.duration("interval", defaults.interval());
        Duration timeout = check.duration("timeout", defaults.timeout());
        Duration grace = check.has("gracePeriod") ? check.duration("gracePeriod", Duration.ZERO) : Duration.ZERO;
        String component = check.string("component", null);
        check.rejectUnknownKeys();
        if (name == null || type == null || target == null) {
            return;
        }
        try {
            if (type.equals("http")) {
                java.net.URI uri = java.net.URI.create(target);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    check.problem("url", "'" + target + "' is not an http or https URL");
                    return;
                }
            } else if (!target.matches(".+:[0-9]{1,5}")) {
                check.problem("address", "'" + target + "' is not host:port");
                return;
            }
            builder.check(new ConfiguredCheck(name, type, target,
                    new CheckOptions(component, java.util.Set.copyOf(groups), interval, timeout, grace)));
        } catch (IllegalArgumentException e) {
            check.problem(type.equals("http") ? "url" : "groups", e.getMessage());
        }
    }

    private static double number(ConfigNode node, String key, double fallback) {
        Double value = node.number(key);
        return value == null ? fallback : value;
    }

    private static Instant instant(ConfigNode node, String key) {
        String text = node.requiredString(key);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            node.problem(key, "'" + text + "' is not an ISO-8601 instant such as 2026-12-03T10:00:00Z");
            return null;
        }
    }

    public Duration tick() {
        return tick;
    }

    public Duration retention() {
        return retention;
    }

    public int historyDays() {
        return historyDays;
    }

    public Builtins builtins() {
        return builtins;
    }

    public Dependencies dependencies() {
        return dependencies;
    }

    public Map<String, AlarmBinding> alarms() {
        return alarms;
    }

    public List<MaintenanceWindow> maintenance() {
        return maintenance;
    }

    /** The checks the configuration declares, registered when the monitor starts. */
    public List<ConfiguredCheck> checks() {
        return checks;
    }

    /** Collects {@link HealthSettings}; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {
        private Duration tick = Duration.ofSeconds(1);
        private Duration retention = Duration.ofDays(90);
        private int historyDays = 90;
        private Builtins builtins = new Builtins(true, 100L * 1024 * 1024, true, 0.8, 0.9, true, true, 80);
        private Dependencies dependencies = new Dependencies(0.05, 0.2, Duration.ofMinutes(5), 10);
        private final Map<String, AlarmBinding> alarms = new LinkedHashMap<>();
        private final List<MaintenanceWindow> maintenance = new ArrayList<>();
        private final List<ConfiguredCheck> checks = new ArrayList<>();

        private Builder() {
        }

        /** How often due checks start and timeouts are found; {@link Duration#ZERO}: never by itself (tests tick). */
        public Builder tick(Duration tick) {
            Objects.requireNonNull(tick, "tick");
            if (tick.isNegative()) {
                throw new IllegalArgumentException("tick must not be negative, not " + tick);
            }
            this.tick = tick;
            return this;
        }

        public Builder retention(Duration retention) {
            Objects.requireNonNull(retention, "retention");
            if (retention.compareTo(Duration.ofDays(1)) < 0) {
                throw new IllegalArgumentException("retention must be at least 1 day, not " + retention);
            }
            this.retention = retention;
            return this;
        }

        public Builder historyDays(int days) {
            if (days < 1) {
                throw new IllegalArgumentException("historyDays must be at least 1, not " + days);
            }
            this.historyDays = days;
            return this;
        }

        public Builder builtins(Builtins builtins) {
            this.builtins = Objects.requireNonNull(builtins, "builtins");
            return this;
        }

        public Builder dependencies(Dependencies dependencies) {
            this.dependencies = Objects.requireNonNull(dependencies, "dependencies");
            return this;
        }

        public Builder alarm(String alarmName, String component, Status status) {
            alarms.put(Objects.requireNonNull(alarmName, "alarmName"), new AlarmBinding(component, status));
            return this;
        }

        public Builder maintenance(MaintenanceWindow window) {
            maintenance.add(Objects.requireNonNull(window, "window"));
            return this;
        }

        /** Declares an http or tcp check, registered when the monitor starts. */
        public Builder check(ConfiguredCheck check) {
            checks.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        public HealthSettings build() {
            return new HealthSettings(this);
        }
    }
}
