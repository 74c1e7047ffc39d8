package dev.monitor.core.export;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.Monitor;
import dev.monitor.core.metrics.BuiltinMetrics;
import java.nio.file.Path;
import java.util.Map;

/**
 * The process {@link MetricFilesCrashTest} kills: records a high-resolution counter without pause
 * into EMF and JSON-lines files under the folder given as its argument, until it is killed.
 */
public final class MetricFilesCrashChild {
    private MetricFilesCrashChild() {
    }

    public static void main(String[] args) {
        Monitor.Builder builder = Monitor.builder().namespace("Crash").dataDir(Path.of(args[0]))
                .resolution(Resolution.HIGH).exporterOfType("emf", Map.of()).exporterOfType("jsonl", Map.of());
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        Monitor monitor = builder.build();
        Counter steps = monitor.metrics().counter("Steps");
        System.out.println("recording");
        System.out.flush();
        while (true) {
            steps.increment();
            Thread.onSpinWait();
        }
    }
}
