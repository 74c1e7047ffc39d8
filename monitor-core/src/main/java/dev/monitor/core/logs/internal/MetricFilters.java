package dev.monitor.core.logs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.logs.MetricFilter;
import dev.monitor.core.metrics.CloudWatchNames;
import dev.monitor.core.metrics.internal.MetricRegistry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The metric filters of a monitor's logs, as CloudWatch applies them: each written event of a
 * filter's group that matches its pattern records the filter's value (a distribution in the
 * filter's namespace), and one that does not records its default value, if any. Changed from any
 * thread; applied on the writer thread.
 */
final class MetricFilters {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<MetricFilter> filters = new CopyOnWriteArrayList<>();
    private final MetricRegistry metrics;
    private final Consumer<String> report;

    MetricFilters(List<MetricFilter> initial, MetricRegistry metrics, Consumer<String> report) {
        this.filters.addAll(initial);
        this.metrics = metrics;
        this.report = report;
    }

    void put(MetricFilter filter) {
        String problem = CloudWatchNames.namespaceError(filter.transformation().metricNamespace());
        if (problem == null) {
            problem = CloudWatchNames.metricNameError(filter.transformation().metricName());
        }
        if (problem != null) {
            throw new IllegalArgumentException("metric filter '" + filter.filterName() + "': " + problem);
        }
        filters.removeIf(f -> f.filterName().equals(filter.filterName()));
        filters.add(filter);
    }

    void delete(String filterName) {
        filters.removeIf(f -> f.filterName().equals(filterName));
    }

    List<MetricFilter> list() {
        return List.copyOf(filters);
    }

    boolean isEmpty() {
        return filters.isEmpty();
    }

    /** Applies every filter of {@code group} to one written event, {@code text} its JSON line. */
    void apply(String group, String text) {
        JsonNode[] parsed = new JsonNode[1];
        for (MetricFilter filter : filters) {
            if (!filter.logGroupName().equals(group)) {
                continue;
            }
            MetricFilter.Transformation t = filter.transformation();
            Map<String, String> extracted = filter.pattern().extract(text);
            if (extracted == null) {
                if (t.defaultValue() != null) {
                    publish(t, t.defaultValue(), Map.of());
                }
                continue;
            }
            String value = field(t.metricValue(), text, extracted, parsed);
            Map<String, String> dimensions = new LinkedHashMap<>();
            for (Map.Entry<String, String> dimension : t.dimensions().entrySet()) {
                String dimensionValue = field(dimension.getValue(), text, extracted, parsed);
                if (dimensionValue == null || dimensionValue.isEmpty()) {
                    dimensions = null;
                    break;
                }
                dimensions.put(dimension.getKey(), dimensionValue);
            }
            if (value == null || dimensions == null) {
                continue;
            }
            try {
                publish(t, Double.parseDouble(value), dimensions);
            } catch (NumberFormatException e) {
                // A field that is not a number publishes nothing, as in CloudWatch.
            }
        }
    }

    private static String field(String selector, String text, Map<String, String> extracted, JsonNode[] parsed) {
        if (!selector.startsWith("$")) {
            return selector;
        }
        if (!selector.startsWith("$.")) {
            return extracted.get(selector);
        }
        if (parsed[0] == null) {
            try {
                parsed[0] = JSON.readTree(text);
            } catch (IOException e) {
                return null;
            }
        }
        JsonNode node = parsed[0];
        for (String step : selector.substring(2).split("\\.")) {
            node = node == null ? null : node.get(step);
        }
        return node == null || node.isContainerNode() || node.isNull() ? null : node.asText();
    }

    private void publish(MetricFilter.Transformation t, double value, Map<String, String> dimensions) {
        try {
            metrics.forNamespace(t.metricNamespace()).distributionBuilder(t.metricName())
                    .dimensions(dimensions).unit(t.unit()).register().record(value);
        } catch (IllegalArgumentException e) {
            report.accept("a metric filter value was not recorded: " + e.getMessage());
        }
    }
}
