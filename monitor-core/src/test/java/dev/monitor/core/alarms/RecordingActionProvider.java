package dev.monitor.core.alarms;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test class path's {@link AlarmActionProvider} (listed in its {@code META-INF/services}):
 * acts on SNS and Lambda ARNs by recording what each action received, keyed by ARN, so that tests
 * see what a module such as monitor-aws would be handed. The other kinds stay unhandled, so
 * refusals can be tested. Static because {@link java.util.ServiceLoader} makes the instance; each
 * test uses ARNs of its own.
 */
public final class RecordingActionProvider implements AlarmActionProvider {
    /** What one action run received. */
    record Received(AlarmActionArn arn, Context context, AlarmStateChange change, String notificationJson) {
    }

    static final Map<String, List<Received>> RECEIVED = new ConcurrentHashMap<>();
    static final Map<String, Integer> CREATED = new ConcurrentHashMap<>();

    @Override
    public Set<AlarmActionArn.Kind> kinds() {
        return EnumSet.of(AlarmActionArn.Kind.SNS, AlarmActionArn.Kind.LAMBDA);
    }

    @Override
    public AlarmAction create(AlarmActionArn arn, Context context) {
        if (arn.resource().startsWith("refused")) {
            throw new IllegalArgumentException("topic " + arn.resource() + " is in another partition");
        }
        CREATED.merge(arn.arn(), 1, Integer::sum);
        return change -> RECEIVED.computeIfAbsent(arn.arn(), a -> new CopyOnWriteArrayList<>())
                .add(new Received(arn, context, change, change.notificationJson()));
    }
}
