package dev.monitor.core.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * EventBridge Scheduler's flexible time window
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-flexible-time-windows.html, API shape
 * {@code FlexibleTimeWindow}): with {@link Mode#OFF} a schedule fires at its scheduled time; with
 * {@link Mode#FLEXIBLE} anywhere within {@code maximumWindow} after it, which spreads many schedules due at the same
 * time. The window is whole minutes from 1 to 1440 ({@code MaximumWindowInMinutes}, min 1, max 1440).
 *
 * <p>Immutable value.
 *
 * @param mode OFF or FLEXIBLE
 * @param maximumWindow {@link Duration#ZERO} for OFF (null is taken as zero); 1 to 1440 whole minutes for FLEXIBLE
 */
public record FlexibleTimeWindow(Mode mode, Duration maximumWindow) {
    /** The largest window EventBridge Scheduler takes, a day. */
    public static final Duration LARGEST = Duration.ofMinutes(1440);

    /** Whether a schedule fires at its time or within a window after it. */
    public enum Mode {
        /** At the scheduled time. */
        OFF,
        /** Within the window after the scheduled time, uniformly. */
        FLEXIBLE;

        /** The value EventBridge Scheduler's {@code Mode} takes: the constant's name. */
        public String apiName() {
            return name();
        }

        /** @throws IllegalArgumentException naming the value and the allowed ones */
        public static Mode fromApiName(String name) {
            for (Mode mode : values()) {
                if (mode.name().equals(name)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("Mode '" + name + "' is not one of " + java.util.Arrays.toString(values()));
        }
    }

    /**
     * @throws IllegalArgumentException naming {@code MaximumWindowInMinutes} when the window does not fit the mode
     */
    public FlexibleTimeWindow {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.OFF) {
            if (maximumWindow != null && !maximumWindow.isZero()) {
                throw new IllegalArgumentException("FlexibleTimeWindow: MaximumWindowInMinutes must not be set when "
                        + "Mode is OFF (was " + maximumWindow + ")");
            }
            maximumWindow = Duration.ZERO;
        } else {
            if (maximumWindow == null) {
                throw new IllegalArgumentException("FlexibleTimeWindow: MaximumWindowInMinutes is required when Mode "
                        + "is FLEXIBLE");
            }
            if (maximumWindow.compareTo(Duration.ofMinutes(1)) < 0 || maximumWindow.compareTo(LARGEST) > 0
                    || !maximumWindow.equals(Duration.ofMinutes(maximumWindow.toMinutes()))) {
                throw new IllegalArgumentException("FlexibleTimeWindow: MaximumWindowInMinutes must be whole minutes "
                        + "from 1 to 1440, was " + maximumWindow);
            }
        }
    }

    /** Fire at the scheduled time. */
    public static FlexibleTimeWindow off() {
        return new FlexibleTimeWindow(Mode.OFF, Duration.ZERO);
    }

    /** Fire within {@code maximumWindow} (1 to 1440 whole minutes) after the scheduled time. */
    public static FlexibleTimeWindow flexible(Duration maximumWindow) {
        return new FlexibleTimeWindow(Mode.FLEXIBLE, maximumWindow);
    }

    /**
     * When a fire scheduled at {@code scheduled} happens: {@code scheduled} itself when OFF, else an instant drawn
     * uniformly from {@code [scheduled, scheduled + maximumWindow)} with {@code random}.
     */
    public Instant fireTime(Instant scheduled, RandomGenerator random) {
        Objects.requireNonNull(scheduled, "scheduled");
        if (mode == Mode.OFF) {
            return scheduled;
        }
        return scheduled.plusNanos(random.nextLong(maximumWindow.toNanos()));
    }
}
