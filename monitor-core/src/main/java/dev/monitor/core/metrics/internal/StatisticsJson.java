package dev.monitor.core.metrics.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.internal.AwsCliTime;
import dev.monitor.core.metrics.MetricStatistics;
import java.util.Map;

/**
 * Writes a {@link MetricStatistics} as {@code aws cloudwatch get-metric-statistics} prints it, for
 * the CLI and the dashboard. Not API: public for Monitor's own modules, and may change in any release.
 */
public final class StatisticsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatisticsJson() {
    }

    /** The answer as a JSON tree: {@code {"Label": ..., "Datapoints": [...]}}. */
    public static ObjectNode tree(MetricStatistics answer) {
        ObjectNode root = JSON.createObjectNode();
        root.put("Label", answer.label());
        ArrayNode points = root.putArray("Datapoints");
        for (MetricStatistics.Point point : answer.datapoints()) {
            ObjectNode node = points.addObject();
            node.put("Timestamp", AwsCliTime.format(point.timestamp()));
            for (Map.Entry<String, Double> statistic : point.statistics().entrySet()) {
                node.put(statistic.getKey(), statistic.getValue());
            }
            if (!point.extendedStatistics().isEmpty()) {
                ObjectNode extended = node.putObject("ExtendedStatistics");
                point.extendedStatistics().forEach(extended::put);
            }
            node.put("Unit", point.unit().apiName());
        }
        return root;
    }

    /** The answer in the AWS CLI's layout: four-space indents, {@code "key": value}. */
    public static String pretty(MetricStatistics answer) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentArraysWith(new DefaultIndenter("    ", "\n"));
        printer.indentObjectsWith(new DefaultIndenter("    ", "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(tree(answer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
