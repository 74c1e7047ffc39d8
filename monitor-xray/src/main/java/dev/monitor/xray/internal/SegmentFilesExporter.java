package dev.monitor.xray.internal;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.RollingFile;
import dev.monitor.xray.XRaySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Not API. {@code type: segment-files}: segment documents as JSON lines in
 * {@link DataLayout#traces()}, in files named as {@link DataLayout.Files#SEGMENTS}, rotated and
 * pruned like the metric files. Each batch reaches the operating system before {@link #export}
 * returns, so a crash of the process loses only what the pipeline had not yet exported.
 */
public final class SegmentFilesExporter implements Exporter<SegmentDocument> {
    private final RollingFile file;

    /**
     * How the files roll: {@code rotateBytes} (default 64MB, that is 64 × 1024² bytes, as every size
     * setting reads it), {@code rotateEvery} (default 1h), {@code retention} (default 7d; null keeps
     * them forever).
     */
    public record Options(long rotateBytes, Duration rotateEvery, Duration retention) {
        public static final Options DEFAULTS = new Options(XRaySettings.SegmentFiles.DEFAULTS.rotateBytes(),
                XRaySettings.SegmentFiles.DEFAULTS.rotateEvery(), XRaySettings.SegmentFiles.DEFAULTS.retention());

        /** @throws IllegalArgumentException naming a size or duration that is not positive */
        public Options {
            new XRaySettings.SegmentFiles(true, rotateBytes, rotateEvery, retention); // the settings' checks
        }

        /** The options of a {@code files:} section or an exporter entry; problems go to {@code settings}. */
        public static Options read(ConfigNode settings) {
            return new Options(settings.bytes("rotateBytes", DEFAULTS.rotateBytes()),
                    settings.duration("rotateEvery", DEFAULTS.rotateEvery()), settings.duration("retention", DEFAULTS.retention()));
        }
    }

    public SegmentFilesExporter(DataLayout layout, Options options, Clock clock) {
        this.file = new RollingFile(layout.traces(), DataLayout.Files.SEGMENTS.prefix(), options.rotateBytes(),
                options.rotateEvery(), options.retention(), clock);
    }

    @Override
    public void export(List<SegmentDocument> batch) throws IOException {
        for (SegmentDocument document : batch) {
            byte[] line = document.document().getBytes(StandardCharsets.UTF_8);
            file.write(line, 0, line.length);
        }
        file.flush(); // the batch reaches the OS: a crash loses at most what was not yet exported
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
