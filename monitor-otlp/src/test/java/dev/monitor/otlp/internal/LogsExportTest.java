package dev.monitor.otlp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Log events as OTLP log records (https://opentelemetry.io/docs/specs/otel/logs/data-model/):
 * severity numbers are the first of each range (SeverityNumber), the body is the message, trace
 * and span ids are X-Ray's converted, exceptions follow the semantic conventions'
 * {@code exception.*} (https://opentelemetry.io/docs/specs/semconv/exceptions/exceptions-logs/).
 */
class LogsExportTest {
    private final Fixture fixture = new Fixture();

    LogsExportTest() throws java.io.IOException {
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static Map<String, AnyValue> attributes(LogRecord record) {
        Map<String, AnyValue> map = new TreeMap<>();
        for (KeyValue kv : record.getAttributesList()) {
            map.put(kv.getKey(), kv.getValue());
        }
        return map;
    }

    private static final String ERROR_LINE = "{\"timestamp\":\"2026-12-02T10:00:00.000250Z\",\"level\":\"ERROR\",\"logger\":\"shop.payments\","
            + "\"thread\":\"worker-1\",\"message\":\"charge failed\",\"orderId\":\"o-7\",\"amount\":12.5,\"attempt\":2,\"retry\":true,"
            + "\"cart\":{\"items\":3},\"traceId\":\"1-5759e988-bd862e3fe1be46a994272793\",\"segmentId\":\"53995c3f42cd8ad8\","
            + "\"exception\":{\"type\":\"java.io.IOException\",\"message\":\"reset\",\"stack\":[\"dev.Pay.charge(Pay.java:9)\"]}}";

    @Test
    void anEventKeepsItsSeverityBodyTraceFieldsAndException() throws Exception {
        byte[] line = ERROR_LINE.getBytes(StandardCharsets.UTF_8);
        long micros = Fixture.T0.getEpochSecond() * 1_000_000L + 250;
        fixture.exporter(Signal.LOGS).export(List.of(LogEvent.encoded("/shop/payments", "i-1", micros, line),
                new LogEvent("/shop/orders", "i-2", Fixture.T0, "{\"level\":\"WARN\",\"logger\":\"shop.orders\",\"message\":\"slow\"}"),
                new LogEvent("/shop/orders", "i-2", Fixture.T0, "not json at all")));
        ExportLogsServiceRequest request = fixture.receiver.received("/v1/logs").get(0).logs();
        List<ScopeLogs> scopes = request.getResourceLogs(0).getScopeLogsList();
        assertEquals(List.of("shop.payments", "shop.orders", ""), scopes.stream().map(s -> s.getScope().getName()).toList(),
                "the logger is the scope");
        LogRecord error = scopes.get(0).getLogRecords(0);
        assertEquals(micros * 1000, error.getTimeUnixNano());
        assertEquals(17, error.getSeverityNumberValue());
        assertEquals("ERROR", error.getSeverityText());
        assertEquals("charge failed", error.getBody().getStringValue());
        assertEquals("5759e988bd862e3fe1be46a994272793", HexFormat.of().formatHex(error.getTraceId().toByteArray()));
        assertEquals("53995c3f42cd8ad8", HexFormat.of().formatHex(error.getSpanId().toByteArray()));
        Map<String, AnyValue> attributes = attributes(error);
        assertEquals("worker-1", attributes.get("thread.name").getStringValue());
        assertEquals("o-7", attributes.get("orderId").getStringValue());
        assertEquals(12.5, attributes.get("amount").getDoubleValue());
        assertEquals(2, attributes.get("attempt").getIntValue());
        assertTrue(attributes.get("retry").getBoolValue());
        assertEquals("{\"items\":3}", attributes.get("cart").getStringValue());
        assertEquals("java.io.IOException", attributes.get("exception.type").getStringValue());
        assertEquals("reset", attributes.get("exception.message").getStringValue());
        assertEquals("java.io.IOException: reset\n\tat dev.Pay.charge(Pay.java:9)", attributes.get("exception.stacktrace").getStringValue());
        assertEquals("/shop/payments", attributes.get("aws.log.group.names").getArrayValue().getValues(0).getStringValue());
        assertFalse(attributes.containsKey("level"));

        assertEquals(13, scopes.get(1).getLogRecords(0).getSeverityNumberValue(), "WARN");
        LogRecord raw = scopes.get(2).getLogRecords(0);
        assertEquals("not json at all", raw.getBody().getStringValue());
        assertEquals(0, raw.getSeverityNumberValue());
        assertTrue(raw.getTraceId().isEmpty());
    }

    @Test
    void jsonCarriesTheSameRecordsAsProtobuf() throws Exception {
        List<LogEvent> events = List.of(new LogEvent("/shop/payments", "i-1", Fixture.T0, ERROR_LINE));
        fixture.exporter(Signal.LOGS).export(events);
        fixture.exporter(Signal.LOGS, "protocol", "http/json").export(events);
        List<OtlpReceiver.Received> requests = fixture.receiver.received("/v1/logs");
        assertEquals(requests.get(0).logs(), requests.get(1).logs());
    }

    @Test
    void severityNumbersAreTheFirstOfEachRange() {
        assertEquals(List.of(1, 5, 9, 13, 17, 21, 0), List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "NOTICE").stream()
                .map(LogsEncoding::severity).toList());
    }
}
