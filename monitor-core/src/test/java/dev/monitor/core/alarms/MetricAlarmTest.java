package dev.monitor.core.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The builders check a definition's metric math and composite rule as PutMetricAlarm and PutCompositeAlarm do. */
class MetricAlarmTest {
    private static final MetricStat ERRORS = new MetricStat("Shop", "Errors", List.of(), 60, Statistic.simple("Sum"));

    @Test
    void aMathAlarmsExpressionsMustParseNameOnlyItsIdsAndMakeNoCycle() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricAlarm.builder("Rate")
                .query(MetricDataQuery.metric("errors", ERRORS, false))
                .query(MetricDataQuery.expression("unknown", "errors / requests", false))
                .query(MetricDataQuery.expression("bad", "errors + * 2", false))
                .query(MetricDataQuery.expression("e1", "e2 + 1", false))
                .query(MetricDataQuery.expression("e2", "e1 * 2", true))
                .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build());
        String message = e.getMessage();
        assertTrue(message.startsWith("alarm 'Rate': "), message);
        assertTrue(message.contains("Metrics entry 'unknown': expression names 'requests', which is not an id of Metrics"), message);
        assertTrue(message.contains("Metrics entry 'bad': "), message);
        assertTrue(message.contains("expressions refer to each other in a cycle: e1 -> e2 -> e1")
                || message.contains("expressions refer to each other in a cycle: e2 -> e1 -> e2"), message);
    }

    @Test
    void aMathAlarmWithGoodExpressionsIsBuilt() {
        MetricAlarm alarm = MetricAlarm.builder("Rate")
                .query(MetricDataQuery.metric("errors", ERRORS, false))
                .query(MetricDataQuery.expression("rate", "100 * errors / PERIOD(errors)", true))
                .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build();
        assertEquals(List.of("errors", "rate"), alarm.queries().stream().map(MetricDataQuery::id).toList());
    }

    @Test
    void aCompositeRuleThatDoesNotParseIsRefusedByTheBuilder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompositeAlarm.builder("Page").rule("ALARM(a) AND").build());
        assertTrue(e.getMessage().startsWith("composite alarm 'Page': alarm rule 'ALARM(a) AND', line 1, column 13"), e.getMessage());
    }

    @Test
    void enumWireNamesAreCloudWatchsAndReadBack() {
        assertEquals("GreaterThanThreshold", ComparisonOperator.GREATER_THAN_THRESHOLD.apiName());
        assertEquals("notBreaching", TreatMissingData.NOT_BREACHING.apiName());
        assertEquals("INSUFFICIENT_DATA", AlarmState.INSUFFICIENT_DATA.apiName());
        assertEquals("ChangeInCapacity", AlarmActions.AdjustmentType.CHANGE_IN_CAPACITY.apiName());
        for (ComparisonOperator operator : ComparisonOperator.values()) {
            assertEquals(operator, ComparisonOperator.fromApiName(operator.apiName()));
        }
        for (TreatMissingData treatment : TreatMissingData.values()) {
            assertEquals(treatment, TreatMissingData.fromApiName(treatment.apiName()));
        }
    }
}
