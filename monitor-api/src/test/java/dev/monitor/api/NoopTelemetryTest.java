package dev.monitor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoopTelemetryTest {

    @Test
    void everyCallIsAcceptedAndNothingIsRecorded() {
        Metrics metrics = Telemetry.noop().metrics();
        Counter counter = metrics.counterBuilder("Orders").dimension("Region", "eu").dimensions(Map.of("a", "b"))
                .unit(Unit.COUNT).resolution(Resolution.HIGH).register();
        counter.increment();
        counter.increment(-1);
        assertSame(counter, metrics.counter("Orders", "Region", "eu"));
        assertSame(counter, metrics.counter(null, (String[]) null));
        metrics.timer("Latency").recordNanos(-1);
        metrics.distribution("Sizes").record(Double.NaN);
        metrics.gauge("Depth").set(1);
        metrics.gaugeBuilder("Depth").observe(() -> {
            throw new AssertionError("a no-op never samples");
        });
        assertEquals(42, metrics.timer("Latency").time(() -> 42));
    }

    @Test
    void unitsAndResolutionsUseCloudWatchNames() {
        assertEquals(Unit.BYTES_PER_SECOND, Unit.fromApiName("Bytes/Second"));
        assertEquals(Resolution.HIGH, Resolution.ofSeconds(1));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Resolution.ofSeconds(10));
        assertEquals("storage resolution 10 is not allowed; CloudWatch accepts 1 or 60 seconds", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Unit.fromApiName("Parsecs"));
        assertEquals(true, e.getMessage().startsWith("unit 'Parsecs' is not a CloudWatch unit; expected one of Seconds, "));
    }

    @org.junit.jupiter.api.Test
    void noopLogsAcceptEveryCallAndWriteNothing() {
        dev.monitor.api.logs.Logger log = Telemetry.noop().logs().logger(NoopTelemetryTest.class);
        org.junit.jupiter.api.Assertions.assertFalse(log.isEnabled(dev.monitor.api.logs.Level.ERROR));
        log.atError().field("k", 1L).field("d", 2.5).field("b", true).field("o", new Object()).cause(new RuntimeException())
                .message("x {}", 1);
        log.info("plain {}", "call");
    }

    @org.junit.jupiter.api.Test
    void theNoopTracerAcceptsEveryCallOutsideAnyTrace() {
        dev.monitor.api.trace.Tracer tracer = Telemetry.noop().tracer();
        try (dev.monitor.api.trace.Segment segment = tracer.beginSegment("orders", "not a header")) {
            segment.setUser("ann").putAnnotation("k", 1).putMetadata("ns", "k", new Object()).setHttpResponse(500, 0);
            try (dev.monitor.api.trace.Subsegment call = tracer.beginSubsegment(segment, "db")) {
                call.setNamespace("remote").putSql("url", "jdbc:x").addException(new RuntimeException()).close();
            }
            org.junit.jupiter.api.Assertions.assertFalse(segment.sampled());
        }
        org.junit.jupiter.api.Assertions.assertNull(tracer.current());
    }

    @Test
    void theNoopAuditTrailRunsTheWorkAndRecordsNothing() throws Exception {
        dev.monitor.api.audit.AuditCall call = Telemetry.noop().audit().call("PlaceOrder").source("orders").user("ann").from("10.0.0.1")
                .userAgent("agent").request(Map.of("a", "b")).requestId("r").resource("Shop::Order", "arn").read().write().data();
        assertSame(call, Telemetry.noop().audit().call("Other"), "one shared object: a no-op call allocates nothing");
        assertEquals(42, call.call(() -> 42));
        assertEquals(7, call.call(() -> 7, result -> {
            throw new AssertionError("a no-op never describes the response");
        }));
        int[] ran = {0};
        call.run(() -> ran[0]++);
        assertEquals(1, ran[0]);
        java.io.IOException thrown = new java.io.IOException("down");
        assertSame(thrown, org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> call.run(() -> {
            throw thrown;
        })), "the work's own exception, untouched");
        assertSame(dev.monitor.api.audit.AuditTrail.noop(), Telemetry.noop().audit());
    }
}
