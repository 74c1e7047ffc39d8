package dev.monitor.otlp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.StderrCapture;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OTLP/HTTP as the specification defines it, over real loopback HTTP: paths and content types
 * (https://opentelemetry.io/docs/specs/otlp/#otlphttp-request), retries of 429, 502, 503 and 504
 * only, after {@code Retry-After} when given (https://opentelemetry.io/docs/specs/otlp/#otlphttp-throttling,
 * #failures-1), partial success (https://opentelemetry.io/docs/specs/otlp/#partial-success-1), gzip, headers
 * and timeouts, and the exporter's environment variables
 * (https://opentelemetry.io/docs/specs/otel/protocol/exporter/#configuration-options).
 */
class TransportTest {
    private final Fixture fixture = new Fixture();

    TransportTest() throws java.io.IOException {
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static List<LogEvent> events(int n) {
        List<LogEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new LogEvent("/shop/orders", "i-1", Fixture.T0.plusMillis(i),
                    "{\"timestamp\":\"2026-12-02T10:00:00Z\",\"level\":\"INFO\",\"logger\":\"shop\",\"message\":\"order " + i + "\"}"));
        }
        return events;
    }

    @Test
    void a503IsRetriedAfterItsRetryAfterSeconds() throws Exception {
        Exporter<LogEvent> exporter = fixture.exporter(Signal.LOGS);
        fixture.receiver.respond(OtlpReceiver.Response.status(503, "Retry-After", "3"));
        exporter.export(events(2));
        assertEquals(2, fixture.receiver.received("/v1/logs").size());
        assertEquals(List.of(Duration.ofSeconds(3)), fixture.waits);
        assertEquals(0.0, fixture.dropped(Signal.LOGS, "Unavailable"));
    }

    @Test
    void a429WithAnHttpDateWaitsUntilThatDateOnTheMonitorsClock() throws Exception {
        Exporter<LogEvent> exporter = fixture.exporter(Signal.LOGS);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Fixture.T0.plusSeconds(7).atZone(ZoneOffset.UTC));
        fixture.receiver.respond(OtlpReceiver.Response.status(429, "Retry-After", date));
        exporter.export(events(1));
        assertEquals(List.of(Duration.ofSeconds(7)), fixture.waits);
        assertEquals(2, fixture.receiver.received().size());
    }

    @Test
    void withoutRetryAfterThePauseDoublesFromOneSecond() throws Exception {
        Exporter<LogEvent> exporter = fixture.exporter(Signal.LOGS);
        fixture.receiver.respond(OtlpReceiver.Response.status(502), OtlpReceiver.Response.status(504));
        exporter.export(events(1));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), fixture.waits);
        assertEquals(3, fixture.receiver.received().size());
    }

    @Test
    void afterItsAttemptsABatchIsDroppedAndCountedAsUnavailable() throws Exception {
        Exporter<LogEvent> exporter = fixture.exporter(Signal.LOGS, "attempts", 3);
        fixture.receiver.respond(OtlpReceiver.Response.status(503), OtlpReceiver.Response.status(503), OtlpReceiver.Response.status(503));
        try (StderrCapture stderr = new StderrCapture()) {
            exporter.export(events(4));
            assertTrue(stderr.text().contains("is unavailable (HTTP 503, 3 attempts)"), stderr.text());
        }
        assertEquals(3, fixture.receiver.received().size());
        assertEquals(4.0, fixture.dropped(Signal.LOGS, "Unavailable"));
        assertEquals(1.0, fixture.self.sum("ExporterErrors", "Signal", "logs", "Exporter", "otlp"));
    }

    @Test
    void duringAnOutageEachBatchIsTriedOnceUntilOneGetsThrough() throws Exception {
        Exporter<LogEvent> exporter = fixture.exporter(Signal.LOGS, "attempts", 2);
        fixture.receiver.respond(OtlpReceiver.Response.status(503), OtlpReceiver.Response.status(503),
                OtlpReceiver.Response.status(503));
        try (StderrCapture stderr = new StderrCapture()) {
            exporter.export(events(1));
            exporter.export(events(1));
            exporter.export(events(1)); // 200 again
            exporter.export(events(1));
            assertEquals(1, stderr.text().lines().filter(line -> line.contains("is unavailable")).count(), "once per outage");
        }
        assertEquals(5, fixture.receiver.received().size(), "2 attempts, then 1 during the outage, then 1 and 1 after it");
        assertEquals(List.of(Duration.ofSeconds(1)), fixture.waits);
        assertEquals(2.0, fixture.dropped(Signal.LOGS, "Unavailable"));
    }

    @Test
    void aRetryAfterBeyondTheRetryBudgetIsNotWaitedFor() throws Exception {
        Exporter<LogEvent> exporter = fixture.exporter(Signal.LOGS, "retry-budget", "30s");
        fixture.receiver.respond(OtlpReceiver.Response.status(503, "Retry-After", "120"));
        try (StderrCapture stderr = new StderrCapture()) {
            exporter.export(events(1));
            assertTrue(stderr.text().contains("is unavailable (HTTP 503, 1 attempts)"), stderr.text());
        }
        assertEquals(List.of(), fixture.waits);
        assertEquals(1, fixture.receiver.received().size());
        assertEquals(1.0, fixture.dropped(Signal.LOGS, "Unavailable"));
    }

    @Test
    void otherStatusesAreFinalTheBatchIsDroppedAsRejected() throws Exception {
        Exporter<LogEvent> exporter = fixture.exporter(Signal.LOGS);
        fixture.receiver.respond(OtlpReceiver.Response.status(400), OtlpReceiver.Response.status(500));
        try (StderrCapture stderr = new StderrCapture()) {
            exporter.export(events(2));
            exporter.export(events(3));
            assertTrue(stderr.text().contains("with HTTP 400"), stderr.text());
        }
        assertEquals(2, fixture.receiver.received().size(), "neither 400 nor 500 is retried");
        assertEquals(List.of(), fixture.waits);
        assertEquals(5.0, fixture.dropped(Signal.LOGS, "Rejected"));
    }

    @Test
    void aPartialSuccessCountsTheRejectedItemsInProtobufAndInJson() throws Exception {
        ExportLogsServiceResponse partial = ExportLogsServiceResponse.newBuilder().setPartialSuccess(
                ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(2).setErrorMessage("too old")).build();
        fixture.receiver.respond(OtlpReceiver.Response.ok(partial.toByteArray(), "application/x-protobuf"),
                OtlpReceiver.Response.ok(JsonFormat.printer().print(partial).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "application/json"));
        try (StderrCapture stderr = new StderrCapture()) {
            fixture.exporter(Signal.LOGS).export(events(5));
            fixture.exporter(Signal.LOGS, "protocol", "http/json").export(events(5));
            assertTrue(stderr.text().contains("rejected 2 of 5 logs items (too old)"), stderr.text());
        }
        assertEquals(4.0, fixture.dropped(Signal.LOGS, "PartialSuccess"));
    }

    @Test
    void gzipAndHeadersAreSent() throws Exception {
        fixture.exporter(Signal.LOGS, "compression", "gzip", "headers", Map.of("Authorization", "Bearer t0k3n", "X-Tenant", "shop"))
                .export(events(1));
        OtlpReceiver.Received request = fixture.receiver.received().get(0);
        assertEquals("gzip", request.header("content-encoding"));
        assertEquals("Bearer t0k3n", request.header("authorization"));
        assertEquals("shop", request.header("x-tenant"));
        assertEquals("order 0", request.logs().getResourceLogs(0).getScopeLogs(0).getLogRecords(0).getBody().getStringValue());
    }

    @Test
    void aCollectorSlowerThanTheTimeoutCountsAsUnavailable() throws Exception {
        fixture.receiver.respond(OtlpReceiver.Response.slow(1500));
        Exporter<LogEvent> exporter = fixture.exporter(Signal.LOGS, Map.of("OTEL_EXPORTER_OTLP_TIMEOUT", "300"), "attempts", 1);
        try (StderrCapture stderr = new StderrCapture()) {
            exporter.export(events(1));
            assertTrue(stderr.text().contains("HttpTimeoutException"), stderr.text());
        }
        assertEquals(1.0, fixture.dropped(Signal.LOGS, "Unavailable"));
    }

    @Test
    void theEnvironmentsEndpointsHeadersCompressionAndProtocolAreHonoured() throws Exception {
        String url = fixture.receiver.url();
        Map<String, String> env = Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", url + "/base/",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", url + "/custom/spans",
                "OTEL_EXPORTER_OTLP_HEADERS", "api-key=s%20ecret%2C1,tenant=a",
                "OTEL_EXPORTER_OTLP_LOGS_HEADERS", "tenant=logs",
                "OTEL_EXPORTER_OTLP_COMPRESSION", "gzip",
                "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "http/json",
                "OTEL_SERVICE_NAME", "shop-from-env");
        fixture.exporter(Signal.LOGS, env).export(events(1));
        fixture.exporter(Signal.TRACES, env).export(List.of(new dev.monitor.core.export.SegmentDocument(TracesExportTest.TRACE,
                TracesExportTest.ALONE, TracesExportTest.STANDALONE)));
        OtlpReceiver.Received logs = fixture.receiver.received("/base/v1/logs").get(0);
        assertEquals("logs", logs.header("tenant"), "a signal's own headers replace the general ones");
        assertNull(logs.header("api-key"));
        assertTrue(logs.json());
        assertEquals("gzip", logs.header("content-encoding"));
        assertEquals("shop-from-env", logs.logs().getResourceLogs(0).getResource().getAttributesList().stream()
                .filter(kv -> kv.getKey().equals("service.name")).findFirst().orElseThrow().getValue().getStringValue());
        OtlpReceiver.Received traces = fixture.receiver.received("/custom/spans").get(0);
        assertEquals("s ecret,1", traces.header("api-key"), "values are percent-decoded");
        assertEquals("application/x-protobuf", traces.header("content-type"));
        assertEquals(1, traces.traces().getResourceSpans(0).getScopeSpans(0).getSpansCount());
    }

    @Test
    void theConfigurationWinsOverTheEnvironmentAndBadValuesAreNamed() throws Exception {
        Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1");
        fixture.exporter(Signal.LOGS, env, "endpoint", fixture.receiver.url()).export(events(1));
        assertEquals(1, fixture.receiver.received("/v1/logs").size());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fixture.exporter(Signal.METRICS,
                Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_EXPORTER_OTLP_TIMEOUT", "soon"), "compression", "zstd"));
        assertEquals("exporters[0].(OTEL_EXPORTER_OTLP_PROTOCOL): 'grpc' is not one of http/protobuf, http/json (this exporter "
                + "speaks OTLP over HTTP only); exporters[0].compression: 'zstd' is not one of gzip, none; "
                + "exporters[0].(OTEL_EXPORTER_OTLP_TIMEOUT): 'soon' is not a positive number of milliseconds", e.getMessage());
    }

    @Test
    void aCollectorThatIsNotThereIsRetriedThenCounted() throws Exception {
        Exporter<LogEvent> exporter = fixture.exporter(Signal.LOGS, "endpoint", "http://127.0.0.1:1", "attempts", 2);
        try (StderrCapture stderr = new StderrCapture()) {
            exporter.export(events(3));
            assertTrue(stderr.text().contains("ConnectException"), stderr.text());
        }
        assertEquals(List.of(Duration.ofSeconds(1)), fixture.waits);
        assertEquals(3.0, fixture.dropped(Signal.LOGS, "Unavailable"));
    }
}
