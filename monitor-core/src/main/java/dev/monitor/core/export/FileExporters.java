package dev.monitor.core.export;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.RollingFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The exporter types built into the core: {@code emf} and {@code jsonl} files under the data
 * directory, and {@code emf-stdout}. File settings: {@code directory} (relative to the data
 * directory, default {@code metrics}; another one is recorded in {@code layout.json}, see
 * {@link DataLayout#record}), {@code rotateBytes} (default 64MB, binary: 64 × 1024² bytes), {@code rotateEvery}
 * (default 1h) and {@code retention} (default 7d); EMF also takes {@code maxValuesPerPeriod}
 * (default 1000, see {@link EmfFormat}).
 */
final class FileExporters {
    private FileExporters() {
    }

    /**
     * The exporter's rolling files in its {@code directory}, by default the metrics folder; another
     * folder is recorded in the data directory's layout manifest, so that the CLI reads it too.
     */
    static RollingFile rollingFile(ExporterContext context, ConfigNode settings, DataLayout.Files files) {
        String configured = settings.string("directory", null);
        Path directory = context.layout().metrics();
        if (configured != null) {
            directory = context.dataDir().resolve(configured);
            try {
                context.layout().record(Signal.METRICS.name(), configured);
            } catch (IOException | UncheckedIOException e) {
                settings.problem("directory", "'" + configured + "' cannot be recorded in the data directory's layout manifest "
                        + "(which tells readers such as the CLI where metrics are): " + e.getMessage());
            }
        }
        long rotateBytes = settings.bytes("rotateBytes", 64L << 20);
        Duration rotateEvery = settings.duration("rotateEvery", Duration.ofHours(1));
        Duration retention = settings.duration("retention", Duration.ofDays(7));
        return new RollingFile(directory, files.prefix(), rotateBytes, rotateEvery, retention, context.clock());
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
            return signal.as(Signal.METRICS, EmfExporter.toFile(emfFormat(settings), rollingFile(context, settings, DataLayout.Files.EMF), context));
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
            return signal.as(Signal.METRICS, new JsonLinesExporter(rollingFile(context, settings, DataLayout.Files.DATAPOINTS)));
        }
    }
}
