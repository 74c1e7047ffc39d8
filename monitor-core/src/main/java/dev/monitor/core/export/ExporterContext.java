package dev.monitor.core.export;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.MetricKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * What an exporter may need from the monitor that makes it.
 *
 * @param name    the exporter's name, unique within the monitor (its type unless configured)
 * @param layout  the monitor's data directory; file exporters write below it
 * @param clock   the monitor's clock, for file rotation and retention
 * @param self    where an exporter reports its own health: Monitor's namespace {@code Monitor}
 * @param background where an exporter runs slow work of its own (compressing or pruning files) rather
 *                on the thread that exports: in a monitor, the I/O lane of the monitor's scheduler, which
 *                runs one task at a time for every capability, so a task there must end (the monitor closes
 *                the lane after its exporters); outside a monitor, the calling thread
 * @param usage   where an exporter that sends somewhere billable reports what it sent (see {@link UsageMeter});
 *                {@link UsageMeter#NONE} outside a monitor
 * @param kinds   the instrument each metric was registered as, for exporters to typed formats (OTLP, Prometheus);
 *                {@link MetricKind#UNKNOWN} for every metric outside a monitor
 * @param configured what the monitor is configured with, by type, for exporters that mirror it elsewhere
 *                (the monitor's {@code LogSettings}: its groups' retention and metric filters); empty outside a monitor
 */
public record ExporterContext(String name, DataLayout layout, Clock clock, Metrics self, Executor background, UsageMeter usage,
                              Function<MetricId, MetricKind> kinds, Map<Class<?>, Object> configured) {

    public ExporterContext {
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(kinds, "kinds");
        configured = Map.copyOf(configured);
    }

    /** A context that knows nothing of the monitor's other settings. */
    public ExporterContext(String name, DataLayout layout, Clock clock, Metrics self, Executor background, UsageMeter usage,
                           Function<MetricId, MetricKind> kinds) {
        this(name, layout, clock, self, background, usage, kinds, Map.of());
    }

    /** The monitor's settings of {@code type} (such as its {@code LogSettings}), or null when there are none. */
    public <T> T configured(Class<T> type) {
        Object value = configured.get(type);
        return value == null ? null : type.cast(value);
    }

    /** A context that knows no metric's kind. */
    public ExporterContext(String name, DataLayout layout, Clock clock, Metrics self, Executor background, UsageMeter usage) {
        this(name, layout, clock, self, background, usage, metric -> MetricKind.UNKNOWN);
    }

    /** A context whose usage is not metered. */
    public ExporterContext(String name, DataLayout layout, Clock clock, Metrics self, Executor background) {
        this(name, layout, clock, self, background, UsageMeter.NONE);
    }

    /** A context outside a monitor (a test, a tool): background work runs on the calling thread. */
    public ExporterContext(String name, DataLayout layout, Clock clock, Metrics self) {
        this(name, layout, clock, self, Runnable::run);
    }

    /** The data directory. */
    public Path dataDir() {
        return layout.root();
    }
}
