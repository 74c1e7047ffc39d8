package dev.monitor.core.export;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What an exporter may need from the monitor that makes it.
 *
 * @param name    the exporter's name, unique within the monitor (its type unless configured)
 * @param dataDir the monitor's data directory; file exporters write below it
 * @param clock   the monitor's clock, for file rotation and retention
 */
public record ExporterContext(String name, Path dataDir, Clock clock) {
}
