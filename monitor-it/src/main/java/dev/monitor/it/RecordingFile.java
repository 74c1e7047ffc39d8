package dev.monitor.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** One file that the exporters of one entry append to; closed when the last of them closes. */
final class RecordingFile {
    private final OutputStream out;
    private int users;
    private boolean closed;

    private RecordingFile(OutputStream out) {
        this.out = out;
    }

    static RecordingFile open(Path path) throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        return new RecordingFile(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    synchronized RecordingFile share() {
        users++;
        return this;
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Appends the lines of one batch together, so that batches of different signals never interleave within a line. */
    synchronized void append(List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    synchronized void release() throws IOException {
        if (--users == 0 && !closed) {
            closed = true;
            out.close();
        }
    }
}
