package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.health.Status;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.core.Monitor;
import dev.monitor.core.health.ComponentStatus;
import dev.monitor.core.health.DependencyRates;
import dev.monitor.core.health.HealthEvent;
import dev.monitor.core.health.HealthSettings;
import dev.monitor.core.health.internal.HealthEngine;
import dev.monitor.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dependency's fault rate in the traces, from the X-Ray service graph, turns it DEGRADED and opens an issue naming it. */
class HealthDependenciesTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    @TempDir
    Path dir;

    private static void call(XRayTracer tracer, boolean fault) {
        try (Segment segment = tracer.beginSegment("payments")) {
            segment.setUser("customer-1");
            try (Subsegment fraud = tracer.beginSubsegment("fraud-check")) {
                fraud.setNamespace("remote");
                fraud.setFault(fault);
            }
        }
    }

    private static ComponentStatus component(Monitor monitor, String name) {
        return monitor.health().components().stream().filter(c -> c.component().equals(name)).findFirst().orElse(null);
    }

    @Test
    void aDependencyFaultingAboveTheThresholdIsDegradedUntilItsCallsSucceedAgain() throws Exception {
        ManualClock clock = new ManualClock(T0);
        HealthSettings settings = HealthSettings.builder().tick(Duration.ZERO)
                .builtins(new HealthSettings.Builtins(false, 0, false, 0.8, 0.9, false, false, 80))
                .dependencies(new HealthSettings.Dependencies(0.05, 0.2, Duration.ofMinutes(5), 10)).build();
        try (Monitor monitor = Monitor.builder().namespace("Shop").dataDir(dir).clock(clock).tickEvery(Duration.ZERO).health(settings)
                .traces(XRaySettings.builder().samplingRules("{\"version\": 2, \"default\": {\"fixed_target\": 100, \"rate\": 1}}")
                        .daemonAddress(new java.net.InetSocketAddress("127.0.0.1", 1)).build()).build()) {
            XRayTracer tracer = assertInstanceOf(XRayTracer.class, monitor.tracer());
            assertInstanceOf(DependencyRates.class, tracer, "the X-Ray tracer tells health about dependencies");
            for (int i = 0; i < 20; i++) {
                call(tracer, i % 5 < 2); // 8 of 20 fault
            }
            assertTrue(tracer.flush(Duration.ofSeconds(10)));
            List<DependencyRates.Calls> calls = ((DependencyRates) tracer).dependencies(T0.minusSeconds(60), T0.plusSeconds(60));
            assertEquals(List.of(new DependencyRates.Calls("fraud-check", List.of("payments"), 20, 8, 0)), calls);

            HealthEngine engine = (HealthEngine) monitor.health();
            engine.tick();
            ComponentStatus fraud = component(monitor, "fraud-check");
            assertEquals(Status.DEGRADED, fraud.status());
            assertEquals("40% of calls faulted (8 of 20 in the last 5m, above 5%)", fraud.reason());
            assertNull(component(monitor, "payments"), "the caller's own status comes from its checks");
            HealthEvent issue = monitor.health().events().get(0);
            assertEquals("MONITOR_FRAUD_CHECK_OPERATIONAL_ISSUE", issue.eventTypeCode());
            assertEquals(HealthEvent.EventStatus.OPEN, issue.statusCode());
            assertEquals(List.of("fraud-check IMPAIRED", "payments UNKNOWN"),
                    issue.entities().stream().map(e -> e.entityValue() + " " + e.statusCode()).toList());
            assertTrue(issue.description().contains("calls to fraud-check fail"), issue.description());

            clock.advance(Duration.ofMinutes(6)); // the faulting calls leave the window; new calls succeed
            for (int i = 0; i < 12; i++) {
                call(tracer, false);
            }
            assertTrue(tracer.flush(Duration.ofSeconds(10)));
            engine.tick();
            assertEquals(Status.UP, component(monitor, "fraud-check").status());
            HealthEvent closed = monitor.health().events().get(0);
            assertEquals(issue.arn(), closed.arn());
            assertEquals(HealthEvent.EventStatus.CLOSED, closed.statusCode());
            assertEquals(clock.instant(), closed.endTime());
            assertEquals(List.of("UNIMPAIRED", "UNIMPAIRED"), closed.entities().stream().map(HealthEvent.AffectedEntity::statusCode).toList());
        }
    }
}
