package dev.monitor.aws.actions;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.aws.AwsClientSettings;
import dev.monitor.aws.internal.AwsClients;
import dev.monitor.aws.internal.UsageMetrics;
import dev.monitor.core.alarms.AlarmAction;
import dev.monitor.core.alarms.AlarmStateChange;
import java.util.Objects;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * An alarm action that sets a named Auto Scaling group's desired capacity with {@code SetDesiredCapacity}
 * (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_SetDesiredCapacity.html). CloudWatch
 * names no ARN for it (its Auto Scaling actions are scaling policies), so it is registered under a
 * name of the application's choosing:
 *
 * <pre>{@code
 * monitor.alarms().registerAction("web-to-6",
 *         SetDesiredCapacity.of("web-asg", 6, AwsClientSettings.defaults().withRegion("eu-west-1")));
 * }</pre>
 *
 * <p>The group must allow the capacity (between its minimum and maximum), else Auto Scaling refuses
 * it and the refusal is recorded in the alarm's history like any failed action. The client is built
 * once, here, and closed with the monitor. Thread-safe.
 */
public final class SetDesiredCapacity implements AlarmAction, AutoCloseable {
    private final AwsClients clients;
    private final AutoScalingClient autoScaling;
    private final String group;
    private final int capacity;
    private final boolean honorCooldown;

    private SetDesiredCapacity(String group, int capacity, boolean honorCooldown, AwsClientSettings settings, Metrics self) {
        this.group = group;
        this.capacity = capacity;
        this.honorCooldown = honorCooldown;
        this.clients = AwsClients.open("SetDesiredCapacity " + group, settings, new UsageMetrics(self));
        this.autoScaling = clients.build(AutoScalingClient.builder());
    }

    /** Sets {@code group} to {@code capacity} instances, without waiting for its cooldown (the API's default). */
    public static SetDesiredCapacity of(String group, int capacity, AwsClientSettings settings) {
        return of(group, capacity, false, settings, Metrics.noop());
    }

    /**
     * @param honorCooldown whether Auto Scaling waits for the group's cooldown to end first
     * @param self          where its calls are counted ({@code CallCount}, {@code ThrottleCount}); the monitor's
     *                      {@code Monitor} namespace, or {@link Metrics#noop()}
     * @throws IllegalArgumentException for a group name that is not 1 to 255 characters, a negative capacity, or
     *                                  no region in the settings nor in the SDK's chain
     */
    public static SetDesiredCapacity of(String group, int capacity, boolean honorCooldown, AwsClientSettings settings, Metrics self) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(self, "self");
        if (group.isEmpty() || group.length() > 255) {
            throw new IllegalArgumentException("Auto Scaling group name '" + group + "' must have 1 to 255 characters");
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("the desired capacity of group '" + group + "' must be 0 or more, not " + capacity);
        }
        return new SetDesiredCapacity(group, capacity, honorCooldown, settings, self);
    }

    @Override
    public void run(AlarmStateChange change) {
        autoScaling.setDesiredCapacity(r -> r.autoScalingGroupName(group).desiredCapacity(capacity).honorCooldown(honorCooldown));
    }

    @Override
    public void close() {
        clients.close();
    }

    @Override
    public String toString() {
        return "SetDesiredCapacity " + group + " = " + capacity;
    }
}
