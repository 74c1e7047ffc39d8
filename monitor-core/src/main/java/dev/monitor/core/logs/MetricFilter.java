package dev.monitor.core.logs;

import dev.monitor.api.metrics.Unit;
import dev.monitor.core.config.ConfigNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A metric filter, as PutMetricFilter defines one: events of a log group that match the pattern
 * become metric values. It applies to events written after it is created, as in CloudWatch.
 *
 * @param transformation what to publish for each event
 */
public record MetricFilter(String filterName, String logGroupName, FilterPattern pattern,
                           Transformation transformation) {

    /**
     * A {@code metricTransformations} entry.
     *
     * @param metricValue  a number, or {@code $.field} (JSON) / {@code $field} (space-delimited) to publish that value
     * @param defaultValue published for each event that does not match; only without dimensions; may be null
     * @param dimensions   up to 3, each a field selector such as {@code $.region}
     */
    public record Transformation(String metricName, String metricNamespace, String metricValue, Double defaultValue,
                                 Map<String, String> dimensions, Unit unit) {

        public Transformation {
            Objects.requireNonNull(metricName, "metricName");
            Objects.requireNonNull(metricNamespace, "metricNamespace");
            Objects.requireNonNull(metricValue, "metricValue");
            dimensions = Map.copyOf(dimensions);
        }
    }

    public MetricFilter {
        Objects.requireNonNull(filterName, "filterName");
        Objects.requireNonNull(logGroupName, "logGroupName");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(transformation, "transformation");
        List<String> problems = problems(transformation);
        String groupProblem = LogNames.groupProblem(logGroupName);
        if (groupProblem != null) {
            problems.add(0, groupProblem);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("metric filter '" + filterName + "': " + String.join("; ", problems));
        }
    }

    private static List<String> problems(Transformation t) {
        List<String> problems = new ArrayList<>();
        if (t.dimensions().size() > 3) {
            problems.add("a metric filter may have at most 3 dimensions, not " + t.dimensions().size());
        }
        if (t.defaultValue() != null && !t.dimensions().isEmpty()) {
            problems.add("defaultValue is allowed only without dimensions, as in CloudWatch");
        }
        if (!t.metricValue().startsWith("$")) {
            try {
                Double.parseDouble(t.metricValue());
            } catch (NumberFormatException e) {
                problems.add("metricValue '" + t.metricValue() + "' must be a number or a field such as $.latency or $bytes");
            }
        }
        t.dimensions().forEach((name, selector) -> {
            if (!selector.startsWith("$")) {
                problems.add("dimension '" + name + "' must take its value from a field such as $.region, not '" + selector + "'");
            }
        });
        return problems;
    }

    /**
     * A {@code metricFilters} entry of the configuration file (also of exporters that sync filters
     * to CloudWatch Logs, such as monitor-aws's); null after recording its problems.
     */
    public static MetricFilter read(ConfigNode node, String defaultGroup) {
        String name = node.requiredString("filterName");
        String group = node.string("logGroupName", defaultGroup);
        String patternText = node.string("filterPattern", "");
        List<ConfigNode> transformations = node.list("metricTransformations");
        if (transformations.size() != 1) {
            node.problem("metricTransformations", "needs exactly one transformation, as PutMetricFilter does");
        }
        Transformation transformation = null;
        for (ConfigNode t : transformations) {
            Map<String, String> dimensions = new LinkedHashMap<>();
            ConfigNode dims = t.child("dimensions");
            for (String key : dims.keys()) {
                dimensions.put(key, dims.string(key, ""));
            }
            String unitName = t.string("unit", "None");
            Unit unit = Unit.NONE;
            try {
                unit = Unit.fromApiName(unitName);
            } catch (IllegalArgumentException e) {
                t.problem("unit", e.getMessage());
            }
            String metricName = t.requiredString("metricName");
            String namespace = t.requiredString("metricNamespace");
            String value = t.string("metricValue", "1");
            Double defaultValue = t.number("defaultValue");
            t.rejectUnknownKeys();
            if (metricName != null && namespace != null) {
                transformation = new Transformation(metricName, namespace, value, defaultValue, dimensions, unit);
            }
        }
        node.rejectUnknownKeys();
        if (name == null || transformation == null) {
            return null;
        }
        try {
            return new MetricFilter(name, group, FilterPattern.parse(patternText), transformation);
        } catch (IllegalArgumentException e) {
            node.problem(e instanceof dev.monitor.core.syntax.ParseException ? "filterPattern" : "filterName", e.getMessage());
            return null;
        }
    }
}
