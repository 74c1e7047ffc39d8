package dev.monitor.xray;

import dev.monitor.api.trace.Segment;
import dev.monitor.core.files.DataLayout;
import dev.monitor.xray.internal.SegmentFilesExporter;
import dev.monitor.xray.internal.TraceEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link SegmentFileKillTest} kills: it ends a segment about every millisecond, each
 * annotated with its sequence number, into segment files under the data directory it is given, and prints
 * the last sequence number ended every 20 segments, until it is killed.
 */
final class KillTestChild {
    private KillTestChild() {
    }

    public static void main(String[] args) {
        Clock clock = Clock.systemUTC();
        TraceEngine tracer = TraceEngine.builder().clock(clock).sampler(Sampler.fromJson(
                        "{\"version\": 2, \"rules\": [], \"default\": {\"fixed_target\": 1000000, \"rate\": 1}}", clock))
                .exporter("segment-files", new SegmentFilesExporter(new DataLayout(Path.of(args[0])),
                        new SegmentFilesExporter.Options(64L << 20, Duration.ofHours(1), null), clock)).build();
        for (long seq = 0; ; seq++) {
            try (Segment segment = tracer.beginSegment("kill-test")) {
                segment.putAnnotation("seq", seq);
            }
            if (seq % 20 == 0) {
                System.out.println(seq);
                System.out.flush();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
