package dev.monitor.core.alarms.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.TreatMissingData;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * State reasons worded as CloudWatch words them ("Threshold Crossed: 3 out of the last 3
 * datapoints [300.0 (22/11/26 01:52:00), ...] were greater than the threshold (250.0) (minimum 3
 * datapoints for OK -> ALARM transition).") and their JSON reason data.
 */
final class Reasons {
    private static final DateTimeFormatter POINT_TIME =
            DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss").withZone(ZoneOffset.UTC);

    private Reasons() {
    }

    /** What one evaluation saw, for the reason text and data. */
    record Seen(MetricAlarm alarm, long[] starts, double[] values, long[] sampleCounts, double[] lower,
                double[] upper, Evaluation.Outcome outcome, Instant queryDate) {
    }

    static String text(Seen seen) {
        MetricAlarm alarm = seen.alarm();
        Evaluation.Outcome outcome = seen.outcome();
        int n = alarm.evaluationPeriods();
        int m = alarm.datapointsToAlarm();
        String words = words(alarm.comparisonOperator());
        String target = alarm.comparisonOperator().usesBand() ? "" : " the threshold (" + alarm.threshold() + ")";
        String treatedAs = treatedAs(alarm.treatMissingData());
        switch (outcome.basis()) {
            case ALL_MISSING -> {
                if (outcome.state() == AlarmState.INSUFFICIENT_DATA || outcome.state() == null) {
                    return "Insufficient Data: " + plural(seen.starts().length, "datapoint") + " "
                            + (seen.starts().length == 1 ? "was" : "were") + " unknown.";
                }
                return "Threshold Crossed: no datapoints were received for " + plural(n, "period") + " and "
                        + n + " missing " + (n == 1 ? "datapoint was" : "datapoints were") + " treated as [" + treatedAs + "].";
            }
            case UNDECIDED -> {
                return "Insufficient Data: " + plural(outcome.evaluated().size(), "datapoint") + " "
                        + list(seen, outcome.evaluated()) + " "
                        + (outcome.evaluated().size() == 1 ? "was " : "were ") + words + target
                        + ", too few to decide; " + (seen.starts().length - outcome.evaluated().size())
                        + " datapoints were missing.";
            }
            case PREMATURE -> {
                return "Threshold Crossed: " + plural(outcome.evaluated().size(), "datapoint") + " "
                        + list(seen, outcome.evaluated()) + " " + (outcome.evaluated().size() == 1 ? "was " : "were ")
                        + words + target + ", the oldest at least " + plural(m, "period")
                        + " old with no datapoint since within the threshold.";
            }
            default -> {
                int evaluated = outcome.evaluated().size() + outcome.filled();
                boolean alarmed = outcome.state() == AlarmState.ALARM;
                int counted = alarmed ? outcome.breaching() : evaluated - outcome.breaching();
                String verb = counted == 1 ? "was " : "were ";
                StringBuilder text = new StringBuilder("Threshold Crossed: ");
                if (evaluated == 1 && outcome.filled() == 0) {
                    text.append("1 datapoint ").append(list(seen, outcome.evaluated())).append(' ').append(verb)
                            .append(alarmed ? "" : "not ").append(words).append(target).append('.');
                    return text.toString();
                }
                text.append(counted).append(" out of the last ").append(evaluated).append(" datapoints ")
                        .append(list(seen, outcome.evaluated())).append(' ').append(verb)
                        .append(alarmed ? "" : "not ").append(words).append(target);
                if (alarmed) {
                    text.append(" (minimum ").append(plural(m, "datapoint")).append(" for OK -> ALARM transition)");
                } else {
                    text.append(" (minimum ").append(plural(n - m + 1, "datapoint")).append(" for ALARM -> OK transition)");
                }
                if (outcome.filled() > 0) {
                    text.append(" and ").append(outcome.filled()).append(" missing ")
                            .append(outcome.filled() == 1 ? "datapoint was" : "datapoints were")
                            .append(" treated as [").append(treatedAs).append(']');
                }
                return text.append('.').toString();
            }
        }
    }

    /** The phrase CloudWatch's state reasons use: "were greater than the threshold". */
    static String words(ComparisonOperator operator) {
        return switch (operator) {
            case GREATER_THAN_OR_EQUAL_TO_THRESHOLD -> "greater than or equal to";
            case GREATER_THAN_THRESHOLD -> "greater than";
            case LESS_THAN_THRESHOLD -> "less than";
            case LESS_THAN_OR_EQUAL_TO_THRESHOLD -> "less than or equal to";
            case LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD -> "outside the band";
            case LESS_THAN_LOWER_THRESHOLD -> "less than the lower thresholds";
            case GREATER_THAN_UPPER_THRESHOLD -> "greater than the upper thresholds";
        };
    }

    /** The word CloudWatch's state reasons use: "treated as [Breaching]". */
    static String treatedAs(TreatMissingData treatment) {
        return switch (treatment) {
            case MISSING -> "Missing";
            case NOT_BREACHING -> "NonBreaching";
            case BREACHING -> "Breaching";
            case IGNORE -> "Ignore";
        };
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String list(Seen seen, List<Integer> indexes) {
        StringBuilder out = new StringBuilder("[");
        for (int index : indexes) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(seen.values()[index]).append(" (")
                    .append(POINT_TIME.format(Instant.ofEpochSecond(seen.starts()[index]))).append(')');
        }
        return out.append(']').toString();
    }

    static String data(Seen seen) {
        MetricAlarm alarm = seen.alarm();
        ObjectNode root = AlarmJson.JSON.createObjectNode();
        root.put("version", "1.0");
        root.put("queryDate", AlarmJson.timestamp(seen.queryDate()));
        root.put("startDate", AlarmJson.timestamp(Instant.ofEpochSecond(seen.starts()[0])));
        if (alarm.metric() != null) {
            root.put(alarm.metric().stat().isExtended() ? "extendedStatistic" : "statistic", alarm.metric().stat().name());
        }
        root.put("period", alarm.periodSeconds());
        ArrayNode recent = root.putArray("recentDatapoints");
        for (double value : seen.values()) {
            if (!Double.isNaN(value)) {
                recent.add(value);
            }
        }
        if (alarm.threshold() != null) {
            root.put("threshold", alarm.threshold());
        } else {
            ArrayNode lower = root.putArray("recentLowerThresholds");
            ArrayNode upper = root.putArray("recentUpperThresholds");
            for (int i = 0; i < seen.values().length; i++) {
                if (!Double.isNaN(seen.values()[i]) && seen.lower() != null && !Double.isNaN(seen.lower()[i])) {
                    lower.add(seen.lower()[i]);
                    upper.add(seen.upper()[i]);
                }
            }
        }
        ArrayNode evaluated = root.putArray("evaluatedDatapoints");
        for (int index : seen.outcome().evaluated()) {
            ObjectNode point = evaluated.addObject();
            point.put("timestamp", AlarmJson.timestamp(Instant.ofEpochSecond(seen.starts()[index])));
            if (seen.sampleCounts() != null && seen.sampleCounts()[index] > 0) {
                point.put("sampleCount", (double) seen.sampleCounts()[index]);
            }
            point.put("value", seen.values()[index]);
        }
        return AlarmJson.write(root);
    }
}
