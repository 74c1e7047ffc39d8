package dev.monitor.core.export;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.files.DataLayout;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What an exporter may need from the monitor that makes it.
 *
 * @param name    the exporter's name, unique within the monitor (its type unless configured)
 * @param layout  the monitor's data directory; file exporters write below it
 * @param clock   the monitor's clock, for file rotation and retention
 * @param self    where an exporter reports its own health: Monitor's namespace {@code Monitor}
 */
public record ExporterContext(String name, DataLayout layout, Clock clock, Metrics self) {

    /** The data directory. */
    public Path dataDir() {
        return layout.root();
    }
}
