package dev.monitor.core.export.internal;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.ExporterProvider;
import dev.monitor.core.export.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every signal's {@link ExportPipeline}: made from the configuration's {@code exporters:} list
 * (each entry a {@code type} found through {@link ServiceLoader}, a {@code name} and the
 * {@code signals} it takes) and from exporters given in code.
 */
public final class ExportPipelines implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExportPipelines.class);

    private final Map<Signal<?>, ExportPipeline<?>> pipelines;

    private ExportPipelines(Map<Signal<?>, ExportPipeline<?>> pipelines) {
        this.pipelines = pipelines;
    }

    /** The pipeline of {@code signal}; one with no exporters when none takes it. */
    @SuppressWarnings("unchecked")
    public <T> ExportPipeline<T> of(Signal<T> signal) {
        return (ExportPipeline<T>) pipelines.get(signal);
    }

    /** Batches waiting per exporter of every signal, as {@code signal/exporter}. */
    public Map<String, Integer> backlog() {
        Map<String, Integer> backlog = new java.util.LinkedHashMap<>();
        pipelines.forEach((signal, pipeline) -> pipeline.backlog().forEach((name, size) -> backlog.put(signal + "/" + name, size)));
        return backlog;
    }

    /** Waits until every exporter of every signal has exported what was queued and flushed it, at most {@code timeout} in all. */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (ExportPipeline<?> pipeline : pipelines.values()) {
            all &= pipeline.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        return all;
    }

    /** Exports what is queued, then closes every exporter, waiting at most 10 s in all. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * Exports what is queued, then closes every exporter, all lanes at once, waiting at most
     * {@code timeout} in all. An exporter that has not finished by then (stuck in an export or in
     * its close) is interrupted and abandoned: one warning names each such exporter with its signal
     * and the batches and items it did not export, which are counted in {@code Monitor/Dropped}.
     *
     * @return whether every exporter finished in time
     */
    public boolean close(Duration timeout) {
        return close(System.nanoTime() + timeout.toNanos(), timeout);
    }

    /**
     * As {@link #close(Duration)}, waiting until {@code deadline} ({@link System#nanoTime()}): the rest of a
     * longer close's time, whose whole {@code timeout} the warning names.
     */
    public boolean close(long deadline, Duration timeout) {
        pipelines.values().forEach(ExportPipeline::stop);
        List<String> abandoned = new ArrayList<>();
        for (ExportPipeline<?> pipeline : pipelines.values()) {
            abandoned.addAll(pipeline.awaitStopped(deadline));
        }
        if (!abandoned.isEmpty()) {
            LOG.warn("closing the monitor gave up after {} on exporters that did not finish: {}",
                    text(timeout), String.join("; ", abandoned));
        }
        return abandoned.isEmpty();
    }

    /** {@code 10s} or {@code 250ms}, as the configuration writes durations. */
    static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /**
     * Collects exporters, then starts the pipelines. Problems of configured entries are recorded
     * in their {@link ConfigNode}s; an entry with a problem makes no exporter.
     */
    public static final class Builder {
        private final Map<Signal<?>, List<ExportPipeline.Named<?>>> named = new LinkedHashMap<>();
        private final Set<String> names = new LinkedHashSet<>();
        /** {@code signal/type} of every configured entry: a default of that type and signal is then not added. */
        private final Set<String> configuredTypes = new LinkedHashSet<>();

        public Builder() {
            for (Signal<?> signal : Signal.values()) {
                named.put(signal, new ArrayList<>());
            }
        }

        /** Adds an exporter given in code. */
        public <T> Builder add(Signal<T> signal, String name, Exporter<T> exporter) {
            if (!names.add(signal + "/" + name)) {
                throw new IllegalArgumentException(signal + " exporter name '" + name + "' is already used; names must be unique");
            }
            named.get(signal).add(new ExportPipeline.Named<>(name, exporter));
            return this;
        }

        /**
         * Adds a capability's default exporter (log files, segment files, CloudTrail files), named
         * by its type, unless a configured entry of that type already exports {@code signal}:
         * the entry's settings then replace the default. Call after {@link #configure}.
         */
        public <T> Builder addDefault(Signal<T> signal, String type, Supplier<Exporter<T>> exporter) {
            if (!configuredTypes.contains(signal + "/" + type)) {
                add(signal, type, exporter.get());
            }
            return this;
        }

        /**
         * Makes the exporters of configured entries, each {@code {type, name?, signals?, ...settings}}.
         *
         * @param context the context of each exporter, given its name
         */
        public Builder configure(List<ConfigNode> entries, Function<String, ExporterContext> context) {
            Map<String, ExporterProvider> providers = providers();
            for (ConfigNode entry : entries) {
                String type = entry.requiredString("type");
                String name = entry.string("name", type);
                ExporterProvider provider = type == null ? null : providers.get(type);
                if (provider == null) {
                    if (type != null) {
                        entry.problem("type", "unknown exporter type '" + type + "'; known types: "
                                + String.join(", ", providers.keySet())
                                + " (an artifact such as monitor-aws adds more when it is on the classpath)");
                    }
                    continue;
                }
                Set<Signal<?>> signals = signals(entry, provider);
                for (Signal<?> signal : signals) {
                    if (name != null && names.contains(signal + "/" + name)) {
                        entry.problem("name", "exporter name '" + name + "' is used twice for " + signal
                                + "; give each exporter a unique name");
                        signals = Set.of();
                        break;
                    }
                }
                for (Signal<?> signal : signals) {
                    configuredTypes.add(signal + "/" + type);
                    create(signal, provider, entry, name, context.apply(name));
                }
                entry.rejectUnknownKeys();
            }
            return this;
        }

        private <T> void create(Signal<T> signal, ExporterProvider provider, ConfigNode entry, String name, ExporterContext context) {
            Exporter<T> exporter;
            try {
                exporter = provider.create(signal, context, entry);
            } catch (RuntimeException e) {
                entry.problem("type", "exporter type '" + provider.type() + "' could not be created for " + signal + ": "
                        + e.getMessage());
                return;
            }
            if (exporter != null) {
                add(signal, name, exporter);
            }
        }

        /** The entry's {@code signals}, each one its type can export; the type's defaults when absent. */
        private static Set<Signal<?>> signals(ConfigNode entry, ExporterProvider provider) {
            if (!entry.has("signals")) {
                return provider.defaultSignals();
            }
            Set<Signal<?>> chosen = new LinkedHashSet<>();
            for (String text : entry.strings("signals")) {
                Signal<?> signal = Signal.named(text).orElse(null);
                if (signal == null) {
                    entry.problem("signals", "'" + text + "' is not a signal; signals are " + Signal.values());
                } else if (!provider.signals().contains(signal)) {
                    entry.problem("signals", "exporter type '" + provider.type() + "' cannot export " + signal
                            + "; it exports " + provider.signals());
                } else {
                    chosen.add(signal);
                }
            }
            return chosen;
        }

        private static Map<String, ExporterProvider> providers() {
            Map<String, ExporterProvider> providers = new TreeMap<>();
            for (ExporterProvider provider : ServiceLoader.load(ExporterProvider.class)) {
                providers.putIfAbsent(provider.type(), provider);
            }
            return providers;
        }

        /** Closes what was made, for a start that failed before the pipelines took the exporters over. */
        public void closeMade() {
            named.values().forEach(list -> list.forEach(n -> {
                try {
                    n.exporter().close();
                } catch (Exception e) {
                    LOG.debug("closing exporter '{}' after a failed start failed", n.name(), e);
                }
            }));
        }

        /** Starts one pipeline per signal. */
        public ExportPipelines start(Metrics self, int attempts, Duration firstBackoff) {
            return start(self, attempts, firstBackoff, name -> false);
        }

        /**
         * Starts one pipeline per signal; the batches of an exporter for which {@code overBudget}
         * holds are dropped and counted (never audit records, which must not drop).
         */
        public ExportPipelines start(Metrics self, int attempts, Duration firstBackoff, java.util.function.Predicate<String> overBudget) {
            Map<Signal<?>, ExportPipeline<?>> pipelines = new LinkedHashMap<>();
            for (Signal<?> signal : Signal.values()) {
                pipelines.put(signal, pipeline(signal, self, attempts, firstBackoff, signal.mayDrop() ? overBudget : name -> false));
            }
            return new ExportPipelines(pipelines);
        }

        /** The names of the exporters made so far, of every signal. */
        public Set<String> exporterNames() {
            Set<String> all = new java.util.TreeSet<>();
            names.forEach(n -> all.add(n.substring(n.indexOf('/') + 1)));
            return all;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private <T> ExportPipeline<T> pipeline(Signal<T> signal, Metrics self, int attempts, Duration firstBackoff,
                                               java.util.function.Predicate<String> overBudget) {
            List<ExportPipeline.Named<T>> exporters = (List) named.get(signal);
            return new ExportPipeline<>(signal, exporters, self, attempts, firstBackoff, overBudget);
        }
    }
}
