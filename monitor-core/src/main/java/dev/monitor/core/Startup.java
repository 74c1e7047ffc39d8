package dev.monitor.core;

import dev.monitor.core.config.ConfigException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One start of a monitor: each capability starts through it, and what it started is stopped again,
 * newest first, when a later step fails. An exception a capability throws becomes a problem that
 * names the capability and the cause, so that {@code build()} fails with one
 * {@link ConfigException} and leaves no thread or server of its own behind.
 */
final class Startup {
    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

    private final List<String> problems;
    private final Deque<Runnable> undo = new ArrayDeque<>();
    private final List<Throwable> causes = new ArrayList<>();

    Startup(List<String> problems) {
        this.problems = problems;
    }

    /**
     * Starts one capability.
     *
     * @param stop how to stop what {@code step} returned if the start fails later; null when there is nothing to stop
     * @return what {@code step} made, or null when it failed (its problem is recorded)
     */
    <T> T start(String capability, Supplier<T> step, Consumer<? super T> stop) {
        try {
            T started = step.get();
            if (started != null && stop != null) {
                onFailure(() -> stop.accept(started));
            }
            return started;
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw e; // build() stops what was started, then lets it through
            }
            causes.add(e);
            problems.add(capability + ": " + describe(e));
        }
        return null;
    }

    /** Runs a step that starts nothing, such as creating the configured alarms. */
    void run(String capability, Runnable step) {
        start(capability, () -> {
            step.run();
            return null;
        }, null);
    }

    /** Adds {@code stop} to what a failed start undoes, and returns it so that it can be {@linkplain #forget forgotten}. */
    Runnable onFailure(Runnable stop) {
        undo.push(stop);
        return stop;
    }

    /** Drops an undo step whose resources another, later one now owns. */
    void forget(Runnable stop) {
        undo.remove(stop);
    }

    boolean failed() {
        return !problems.isEmpty();
    }

    /** The exceptions behind the problems, for the {@link ConfigException}'s suppressed list. */
    List<Throwable> causes() {
        return causes;
    }

    /** Stops everything started, newest first; each stop runs even when an earlier one threw. */
    void rollBack() {
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
                LOG.debug("stopping a capability after a failed start failed too", e);
            }
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        boolean explained = e instanceof UncheckedIOException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException;
        if (explained && message != null) {
            return message;
        }
        return "could not start: " + e.getClass().getName() + (message == null ? "" : ": " + message);
    }
}
