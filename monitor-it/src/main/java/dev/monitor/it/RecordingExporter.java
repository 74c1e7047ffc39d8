package dev.monitor.it;

import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.Signal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Appends each item of one signal to a {@link RecordingFile} as a line of {@link RecordedLines}. */
final class RecordingExporter<T> implements Exporter<T> {
    private final Signal<T> signal;
    private final RecordingFile file;

    RecordingExporter(Signal<T> signal, RecordingFile file) {
        this.signal = signal;
        this.file = file;
    }

    @Override
    public void export(List<T> batch) throws IOException {
        List<String> lines = new ArrayList<>(batch.size());
        for (T item : batch) {
            lines.add(RecordedLines.line(signal, item));
        }
        file.append(lines);
    }

    @Override
    public void close() throws IOException {
        file.release();
    }
}
