package dev.monitor.core.events;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.export.UsageMeter;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * Delivers to rule targets named by ARN ({@link Target#arn}), as EventBridge does: a module such as
 * {@code monitor-aws} puts events on an EventBridge bus
 * ({@code arn:aws:events:region:account-id:event-bus/name}), publishes them to an SNS topic
 * ({@code arn:aws:sns:region:account-id:topic}) or invokes a Lambda function
 * ({@code arn:aws:lambda:region:account-id:function:name}). Found through
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.monitor.core.events.TargetProvider} (it needs a public no-argument
 * constructor).
 *
 * <p>When a rule is put, each ARN target goes to the first provider whose {@link #services()} hold
 * the ARN's service (its third part); {@link #create} runs then, once per distinct ARN in a
 * monitor. A target whose service no provider handles is refused at definition, naming what is
 * available. The handler returned is called like a Java handler target: on the delivery threads,
 * one call at a time per target, with the events settings' time limit, after the target's
 * {@code Input}, {@code InputPath} or {@code InputTransformer} made its input. A call that throws is
 * retried by the target's {@link RetryPolicy} and written to the rule's dead-letter file when the
 * retries run out; throw {@link TargetException} to give EventBridge's error code or to stop
 * retrying. A handler that is {@link AutoCloseable} is closed when the monitor closes.
 */
public interface TargetProvider {

    /** The ARN services it delivers to, as the ARN writes them: {@code events}, {@code sns}, {@code lambda}. */
    Set<String> services();

    /**
     * Makes the handler that delivers to {@code arn}, whose service is one of {@link #services()}.
     * Called when a rule is put, on that thread: build clients here, but do not call the service.
     *
     * @throws IllegalArgumentException when the ARN cannot be delivered to; the rule is refused with the message
     */
    EventHandler create(String arn, Context context);

    /**
     * What the monitor tells a provider.
     *
     * @param account the monitor's account id
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
