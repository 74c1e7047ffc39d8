package dev.monitor.xray;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.config.ConfigNode;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Makes a {@link SamplingStrategy} of one {@linkplain #type() type}; found with
 * {@link java.util.ServiceLoader}, so that a module on the class path adds a type. The
 * {@code traces:} section chooses one:
 *
 * <pre>{@code
 * traces:
 *   samplingRules: sampling-rules.json   # the local rules (else 1 a second, then 5%)
 *   sampling:
 *     type: centralized                  # local (the default), or a type a module adds: centralized (monitor-aws)
 *     region: eu-west-1                  # ... and the type's own settings
 * }</pre>
 *
 * <p>{@link #read} runs when the configuration is read, so that its problems are reported with
 * the others before anything starts; the {@link Factory} it returns runs when the tracer starts.
 */
public interface SamplingStrategyProvider {

    /** What a strategy gets from the tracer that starts it. */
    interface Context {
        /** The tracer's clock: decisions and polls read the time from it. */
        Clock clock();

        /** The monitor's own metrics (namespace {@code Monitor}). */
        Metrics self();

        /**
         * Where background work runs (the monitor's I/O lane; it refuses {@code shutdown}: cancel
         * the futures it returns). Never the application's threads.
         */
        ScheduledExecutorService background();

        /** The local rules, which a remote strategy falls back to when it has nothing better. */
        SamplingStrategy local();

        /** A context of these parts. */
        static Context of(Clock clock, Metrics self, ScheduledExecutorService background, SamplingStrategy local) {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(self, "self");
            Objects.requireNonNull(background, "background");
            Objects.requireNonNull(local, "local");
            return new Context() {
                @Override
                public Clock clock() {
                    return clock;
                }

                @Override
                public Metrics self() {
                    return self;
                }

                @Override
                public ScheduledExecutorService background() {
                    return background;
                }

                @Override
                public SamplingStrategy local() {
                    return local;
                }
            };
        }
    }

    /** Makes the strategy when the tracer starts, from the settings {@link #read} checked. */
    @FunctionalInterface
    interface Factory {
        /**
         * @throws IllegalArgumentException or {@link java.io.UncheckedIOException} when it cannot start, which fails
         *                                  the monitor's start with the message
         */
        SamplingStrategy create(Context context);
    }

    /** The name {@code sampling: {type: ...}} gives: {@code local}, {@code centralized}. */
    String type();

    /**
     * Reads the {@code sampling:} section ({@code type} already read): each problem recorded in
     * {@code section} under its key, naming the value and the rule it broke; unknown keys rejected.
     *
     * @return what makes the strategy at start; any value when problems were recorded (it is not used)
     */
    Factory read(ConfigNode section);
}
