package dev.monitor.core.dashboard;

import dev.monitor.api.metrics.Dimension;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a metric widget's {@code metrics} array: a {@link Metric} (namespace, name,
 * dimensions, with every {@code "."} already resolved against the row before it) or an
 * {@link Expression} (metric math, a search or a Metrics Insights query).
 */
public sealed interface MetricRow permits MetricRow.Metric, MetricRow.Expression {
    /** The row's rendering properties; {@link RenderOptions#NONE} when it gives none. */
    RenderOptions options();

    /**
     * {@code [namespace, metricName, dimName, dimValue, ..., {options}]}.
     *
     * @param dimensions in the order the row gives them
     */
    record Metric(String namespace, String metricName, List<Dimension> dimensions, RenderOptions options) implements MetricRow {
        public Metric {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(metricName, "metricName");
            dimensions = List.copyOf(dimensions);
            options = options == null ? RenderOptions.NONE : options;
        }

        /** A metric without options. */
        public Metric(String namespace, String metricName, List<Dimension> dimensions) {
            this(namespace, metricName, dimensions, RenderOptions.NONE);
        }
    }

    /** {@code [{"expression": "SUM(METRICS())", "id": "e1", "label": "..."}]}. */
    record Expression(String expression, RenderOptions options) implements MetricRow {
        public Expression {
            Objects.requireNonNull(expression, "expression");
            options = options == null ? RenderOptions.NONE : options;
        }

        /** Whether it is a {@code SEARCH(...)} expression, which needs CloudWatch's metric search. */
        public boolean isSearch() {
            return expression.stripLeading().regionMatches(true, 0, "SEARCH(", 0, 7);
        }

        /** Whether it is a Metrics Insights query ({@code SELECT ...}). */
        public boolean isMetricsInsightsQuery() {
            return expression.stripLeading().regionMatches(true, 0, "SELECT ", 0, 7);
        }
    }
}
