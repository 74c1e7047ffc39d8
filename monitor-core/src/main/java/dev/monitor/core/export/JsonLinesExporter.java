package dev.monitor.core.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.core.files.RollingFile;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one JSON object per datapoint with its exact statistics and its value distribution:
 * {@code {"namespace":"Shop","metricName":"Latency","dimensions":{"Region":"eu"},
 * "timestamp":"2026-11-22T10:00:00Z","unit":"Milliseconds","storageResolution":60,
 * "sampleCount":3,"sum":12.5,"minimum":2.0,"maximum":6.5,"values":[2.0,4.0,6.5],"counts":[1,1,1]}}.
 */
final class JsonLinesExporter implements Exporter<Datapoint> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RollingFile file;

    JsonLinesExporter(RollingFile file) {
        this.file = file;
    }

    static String line(Datapoint datapoint) {
        MetricId id = datapoint.metric();
        ObjectNode node = JSON.createObjectNode();
        node.put("namespace", id.namespace());
        node.put("metricName", id.name());
        ObjectNode dimensions = node.putObject("dimensions");
        for (Dimension dimension : id.dimensions()) {
            dimensions.put(dimension.name(), dimension.value());
        }
        node.put("timestamp", datapoint.timestamp().toString());
        node.put("unit", id.unit().apiName());
        node.put("storageResolution", id.resolution().seconds());
        node.put("sampleCount", datapoint.sampleCount());
        node.put("sum", datapoint.sum());
        node.put("minimum", datapoint.minimum());
        node.put("maximum", datapoint.maximum());
        var values = node.putArray("values");
        for (double value : datapoint.values().values()) {
            values.add(value);
        }
        var counts = node.putArray("counts");
        for (long count : datapoint.values().counts()) {
            counts.add(count);
        }
        return node.toString();
    }

    @Override
    public void export(List<Datapoint> datapoints) throws IOException {
        List<String> lines = new ArrayList<>(datapoints.size());
        for (Datapoint datapoint : datapoints) {
            lines.add(line(datapoint));
        }
        file.write(lines);
        file.flush(); // one period per batch: a crash loses at most the period being collected
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
