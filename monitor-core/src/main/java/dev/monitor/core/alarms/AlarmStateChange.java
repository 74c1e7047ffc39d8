package dev.monitor.core.alarms;

import java.time.Instant;

/**
 * One state change of an alarm, handed to its actions and to state-change listeners.
 * {@link #notificationJson()} is the body CloudWatch sends to an SNS topic;
 * {@link #eventJson()} is the EventBridge "CloudWatch Alarm State Change" event;
 * {@link #lambdaEventJson()} is the event CloudWatch invokes a Lambda function with.
 *
 * @param alarm                the alarm's definition
 * @param previous             the state before
 * @param current              the state now; its timestamp is the time of the change on Monitor's clock
 * @param repeated             whether this is a repeat while the alarm stays in state (for scaling actions)
 * @param configurationUpdated when the alarm was last put (its {@code AlarmConfigurationUpdatedTimestamp});
 *                             null when not known, and then the change's time stands for it
 */
public record AlarmStateChange(AlarmDefinition alarm, String alarmArn, String account, String region,
                               State previous, State current, boolean repeated, Instant configurationUpdated) {

    /** A change whose alarm's configuration time is not known. */
    public AlarmStateChange(AlarmDefinition alarm, String alarmArn, String account, String region,
                            State previous, State current, boolean repeated) {
        this(alarm, alarmArn, account, region, previous, current, repeated, null);
    }

    /** A state with its reason, as the change's {@code previousState} and {@code state}. */
    public record State(AlarmState value, String reason, String reasonData, Instant timestamp) {
    }

    public String alarmName() {
        return alarm.name();
    }

    /**
     * The region as CloudWatch names it in its notifications' {@code Region} and subjects:
     * {@code US East (N. Virginia)}, {@code EU (Ireland)}; the region's id when it is not an AWS region.
     */
    public String regionName() {
        return RegionNames.longName(region);
    }

    /** The message CloudWatch publishes to SNS topics, in its field names. */
    public String notificationJson() {
        return StateChangeMessages.notification(this);
    }

    /** The EventBridge event of the change: {@code source} aws.cloudwatch, {@code detail-type} "CloudWatch Alarm State Change". */
    public String eventJson() {
        return StateChangeMessages.event(this);
    }

    /**
     * The event CloudWatch invokes a Lambda alarm action with: {@code source} aws.cloudwatch,
     * {@code alarmArn}, {@code accountId}, {@code time}, {@code region} and {@code alarmData} (the
     * alarm's name, state, previous state and configuration).
     */
    public String lambdaEventJson() {
        return StateChangeMessages.lambdaEvent(this);
    }
}
