package dev.monitor.xray;

/**
 * Decides whether a new trace is recorded: the tracer asks once per segment that begins a trace,
 * or continues one whose header leaves the decision open ({@code Sampled=?} or absent).
 * {@link Sampler} is the {@code local} strategy (rules in the SDK's JSON); {@code monitor-aws} adds
 * {@code centralized} (X-Ray's sampling rules and quotas). Chosen with the {@code traces:} section's
 * {@code sampling: {type: ...}}; see {@link SamplingStrategyProvider}.
 *
 * <p>Implementations are thread-safe; {@link #sample} runs on the application's thread, so it
 * touches only memory (no I/O, no lock held across one) and never throws.
 */
public interface SamplingStrategy extends AutoCloseable {

    /** Whether to record the trace that {@code request} begins. */
    boolean sample(SamplingRequest request);

    /** Stops what the strategy runs in the background (a poller, its clients); the tracer calls it as it closes. Never throws. */
    @Override
    default void close() {
    }
}
