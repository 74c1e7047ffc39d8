package dev.monitor.xray;

import dev.monitor.core.files.RollingFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Writes documents as JSON lines under {@code <data-dir>/traces}, rotated and pruned like the metric files. */
public final class FileEmitter implements Emitter {
    private final RollingFile file;

    public FileEmitter(Path directory, long rotateBytes, Duration rotateEvery, Duration retention, Clock clock) {
        this.file = new RollingFile(directory, "segments", rotateBytes, rotateEvery, retention, clock);
    }

    @Override
    public void send(String document) throws IOException {
        file.write(List.of(document));
    }

    @Override
    public void flush() throws IOException {
        file.flush();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
