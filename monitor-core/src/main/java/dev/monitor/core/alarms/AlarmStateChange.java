package dev.monitor.core.alarms;

import java.time.Instant;

/**
 * One state change of an alarm, handed to its actions and to state-change listeners.
 * {@link #notificationJson()} is the body CloudWatch sends to an SNS topic;
 * {@link #eventJson()} is the EventBridge "CloudWatch Alarm State Change" event.
 *
 * @param alarm    the alarm's definition
 * @param previous the state before
 * @param current  the state now; its timestamp is the time of the change on Monitor's clock
 * @param repeated whether this is a repeat while the alarm stays in state (for scaling actions)
 */
public record AlarmStateChange(AlarmDefinition alarm, String alarmArn, String account, String region,
                               State previous, State current, boolean repeated) {

    /** A state with its reason, as the change's {@code previousState} and {@code state}. */
    public record State(AlarmState value, String reason, String reasonData, Instant timestamp) {
    }

    public String alarmName() {
        return alarm.name();
    }

    /** The message CloudWatch publishes to SNS topics, in its field names. */
    public String notificationJson() {
        return StateChangeMessages.notification(this);
    }

    /** The EventBridge event of the change: {@code source} aws.cloudwatch, {@code detail-type} "CloudWatch Alarm State Change". */
    public String eventJson() {
        return StateChangeMessages.event(this);
    }
}
