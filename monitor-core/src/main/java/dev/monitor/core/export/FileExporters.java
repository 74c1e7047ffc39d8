package dev.monitor.core.export;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.files.RollingFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The exporter types built into the core: {@code emf} and {@code jsonl} files under the data
 * directory, and {@code emf-stdout}. File settings: {@code directory} (relative to the data
 * directory, default {@code metrics}), {@code rotateBytes} (default 64MB, binary: 64 × 1024² bytes), {@code rotateEvery}
 * (default 1h) and {@code retention} (default 7d); EMF also takes {@code maxValuesPerPeriod}
 * (default 1000, see {@link EmfFormat}).
 */
final class FileExporters {
    static final String DEFAULT_DIRECTORY = "metrics";

    private FileExporters() {
    }

    static RollingFile rollingFile(ExporterContext context, ConfigNode settings, String prefix) {
        Path directory = context.dataDir().resolve(settings.string("directory", DEFAULT_DIRECTORY));
        long rotateBytes = settings.bytes("rotateBytes", 64L << 20);
        Duration rotateEvery = settings.duration("rotateEvery", Duration.ofHours(1));
        Duration retention = settings.duration("retention", Duration.ofDays(7));
        return new RollingFile(directory, prefix, rotateBytes, rotateEvery, retention, context.clock());
    }

    static EmfFormat emfFormat(ConfigNode settings) {
        return new EmfFormat(settings.integer("maxValuesPerPeriod", 1000,
                EmfFormat.MAX_VALUES_PER_ARRAY, 1_000_000));
    }

    /** {@code type: emf}: EMF files named {@code emf-<time>-<n>.jsonl}. */
    public static final class Emf implements ExporterProvider {
        @Override
        public String type() {
            return "emf";
        }

        @Override
        public Set<Signal<?>> signals() {
            return Set.of(Signal.METRICS);
        }

        @Override
        public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
            return signal.as(Signal.METRICS, EmfExporter.toFile(emfFormat(settings), rollingFile(context, settings, "emf"), context));
        }
    }

    /** {@code type: emf-stdout}: EMF lines on standard output. */
    public static final class EmfStdout implements ExporterProvider {
        @Override
        public String type() {
            return "emf-stdout";
        }

        @Override
        public Set<Signal<?>> signals() {
            return Set.of(Signal.METRICS);
        }

        @Override
        public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
            return signal.as(Signal.METRICS, EmfExporter.toStream(emfFormat(settings), System.out, context));
        }
    }

    /** {@code type: jsonl}: plain datapoint files named {@code datapoints-<time>-<n>.jsonl}. */
    public static final class JsonLines implements ExporterProvider {
        @Override
        public String type() {
            return "jsonl";
        }

        @Override
        public Set<Signal<?>> signals() {
            return Set.of(Signal.METRICS);
        }

        @Override
        public <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
            return signal.as(Signal.METRICS, new JsonLinesExporter(rollingFile(context, settings, "datapoints")));
        }
    }
}
