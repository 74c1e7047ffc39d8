package dev.monitor.core.audit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Takes what SLF4J's simple logger writes (to {@code System.err}, looked up at each line) while a
 * test provokes errors, so that a passing build prints none and the test can assert on them.
 */
final class LogCapture implements AutoCloseable {
    private final PrintStream saved = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    LogCapture() {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setErr(saved);
    }
}
