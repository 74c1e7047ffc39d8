package dev.monitor.core.export;

import dev.monitor.core.config.ConfigNode;
import java.util.Set;

/**
 * Makes exporters of one {@code type} from configuration. Found through {@link java.util.ServiceLoader}:
 * an artifact that lists its providers in {@code META-INF/services/dev.monitor.core.export.ExporterProvider}
 * adds exporter types to the configuration file without code:
 *
 * <pre>{@code
 * exporters:
 *   - type: emf                    # signals: the type's defaults
 *   - type: my-collector
 *     signals: [metrics, logs, traces, audit]
 * }</pre>
 */
public interface ExporterProvider {

    /** The name used as {@code type:} in the configuration, such as {@code emf}. */
    String type();

    /** The signals this type can export. */
    Set<Signal<?>> signals();

    /** The signals an entry without {@code signals:} exports; by default all it can. */
    default Set<Signal<?>> defaultSignals() {
        return signals();
    }

    /**
     * Makes an exporter of {@code signal}, one of {@link #signals()}. Read settings through
     * {@code settings}; record problems there rather than throwing, so that every problem of a
     * document is reported at once. Called once per signal an entry exports, with the same settings.
     *
     * @return the exporter, or null when a setting was invalid (a problem has been recorded)
     */
    <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings);
}
