package dev.monitor.core.dashboard;

import java.util.List;
import java.util.Objects;

/**
 * An {@code alarm} widget: the states of 1–100 alarms, given by ARN
 * ({@code arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME}).
 *
 * @param sortBy {@code default} (by name), {@code stateUpdatedTimestamp} or {@code timestamp}; null when not given
 * @param states the states shown ({@code ALARM}, {@code INSUFFICIENT_DATA}, {@code OK}); empty for all
 * @param title  the title, or null
 */
public record AlarmWidget(Placement placement, List<String> alarms, String sortBy, List<String> states, String title)
        implements Widget {
    public AlarmWidget {
        Objects.requireNonNull(placement, "placement");
        alarms = List.copyOf(alarms);
        states = List.copyOf(states);
    }

    @Override
    public String type() {
        return "alarm";
    }

    /** The alarms' names: what follows {@code :alarm:} in each ARN, in order. */
    public List<String> alarmNames() {
        return alarms.stream().map(AlarmWidget::alarmName).toList();
    }

    /** The name in an alarm ARN (what follows {@code :alarm:}), or the text itself when it is no alarm ARN. */
    public static String alarmName(String arn) {
        int at = arn.indexOf(":alarm:");
        return at < 0 ? arn : arn.substring(at + ":alarm:".length());
    }
}
