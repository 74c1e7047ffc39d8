package dev.monitor.console.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.core.dashboard.MetricRow;
import dev.monitor.core.dashboard.RenderOptions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dynamic labels as "Use dynamic labels" lists them (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/graph-dynamic-labels.html). */
class DynamicLabelsTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final List<WidgetData.Point> POINTS = List.of(new WidgetData.Point(T0, 4), new WidgetData.Point(T0.plusSeconds(60), 10.5),
            new WidgetData.Point(T0.plusSeconds(120), 1));
    private static final MetricRow.Metric ROW = new MetricRow.Metric("Shop", "Latency",
            List.of(new Dimension("InstanceId", "i-1"), new Dimension("Operation", "buy")));

    @Test
    void liveValuesComeFromThePointsShown() {
        assertEquals("last 1, max 10.5 at 2026-12-02T10:01:00Z, min 1, avg 5.1667, sum 15.5, n 3, first 4, range 9.5",
                DynamicLabels.fill("last ${LAST}, max ${MAX} at ${MAX_TIME}, min ${MIN}, avg ${AVG}, sum ${SUM}, n ${DATAPOINT_COUNT}, "
                        + "first ${FIRST}, range ${MIN_MAX_RANGE}", "Latency", POINTS, ROW, "Average", 60));
    }

    @Test
    void propertiesComeFromTheRow() {
        assertEquals("Latency of i-1 (buy) in Shop, p99 per 300 s",
                DynamicLabels.fill("${PROP('MetricName')} of ${PROP('Dim.InstanceId')} (${PROP('Dim.Operation')}) in ${PROP('Namespace')}, "
                        + "${PROP('Stat')} per ${PROP('Period')} s", "Latency", POINTS, ROW, "p99", 300));
        assertEquals("Latency: 1", DynamicLabels.fill("${LABEL}: ${LAST}", "Latency", POINTS, ROW, "Average", 60));
    }

    @Test
    void whatIsNotKnownStaysAsWrittenAndNoPointsGiveNoValue() {
        assertEquals("${LAST_TIME_RELATIVE} ${PROP('AccountLabel')} ${NOPE}",
                DynamicLabels.fill("${LAST_TIME_RELATIVE} ${PROP('AccountLabel')} ${NOPE}", "x", POINTS, ROW, "Average", 60));
        assertEquals("last , n 0", DynamicLabels.fill("last ${LAST}, n ${DATAPOINT_COUNT}", "x", List.of(), ROW, "Average", 60));
        MetricRow.Expression expression = new MetricRow.Expression("m1 * 2", RenderOptions.NONE);
        assertEquals("${PROP('MetricName')} 2", DynamicLabels.fill("${PROP('MetricName')} ${LAST}", "x",
                List.of(new WidgetData.Point(T0, 2)), expression, null, 60), "an expression has no metric name");
        assertEquals("$5 a ${", DynamicLabels.fill("$5 a ${", "x", POINTS, ROW, "Average", 60));
    }
}
