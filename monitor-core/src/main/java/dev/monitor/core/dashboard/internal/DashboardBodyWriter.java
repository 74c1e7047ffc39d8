package dev.monitor.core.dashboard.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.core.dashboard.AlarmWidget;
import dev.monitor.core.dashboard.Annotations;
import dev.monitor.core.dashboard.DashboardBody;
import dev.monitor.core.dashboard.LogWidget;
import dev.monitor.core.dashboard.MetricRow;
import dev.monitor.core.dashboard.MetricWidget;
import dev.monitor.core.dashboard.RenderOptions;
import dev.monitor.core.dashboard.Side;
import dev.monitor.core.dashboard.TextWidget;
import dev.monitor.core.dashboard.Widget;
import dev.monitor.core.dashboard.YAxis;
import java.io.UncheckedIOException;

/**
 * Writes a {@link DashboardBody} as CloudWatch's dashboard-body JSON, which {@link DashboardBodyParser}
 * reads back to the same values: every widget with its {@code x}, {@code y}, {@code width} and
 * {@code height}, each metric row in full (no {@code "."} shorthand), and only the properties that
 * differ from CloudWatch's defaults. An unsupported widget is written with its type and place and empty properties.
 */
public final class DashboardBodyWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardBodyWriter() {
    }

    public static String write(DashboardBody body) {
        try {
            return JSON.writeValueAsString(tree(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode tree(DashboardBody body) {
        ObjectNode root = JSON.createObjectNode();
        putIf(root, "start", body.start());
        putIf(root, "end", body.end());
        putIf(root, "periodOverride", body.periodOverride());
        ArrayNode widgets = root.putArray("widgets");
        for (Widget widget : body.widgets()) {
            ObjectNode node = widgets.addObject();
            node.put("type", widget.type());
            node.put("x", widget.placement().x());
            node.put("y", widget.placement().y());
            node.put("width", widget.placement().width());
            node.put("height", widget.placement().height());
            ObjectNode properties = node.putObject("properties");
            if (widget instanceof MetricWidget metric) {
                metric(metric, properties);
            } else if (widget instanceof TextWidget text) {
                properties.put("markdown", text.markdown());
                if (text.transparent()) {
                    properties.put("background", "transparent");
                }
            } else if (widget instanceof LogWidget log) {
                properties.put("query", log.query());
                putIf(properties, "title", log.title());
                properties.put("view", log.view().json());
            } else if (widget instanceof AlarmWidget alarm) {
                ArrayNode arns = properties.putArray("alarms");
                alarm.alarms().forEach(arns::add);
                putIf(properties, "sortBy", alarm.sortBy());
                if (!alarm.states().isEmpty()) {
                    ArrayNode states = properties.putArray("states");
                    alarm.states().forEach(states::add);
                }
                putIf(properties, "title", alarm.title());
            } // an UnsupportedWidget's properties were not kept: only its type and place
        }
        return root;
    }

    private static void metric(MetricWidget widget, ObjectNode properties) {
        if (!widget.metrics().isEmpty() || widget.annotations().alarms().isEmpty()) {
            ArrayNode metrics = properties.putArray("metrics");
            for (MetricRow row : widget.metrics()) {
                ArrayNode items = metrics.addArray();
                if (row instanceof MetricRow.Metric metric) {
                    items.add(metric.namespace()).add(metric.metricName());
                    for (Dimension dimension : metric.dimensions()) {
                        items.add(dimension.name()).add(dimension.value());
                    }
                    ObjectNode options = options(row.options());
                    if (!options.isEmpty()) {
                        items.add(options);
                    }
                } else if (row instanceof MetricRow.Expression expression) {
                    ObjectNode object = items.addObject();
                    object.put("expression", expression.expression());
                    object.setAll(options(row.options()));
                }
            }
        }
        putIf(properties, "title", widget.title());
        properties.put("view", widget.view().json());
        if (widget.stacked()) {
            properties.put("stacked", true);
        }
        properties.put("stat", widget.stat());
        properties.put("period", widget.period());
        if (widget.liveData()) {
            properties.put("liveData", true);
        }
        if (widget.setPeriodToTimeRange()) {
            properties.put("setPeriodToTimeRange", true);
        }
        putIf(properties, "start", widget.start());
        putIf(properties, "end", widget.end());
        if (widget.legendPosition() != null) {
            properties.putObject("legend").put("position", widget.legendPosition());
        }
        if (widget.sparkline() != null) {
            properties.put("sparkline", widget.sparkline());
        }
        putIf(properties, "timezone", widget.timezone());
        if (!widget.yAxis().equals(YAxis.AUTO)) {
            ObjectNode yAxis = properties.putObject("yAxis");
            axis(yAxis, "left", widget.yAxis().left());
            axis(yAxis, "right", widget.yAxis().right());
        }
        Annotations annotations = widget.annotations();
        if (!annotations.equals(Annotations.NONE)) {
            ObjectNode node = properties.putObject("annotations");
            if (!annotations.horizontal().isEmpty()) {
                ArrayNode list = node.putArray("horizontal");
                for (Annotations.Horizontal h : annotations.horizontal()) {
                    ObjectNode first = h.isBand() ? list.addArray().addObject() : list.addObject();
                    first.put("value", h.value());
                    putIf(first, "label", h.label());
                    putIf(first, "color", h.color());
                    putIf(first, "fill", h.fill());
                    if (h.yAxis() == Side.RIGHT) {
                        first.put("yAxis", "right");
                    }
                    if (!h.visible()) {
                        first.put("visible", false);
                    }
                    if (h.isBand()) {
                        ObjectNode second = ((ArrayNode) list.get(list.size() - 1)).addObject();
                        second.put("value", h.bandValue());
                        putIf(second, "label", h.bandLabel());
                    }
                }
            }
            if (!annotations.vertical().isEmpty()) {
                ArrayNode list = node.putArray("vertical");
                for (Annotations.Vertical v : annotations.vertical()) {
                    ObjectNode first = v.isBand() ? list.addArray().addObject() : list.addObject();
                    first.put("value", v.value().toString());
                    putIf(first, "label", v.label());
                    putIf(first, "color", v.color());
                    putIf(first, "fill", v.fill());
                    if (!v.visible()) {
                        first.put("visible", false);
                    }
                    if (v.isBand()) {
                        ObjectNode second = ((ArrayNode) list.get(list.size() - 1)).addObject();
                        second.put("value", v.bandValue().toString());
                        putIf(second, "label", v.bandLabel());
                    }
                }
            }
            if (!annotations.alarms().isEmpty()) {
                ArrayNode alarms = node.putArray("alarms");
                annotations.alarms().forEach(alarms::add);
            }
        }
    }

    private static void axis(ObjectNode yAxis, String side, YAxis.Axis axis) {
        if (axis.equals(YAxis.Axis.AUTO)) {
            return;
        }
        ObjectNode node = yAxis.putObject(side);
        if (axis.min() != null) {
            node.put("min", axis.min());
        }
        if (axis.max() != null) {
            node.put("max", axis.max());
        }
        putIf(node, "label", axis.label());
        if (!axis.showUnits()) {
            node.put("showUnits", false);
        }
    }

    private static ObjectNode options(RenderOptions options) {
        ObjectNode node = JSON.createObjectNode();
        putIf(node, "id", options.id());
        putIf(node, "label", options.label());
        putIf(node, "color", options.color());
        putIf(node, "stat", options.stat());
        if (options.period() != null) {
            node.put("period", options.period());
        }
        if (!options.visible()) {
            node.put("visible", false);
        }
        if (options.yAxis() == Side.RIGHT) {
            node.put("yAxis", "right");
        }
        return node;
    }

    private static void putIf(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }
}
