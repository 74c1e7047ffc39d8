package dev.monitor.xray.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Latency and outcome of each finished segment, sampled or not, per service (the segment's name):
 * {@code SegmentLatency}, {@code SegmentErrors}, {@code SegmentFaults} and {@code SegmentThrottles}
 * with the dimension {@code Service}. Names past {@code maxServices} are counted in
 * {@code Monitor/SegmentsUnmeasured} instead. Thread-safe; a service's instruments are looked up once.
 */
final class SegmentMetrics {
    private record Service(Timer latency, Counter errors, Counter faults, Counter throttles) {
    }

    private final Metrics metrics;
    private final Counter unmeasured;
    private final int maxServices;
    private final Map<String, Service> services = new ConcurrentHashMap<>();

    SegmentMetrics(Metrics metrics, Counter unmeasured, int maxServices) {
        this.metrics = metrics;
        this.unmeasured = unmeasured;
        this.maxServices = maxServices;
    }

    /** Called on the application's thread when {@code segment} has closed. */
    void measure(Entity segment) {
        Service service = services.get(segment.name);
        if (service == null) {
            if (services.size() >= maxServices) {
                unmeasured.increment();
                return;
            }
            service = services.computeIfAbsent(segment.name, name -> new Service(
                    metrics.timer("SegmentLatency", "Service", name), metrics.counter("SegmentErrors", "Service", name),
                    metrics.counter("SegmentFaults", "Service", name), metrics.counter("SegmentThrottles", "Service", name)));
        }
        service.latency().recordNanos((segment.endMicros - segment.startMicros) * 1000);
        service.errors().increment(segment.error ? 1 : 0);
        service.faults().increment(segment.fault ? 1 : 0);
        service.throttles().increment(segment.throttle ? 1 : 0);
    }
}
