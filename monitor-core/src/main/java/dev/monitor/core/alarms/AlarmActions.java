package dev.monitor.core.alarms;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import javax.management.ObjectName;

/** The ready-made alarm actions: webhook, scaling and diagnostics capture. */
public final class AlarmActions {
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private AlarmActions() {
    }

    /**
     * POSTs the SNS-shaped notification JSON to {@code uri} with {@code java.net.http.HttpClient}.
     * A response other than 2xx, or no response, fails the attempt, and the runner retries it with backoff.
     * The action is {@link AutoCloseable}: its client's threads end when the monitor whose
     * {@link AlarmService} it is registered with closes, or when it is closed itself.
     */
    public static AlarmAction webhook(URI uri) {
        Objects.requireNonNull(uri, "uri");
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("webhook address '" + uri + "' must be an http or https URL");
        }
        return new WebhookAction(uri);
    }

    /**
     * Writes a thread dump and a class histogram of the heap to {@code directory}, the in-process
     * analogue of EC2's reboot and recover actions: the evidence is kept before anyone restarts
     * anything. At most one capture per {@code minInterval} (by the alarm's clock); the others are skipped.
     */
    public static AlarmAction diagnostics(Path directory, Duration minInterval) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(minInterval, "minInterval");
        return new AlarmAction() {
            private Instant last;

            @Override
            public synchronized void run(AlarmStateChange change) throws Exception {
                Instant now = change.current().timestamp();
                if (last != null && now.isBefore(last.plus(minInterval))) {
                    return;
                }
                last = now;
                Files.createDirectories(directory);
                String prefix = change.alarmName().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + FILE_TIME.format(now);
                Files.writeString(directory.resolve(prefix + "-threads.txt"), threadDump(), StandardCharsets.UTF_8);
                Files.writeString(directory.resolve(prefix + "-heap-histogram.txt"), heapHistogram(), StandardCharsets.UTF_8);
            }
        };
    }

    static String threadDump() {
        StringBuilder out = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(info.getThreadName()).append("\" id=").append(info.getThreadId())
                    .append(' ').append(info.getThreadState()).append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                out.append("\tat ").append(frame).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The {@code GC.class_histogram} diagnostic command's output, as {@code jcmd} prints it. */
    static String heapHistogram() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
    }

    /** How a scaling action changes the desired count, as Auto Scaling's simple scaling policies do. */
    public enum AdjustmentType {
        CHANGE_IN_CAPACITY("ChangeInCapacity"),
        EXACT_CAPACITY("ExactCapacity"),
        PERCENT_CHANGE_IN_CAPACITY("PercentChangeInCapacity");

        private final String apiName;

        AdjustmentType(String apiName) {
            this.apiName = apiName;
        }

        /** The name Auto Scaling's {@code PutScalingPolicy} uses, such as {@code ChangeInCapacity}. */
        public String apiName() {
            return apiName;
        }

        /** @throws IllegalArgumentException naming the value and the allowed ones */
        public static AdjustmentType fromApiName(String name) {
            for (AdjustmentType type : values()) {
                if (type.apiName.equals(name)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("AdjustmentType '" + name
                    + "' is not one of ChangeInCapacity, ExactCapacity, PercentChangeInCapacity");
        }
    }

    /**
     * A scaling action on a desired count read by {@code current} and set by {@code setDesired}:
     * each run adjusts it by {@code adjustment} as {@code type} says, within {@code [min, max]}, and
     * not again within {@code cooldown} of the last change. Like an Auto Scaling action in
     * CloudWatch it repeats at every evaluation while the alarm stays in the state.
     */
    public static AlarmAction scaling(IntSupplier current, IntConsumer setDesired, AdjustmentType type,
                                      int adjustment, int min, int max, Duration cooldown) {
        if (min < 0 || min > max) {
            throw new IllegalArgumentException("scaling bounds [" + min + ", " + max + "] must satisfy 0 <= min <= max");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(cooldown, "cooldown");
        return new AlarmAction() {
            private Instant lastChange;

            @Override
            public synchronized void run(AlarmStateChange change) {
                Instant now = change.current().timestamp();
                if (lastChange != null && now.isBefore(lastChange.plus(cooldown))) {
                    return;
                }
                int from = current.getAsInt();
                int to = switch (type) {
                    case CHANGE_IN_CAPACITY -> from + adjustment;
                    case EXACT_CAPACITY -> adjustment;
                    case PERCENT_CHANGE_IN_CAPACITY -> {
                        double delta = from * adjustment / 100.0;
                        // Auto Scaling rounds a fractional change away from zero to at least 1.
                        int rounded = (int) (delta >= 0 ? Math.max(1, Math.floor(delta)) : Math.min(-1, Math.ceil(delta)));
                        yield from + rounded;
                    }
                };
                to = Math.max(min, Math.min(max, to));
                if (to != from) {
                    setDesired.accept(to);
                    lastChange = now;
                }
            }

            @Override
            public boolean repeatsWhileInState() {
                return true;
            }
        };
    }

    /** A scaling action that resizes {@code pool}: its core size, and its maximum size when that would be smaller. */
    public static AlarmAction scaling(ThreadPoolExecutor pool, AdjustmentType type, int adjustment, int min, int max,
                                      Duration cooldown) {
        Objects.requireNonNull(pool, "pool");
        return scaling(pool::getCorePoolSize, size -> {
            synchronized (pool) {
                if (size > pool.getMaximumPoolSize()) {
                    pool.setMaximumPoolSize(size);
                    pool.setCorePoolSize(size);
                } else {
                    pool.setCorePoolSize(size);
                    pool.setMaximumPoolSize(Math.max(size, 1));
                }
            }
        }, type, adjustment, min, max, cooldown);
    }
}
