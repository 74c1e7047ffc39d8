package dev.monitor.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Waits for a condition another thread brings about, instead of sleeping a guessed time and then
 * asserting: returns as soon as the condition holds, fails with what did not happen at the deadline.
 */
public final class Await {
    /** How often the condition is checked: short next to any deadline, long next to a check. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** A condition that may throw; an {@link AssertionError} it throws fails the wait at once. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /** Returns once {@code condition} holds; throws an {@link AssertionError} naming {@code whatFailed} after {@code deadline}. */
    public static void until(Duration deadline, Condition condition, Supplier<String> whatFailed) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!check(condition, whatFailed)) {
            if (System.nanoTime() - end >= 0) {
                throw new AssertionError("not within " + deadline + ": " + whatFailed.get());
            }
            TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
        }
    }

    private static boolean check(Condition condition, Supplier<String> whatFailed) throws InterruptedException {
        try {
            return condition.holds();
        } catch (AssertionError | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(whatFailed.get() + ": the check threw " + e, e);
        }
    }
}
