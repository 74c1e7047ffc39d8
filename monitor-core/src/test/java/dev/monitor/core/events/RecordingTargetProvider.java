package dev.monitor.core.events;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test class path's {@link TargetProvider} (listed in its {@code META-INF/services}): delivers
 * to SNS and Lambda ARNs by recording each input, keyed by ARN. A topic whose name starts with
 * {@code gone} answers as a deleted one would ({@code NO_RESOURCE}, not retried); one whose name
 * starts with {@code flaky} fails its first call. EventBridge bus ARNs stay unhandled, so refusals
 * can be tested. Static because {@link java.util.ServiceLoader} makes the instance; each test uses
 * ARNs of its own.
 */
public final class RecordingTargetProvider implements TargetProvider {
    static final Map<String, List<String>> INPUTS = new ConcurrentHashMap<>();
    static final Map<String, Context> CONTEXTS = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    @Override
    public Set<String> services() {
        return Set.of("sns", "lambda");
    }

    @Override
    public EventHandler create(String arn, Context context) {
        CONTEXTS.put(arn, context);
        String name = arn.substring(arn.lastIndexOf(':') + 1);
        AtomicInteger calls = CALLS.computeIfAbsent(arn, a -> new AtomicInteger());
        return input -> {
            int call = calls.incrementAndGet();
            if (name.startsWith("gone")) {
                throw new TargetException("NO_RESOURCE", false, "Topic does not exist: " + arn);
            }
            if (name.startsWith("flaky") && call == 1) {
                throw new IllegalStateException("the service answered 500");
            }
            INPUTS.computeIfAbsent(arn, a -> new CopyOnWriteArrayList<>()).add(input);
        };
    }
}
