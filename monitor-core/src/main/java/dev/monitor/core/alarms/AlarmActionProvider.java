package dev.monitor.core.alarms;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.export.UsageMeter;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * Acts on alarm actions named by ARN, as CloudWatch does: a module such as {@code monitor-aws}
 * publishes to SNS, stops the EC2 instance, executes a scaling policy, opens an OpsItem or
 * invokes a Lambda function. Found through {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.monitor.core.alarms.AlarmActionProvider} (it needs a public
 * no-argument constructor).
 *
 * <p>When an alarm is defined (in code, or by the configuration file's {@code alarms}) each action
 * name that starts with {@code arn:} is {@linkplain AlarmActionArn#parse checked} and handed to
 * the first provider whose {@link #kinds()} hold its kind; {@link #create} runs then, once per
 * distinct ARN in a monitor, and the action it returns serves every alarm that names that ARN. An
 * ARN of a kind no provider handles is refused at definition, with the kinds CloudWatch accepts and
 * those available. An action registered under the ARN itself
 * ({@link AlarmService#registerAction}) takes precedence over the providers.
 *
 * <p>The action runs on the alarms' action threads with their timeout and retries (a thrown
 * exception is retried with backoff, the outcome goes to the alarm's history). It receives the
 * {@link AlarmStateChange}: {@link AlarmStateChange#notificationJson()} is the message CloudWatch
 * publishes to SNS and {@link AlarmStateChange#eventJson()} the EventBridge event. An action that
 * is {@link AutoCloseable} is closed when the monitor closes.
 */
public interface AlarmActionProvider {

    /** The kinds of ARN this provider acts on. */
    Set<AlarmActionArn.Kind> kinds();

    /**
     * Makes the action for {@code arn}, one of {@link #kinds()}. Called at definition, on the
     * defining thread: build clients here, but do not call the service.
     *
     * @throws IllegalArgumentException when the ARN cannot be acted on here; the alarm is refused with the message
     */
    AlarmAction create(AlarmActionArn arn, Context context);

    /**
     * What the monitor tells a provider.
     *
     * @param account the monitor's account id (its alarms' ARNs hold it)
     * @param region  the monitor's region
     * @param clock   the monitor's clock
     * @param self    the monitor's own metrics (namespace {@code Monitor}), where a provider counts its calls
     * @param usage   where a provider reports the billable usage of what it sent (see {@link UsageMeter})
     */
    record Context(String account, String region, Clock clock, Metrics self, UsageMeter usage) {
        public Context {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(self, "self");
            Objects.requireNonNull(usage, "usage");
        }

        /** A context outside a monitor: nothing counted, nothing metered. */
        public Context(String account, String region, Clock clock) {
            this(account, region, clock, Metrics.noop(), UsageMeter.NONE);
        }
    }
}
