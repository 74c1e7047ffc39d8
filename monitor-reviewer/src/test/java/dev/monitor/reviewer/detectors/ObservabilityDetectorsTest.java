package dev.monitor.reviewer.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.reviewer.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The observability-misuse detectors on samples with and without the misuse. */
class ObservabilityDetectorsTest {
    @Test
    void dimensionsFedFromUnboundedValues() {
        var detector = new ObservabilityDetectors.UnboundedDimension();
        List<Finding> findings = Samples.findings(detector, """
                import dev.monitor.api.metrics.*;
                class Shop {
                    void record(Metrics metrics, String userId, Request request, String region) {
                        metrics.counter("OrdersPlaced", "Region", region, "User", userId).increment();
                        metrics.timerBuilder("Latency").dimension("Path", request.getRequestURI()).register();
                        new Dimension("At", String.valueOf(System.currentTimeMillis()));
                        io.micrometer.core.instrument.Tags.of("request", request.getRequestId());
                    }
                }
                """);
        assertEquals(List.of(4, 5, 6, 7), findings.stream().map(Finding::startLine).toList());
        assertTrue(findings.get(0).message().contains("'userId'"), findings.get(0).message());
        assertEquals(List.of(), Samples.lines(detector, """
                import dev.monitor.api.metrics.*;
                class Shop {
                    void record(Metrics metrics, String region, Status status, String route) {
                        metrics.counter("OrdersPlaced", "Region", region, "Status", status.name()).increment();
                        metrics.timerBuilder("Latency").dimension("Route", route).register();
                        new Dimension("Region", "eu");
                        metrics.counter("Visits", "Tier", tier(region));
                    }
                    String tier(String r) { return r; }
                    enum Status { OK }
                }
                """));
    }

    @Test
    void logMessagesBuiltByConcatenationOrFormat() {
        var detector = new ObservabilityDetectors.LogStringConcatenation();
        assertEquals(List.of(5, 6, 7), Samples.lines(detector, """
                import org.slf4j.*;
                class Orders {
                    private static final Logger log = LoggerFactory.getLogger(Orders.class);
                    void place(String id, int items) {
                        log.info("placed order " + id);
                        log.debug(String.format("order %s has %d items", id, items));
                        log.warn("order {}".formatted(id));
                    }
                }
                """));
        assertEquals(List.of(), Samples.lines(detector, """
                import org.slf4j.*;
                class Orders {
                    private static final Logger log = LoggerFactory.getLogger(Orders.class);
                    private static final String PREFIX = "orders: ";
                    void place(String id, StringBuilder text) {
                        log.info("placed order {}", id);
                        log.info("a long constant message " + "split over two literals");
                        log.info(PREFIX + "started");
                        if (log.isDebugEnabled()) {
                            log.debug("order " + id);
                        }
                        text.append("not a log " + id);
                    }
                }
                """));
    }

    @Test
    void exceptionsLoggedWithoutTheThrowable() {
        var detector = new ObservabilityDetectors.ExceptionLoggedWithoutThrowable();
        assertEquals(List.of(8), Samples.lines(detector, upload("log.error(\"upload failed: \" + e.getMessage());", "")));
        assertEquals(List.of(8), Samples.lines(detector, upload("log.error(\"upload failed: {}\", e.getMessage());", "")));
        assertEquals(List.of(), Samples.lines(detector, upload("log.error(\"upload failed: {}\", e.getMessage(), e);", """
                try {
                    r.run();
                } catch (IllegalStateException e) {
                    log.warn("upload skipped: {}", e.toString());
                }
                """)));
    }

    @Test
    void auditWritesRecordedAsReads() {
        var detector = new ObservabilityDetectors.AuditWriteRecordedAsRead();
        List<Finding> findings = Samples.findings(detector, """
                import dev.monitor.api.audit.AuditTrail;
                class Orders {
                    void cancel(AuditTrail audit, Repository orders, String id) {
                        audit.call("DeleteOrder").user("ann").read().run(() -> orders.delete(id));
                        audit.call("LookupOrder").read().run(() -> orders.delete(id));
                        AuditEvent.builder("PutRetention").read().build();
                    }
                }
                """);
        assertEquals(List.of(4, 5, 6), findings.stream().map(Finding::startLine).toList());
        assertTrue(findings.get(1).message().contains("calls delete()"), findings.get(1).message());
        assertEquals(List.of(), Samples.lines(detector, """
                import dev.monitor.api.audit.AuditTrail;
                class Orders {
                    void fine(AuditTrail audit, Repository orders, java.io.Reader reader, String id) throws Exception {
                        audit.call("DeleteOrder").write().run(() -> orders.delete(id));
                        audit.call("GetOrder").read().call(() -> orders.find(id));
                        audit.call("ListOrders").read().run(() -> { });
                        reader.read();
                    }
                }
                """));
    }

    @Test
    void traceAnnotationsXRayWillNotIndex() {
        var detector = new ObservabilityDetectors.InvalidAnnotationKey();
        List<Finding> findings = Samples.findings(detector, """
                import dev.monitor.api.trace.*;
                class Traced {
                    void annotate(TraceEntity entity, java.util.Map<String, String> attributes) {
                        entity.putAnnotation("order-id", "o-1");
                        entity.putAnnotation("customer tier", "gold");
                        entity.putAnnotation("attributes", attributes);
                    }
                }
                """);
        assertEquals(List.of(4, 5, 6), findings.stream().map(Finding::startLine).toList());
        assertTrue(findings.get(0).fix().contains("\"order_id\""), findings.get(0).fix());
        assertEquals(List.of(), Samples.lines(detector, """
                import dev.monitor.api.trace.*;
                class Traced {
                    void annotate(TraceEntity entity, String key, long items) {
                        entity.putAnnotation("order_id", "o-1");
                        entity.putAnnotation("Items2", items);
                        entity.putAnnotation(key, true);
                    }
                }
                """));
    }

    /** An Upload whose send() catches a RuntimeException with {@code handler} (line 8), then runs {@code after}. */
    private static String upload(String handler, String after) {
        return """
                import org.slf4j.*;
                class Upload {
                    private static final Logger log = LoggerFactory.getLogger(Upload.class);
                    void send(Runnable r) {
                        try {
                            r.run();
                        } catch (RuntimeException e) {
                            %s
                        }
                %s    }
                }
                """.formatted(handler, after);
    }
}
