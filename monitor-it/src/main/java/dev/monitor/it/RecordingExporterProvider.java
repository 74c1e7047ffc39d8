package dev.monitor.it;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.ExporterProvider;
import dev.monitor.core.export.Signal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code type: recording}: an exporter type from outside the monitor's own jars, found through this
 * artifact's {@code META-INF/services} as any third party's would be. It takes every signal and
 * appends each item it receives as one JSON line to the file of its {@code file} setting (relative
 * to the data directory, or absolute), in the form {@link RecordedLines} writes and reads.
 *
 * <pre>{@code
 * exporters:
 *   - type: recording
 *     signals: [metrics, logs, traces, audit]
 *     file: recorded.jsonl
 * }</pre>
 *
 * <p>One entry makes one exporter per signal, each on its pipeline's own thread: those of one entry
 * share one open file, whose appends are serialised. The provider holds the files it opened for
 * one configuration; nothing is static.
 */
public final class RecordingExporterProvider implements ExporterProvider {
    private final Map<Path, RecordingFile> files = new HashMap<>();

    @Override
    public String type() {
        return "recording";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.METRICS, Signal.LOGS, Signal.TRACES, Signal.AUDIT);
    }

    @Override
    public synchronized <T> Exporter<T> create(Signal<T> signal, ExporterContext context, ConfigNode settings) {
        String name = settings.requiredString("file");
        if (name == null) {
            return null;
        }
        Path path = context.dataDir().resolve(name).toAbsolutePath().normalize();
        RecordingFile file = files.get(path);
        try {
            if (file == null || file.closed()) {
                file = RecordingFile.open(path);
                files.put(path, file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("'" + name + "' cannot be opened for appending: " + e.getMessage(), e);
        }
        return new RecordingExporter<>(signal, file.share());
    }
}
