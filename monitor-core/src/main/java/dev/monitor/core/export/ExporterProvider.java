package dev.monitor.core.export;

import dev.monitor.core.config.ConfigNode;

/**
 * Makes exporters of one {@code type} from configuration. Found through {@link java.util.ServiceLoader}:
 * an artifact that lists its providers in {@code META-INF/services/dev.monitor.core.export.ExporterProvider}
 * adds exporter types to the configuration file without code.
 */
public interface ExporterProvider {

    /** The name used as {@code type:} in the configuration, such as {@code emf}. */
    String type();

    /**
     * Makes an exporter. Read settings through {@code settings}; record problems there rather than
     * throwing, so that every problem of a document is reported at once.
     *
     * @return the exporter, or null when a setting was invalid (a problem has been recorded)
     */
    MetricExporter create(ExporterContext context, ConfigNode settings);
}
