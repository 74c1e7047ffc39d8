package dev.monitor.core.logs.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.logs.LogSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The log files hold each line exactly as {@code String.getBytes(UTF_8)} encodes it, surrogates and all. */
class LogFilesEncodingProperties {
    private final LogFilesExporter files = LogFilesExporter.of(LogSettings.defaults("Shop"), new ExporterContext("log-files",
            new DataLayout(Path.of("unused")), ManualClock.at("2026-11-22T10:00:00Z"), Metrics.noop()));

    @Property(tries = 2000)
    void aLineIsEncodedAsTheJdkEncodesIt(@ForAll String text) {
        int length = files.encode(text);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Arrays.copyOf(files.line, length), text);
    }

    @Property(tries = 200)
    void unpairedSurrogatesBecomeQuestionMarks(@ForAll char c, @ForAll String rest) {
        String text = rest + (char) (0xD800 + (c % 0x800)) + rest;
        int length = files.encode(text);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Arrays.copyOf(files.line, length), text);
    }
}
