package dev.monitor.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.export.AuditRecord;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.export.Signal;
import dev.monitor.core.files.JsonLinesReader;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.Values;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The recording exporter's lines: {@code {"signal": "<name>", ...the item's fields}}, one per item,
 * and reading them back into items.
 */
public final class RecordedLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedLines() {
    }

    /** What a recording file holds, by signal. */
    public record Recorded(List<Datapoint> metrics, List<LogEvent> logs, List<SegmentDocument> traces, List<AuditRecord> audit) {
    }

    static <T> String line(Signal<T> signal, T item) {
        ObjectNode node = JSON.createObjectNode();
        node.put("signal", signal.name());
        if (item instanceof Datapoint datapoint) {
            MetricId id = datapoint.metric();
            node.put("namespace", id.namespace()).put("metricName", id.name());
            ArrayNode dimensions = node.putArray("dimensions");
            for (Dimension dimension : id.dimensions()) {
                dimensions.addObject().put("name", dimension.name()).put("value", dimension.value());
            }
            node.put("unit", id.unit().apiName()).put("storageResolution", id.resolution().seconds());
            node.put("timestamp", datapoint.timestamp().toString()).put("sampleCount", datapoint.sampleCount())
                    .put("sum", datapoint.sum()).put("minimum", datapoint.minimum()).put("maximum", datapoint.maximum());
            ArrayNode values = node.putArray("values");
            for (double value : datapoint.values().values()) {
                values.add(value);
            }
            ArrayNode counts = node.putArray("counts");
            for (long count : datapoint.values().counts()) {
                counts.add(count);
            }
        } else if (item instanceof LogEvent event) {
            node.put("group", event.group()).put("stream", event.stream()).put("timestamp", event.timestamp().toString())
                    .put("message", event.message());
        } else if (item instanceof SegmentDocument segment) {
            node.put("traceId", segment.traceId()).put("id", segment.id()).put("document", segment.document());
        } else if (item instanceof AuditRecord record) {
            node.put("eventId", record.eventId()).put("eventTime", record.eventTime().toString()).put("record", record.record());
        } else {
            throw new IllegalArgumentException("a " + signal + " item of " + item.getClass() + " has no recorded form");
        }
        return node.toString();
    }

    /**
     * Every item a recording file holds.
     *
     * @throws UncheckedIOException when a line cannot be read back
     */
    public static Recorded read(Path file) {
        Recorded recorded = new Recorded(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<String> problems = new ArrayList<>();
        new JsonLinesReader().read(file, file.toString(), (number, text) -> add(JSON.readTree(text), recorded), problems::add);
        if (!problems.isEmpty()) {
            throw new UncheckedIOException(new IOException(String.join("; ", problems)));
        }
        return recorded;
    }

    private static void add(JsonNode node, Recorded recorded) {
        switch (node.path("signal").asText()) {
            case "metrics" -> {
                List<Dimension> dimensions = new ArrayList<>();
                node.path("dimensions").forEach(d -> dimensions.add(new Dimension(d.path("name").asText(), d.path("value").asText())));
                MetricId id = new MetricId(node.path("namespace").asText(), node.path("metricName").asText(), dimensions,
                        Unit.fromApiName(node.path("unit").asText()), Resolution.ofSeconds(node.path("storageResolution").asInt()));
                double[] values = new double[node.path("values").size()];
                long[] counts = new long[values.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = node.path("values").get(i).doubleValue();
                    counts[i] = node.path("counts").get(i).longValue();
                }
                recorded.metrics().add(new Datapoint(id, Instant.parse(node.path("timestamp").asText()), node.path("sampleCount").asLong(),
                        node.path("sum").doubleValue(), node.path("minimum").doubleValue(), node.path("maximum").doubleValue(),
                        new Values(values, counts)));
            }
            case "logs" -> recorded.logs().add(new LogEvent(node.path("group").asText(), node.path("stream").asText(),
                    Instant.parse(node.path("timestamp").asText()), node.path("message").asText()));
            case "traces" -> recorded.traces().add(new SegmentDocument(node.path("traceId").asText(), node.path("id").asText(),
                    node.path("document").asText()));
            case "audit" -> recorded.audit().add(new AuditRecord(node.path("eventId").asText(),
                    Instant.parse(node.path("eventTime").asText()), node.path("record").asText()));
            default -> throw new IllegalArgumentException("unknown signal " + node.path("signal"));
        }
    }
}
