package dev.monitor.core.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.Values;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes datapoints as CloudWatch embedded metric format (EMF) documents, one JSON object per line,
 * following the "Specification: Embedded metric format" page of the CloudWatch user guide:
 * <ul>
 *   <li>each object has {@code _aws} with {@code Timestamp} (epoch milliseconds) and one
 *       {@code CloudWatchMetrics} directive ({@code Namespace}, one {@code DimensionSet}, and
 *       {@code Metrics} of {@code Name}, {@code Unit} and, for 1-second metrics,
 *       {@code StorageResolution: 1});</li>
 *   <li>dimension values and metric values are root members; a directive lists at most 100
 *       metrics, a DimensionSet at most 9 keys, and a value array at most 100 values;</li>
 *   <li>an object stays under the 256 KB CloudWatch Logs event limit, split further if needed.</li>
 * </ul>
 *
 * <p>Timers and distributions are written as value arrays, one element per sample, so CloudWatch
 * computes their percentiles itself (EMF has no counts array). Each element is the histogram
 * bucket representative of its sample (within 1%). A series with more samples in one period than
 * fit in one array continues in further objects with the same timestamp and dimensions, which
 * CloudWatch aggregates into the same datapoint. At most {@code maxValuesPerPeriod} samples per
 * series and period are written: past that, the written values are that many evenly spaced
 * quantiles of the period's distribution. Then CloudWatch's percentiles are still right to within
 * one quantile step, but its SampleCount and Sum describe the written sample, not the period;
 * the JSON-lines exporter keeps the exact statistics.
 */
final class EmfFormat {
    static final int MAX_METRICS_PER_DIRECTIVE = 100;
    static final int MAX_VALUES_PER_ARRAY = 100;
    static final int MAX_DIMENSIONS_PER_SET = 9;
    static final int MAX_EVENT_BYTES = 256 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxValuesPerPeriod;

    EmfFormat(int maxValuesPerPeriod) {
        this.maxValuesPerPeriod = maxValuesPerPeriod;
    }

    /**
     * One group: the metrics sharing a namespace, dimensions and timestamp. Two metrics of one
     * name (differing in unit or resolution) cannot share a root member, so the second goes to a
     * group of the next {@code copy}.
     */
    private record GroupKey(String namespace, List<Dimension> dimensions, Instant timestamp, int copy) {
    }

    /** A metric's samples, cut into arrays of at most 100. */
    private record Chunked(MetricId metric, List<double[]> chunks) {
    }

    /**
     * The EMF lines for {@code datapoints}. Datapoints EMF cannot carry (more than 9 dimensions, or
     * a metric named like one of its dimensions) go to {@code rejected}.
     */
    List<String> format(List<Datapoint> datapoints, Consumer<Datapoint> rejected) {
        Map<GroupKey, List<Chunked>> groups = new LinkedHashMap<>();
        for (Datapoint datapoint : datapoints) {
            MetricId id = datapoint.metric();
            boolean nameClash = id.name().equals("_aws")
                    || id.dimensions().stream().anyMatch(d -> d.name().equals(id.name()));
            if (id.dimensions().size() > MAX_DIMENSIONS_PER_SET || nameClash) {
                rejected.accept(datapoint);
                continue;
            }
            List<Chunked> group;
            int copy = 0;
            do {
                group = groups.computeIfAbsent(new GroupKey(id.namespace(), id.dimensions(), datapoint.timestamp(), copy++),
                        k -> new ArrayList<>());
            } while (group.stream().anyMatch(c -> c.metric.name().equals(id.name())));
            group.add(new Chunked(id, chunks(samples(datapoint.values()))));
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<GroupKey, List<Chunked>> group : groups.entrySet()) {
            int rounds = group.getValue().stream().mapToInt(c -> c.chunks.size()).max().orElse(0);
            for (int round = 0; round < rounds; round++) {
                List<Chunked> present = new ArrayList<>();
                for (Chunked chunked : group.getValue()) {
                    if (round < chunked.chunks.size()) {
                        present.add(chunked);
                    }
                }
                for (int from = 0; from < present.size(); from += MAX_METRICS_PER_DIRECTIVE) {
                    List<Chunked> batch = present.subList(from, Math.min(present.size(), from + MAX_METRICS_PER_DIRECTIVE));
                    addObjects(group.getKey(), batch, round, lines);
                }
            }
        }
        return lines;
    }

    private void addObjects(GroupKey key, List<Chunked> metrics, int round, List<String> lines) {
        String line = object(key, metrics, round);
        if (line.getBytes(StandardCharsets.UTF_8).length > MAX_EVENT_BYTES && metrics.size() > 1) {
            int half = metrics.size() / 2;
            addObjects(key, metrics.subList(0, half), round, lines);
            addObjects(key, metrics.subList(half, metrics.size()), round, lines);
            return;
        }
        lines.add(line);
    }

    private static String object(GroupKey key, List<Chunked> metrics, int round) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", key.timestamp.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", key.namespace);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        for (Dimension dimension : key.dimensions) {
            dimensionSet.add(dimension.name());
            root.put(dimension.name(), dimension.value());
        }
        ArrayNode definitions = directive.putArray("Metrics");
        for (Chunked chunked : metrics) {
            ObjectNode definition = definitions.addObject();
            definition.put("Name", chunked.metric.name());
            definition.put("Unit", chunked.metric.unit().apiName());
            if (chunked.metric.resolution() == Resolution.HIGH) {
                definition.put("StorageResolution", 1);
            }
            double[] values = chunked.chunks.get(round);
            if (values.length == 1) {
                root.put(chunked.metric.name(), values[0]);
            } else {
                ArrayNode array = root.putArray(chunked.metric.name());
                for (double value : values) {
                    array.add(value);
                }
            }
        }
        return root.toString();
    }

    /** One element per sample, or {@code maxValuesPerPeriod} evenly spaced quantiles when there are more. */
    double[] samples(Values values) {
        long total = values.sampleCount();
        if (total <= maxValuesPerPeriod) {
            double[] samples = new double[(int) total];
            int next = 0;
            for (int i = 0; i < values.values().length; i++) {
                for (long c = 0; c < values.counts()[i]; c++) {
                    samples[next++] = values.values()[i];
                }
            }
            return samples;
        }
        double[] samples = new double[maxValuesPerPeriod];
        int bucket = 0;
        long seen = values.counts()[0];
        for (int i = 0; i < maxValuesPerPeriod; i++) {
            long rank = (long) Math.floor((i + 0.5) * total / maxValuesPerPeriod) + 1;
            while (seen < rank) {
                seen += values.counts()[++bucket];
            }
            samples[i] = values.values()[bucket];
        }
        return samples;
    }

    private static List<double[]> chunks(double[] samples) {
        List<double[]> chunks = new ArrayList<>();
        for (int from = 0; from < samples.length; from += MAX_VALUES_PER_ARRAY) {
            int to = Math.min(samples.length, from + MAX_VALUES_PER_ARRAY);
            double[] chunk = new double[to - from];
            System.arraycopy(samples, from, chunk, 0, chunk.length);
            chunks.add(chunk);
        }
        return chunks;
    }
}
