package dev.monitor.core.internal;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;

/**
 * What one of Monitor's own threads does with a Throwable it caught in a task and survives (an
 * Error too, even OutOfMemoryError): every one is counted in {@code Monitor/InternalErrors} with
 * a {@code Thread} dimension, the first of each thread is logged through SLF4J, and reporting
 * never throws, not even when the counter or the logger does, so that the thread goes on.
 *
 * <p>The failure is printed once in the logged line: in place of an argument that is the failure
 * itself ({@code toString()}, no stack trace), otherwise as the line's stack trace. Up to
 * {@value #MAX_LOGGED_THREADS} threads are remembered as logged; failures of further thread names
 * are only counted. The arguments are fixed in number so that reporting allocates nothing before
 * it is inside its own guard.
 */
public final class InternalErrors {
    static final int MAX_LOGGED_THREADS = 1000;

    private final Metrics self;
    private final Class<?> source;
    private final boolean warn;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /**
     * Reports counted in {@code self} (Monitor's own namespace) and logged at ERROR by {@code source}'s
     * logger, which is looked up only when a first failure is logged (never while SLF4J may be starting).
     */
    public InternalErrors(Metrics self, Class<?> source) {
        this(self, source, Level.ERROR);
    }

    /** Reports counted in {@code self}, logged by {@code source}'s logger at {@code level} (WARN or ERROR). */
    public InternalErrors(Metrics self, Class<?> source, Level level) {
        this.self = self;
        this.source = source;
        this.warn = level == Level.WARN;
    }

    /** Registers {@code thread}'s counter now, so that it exists (at zero) before any failure; returns this. */
    public InternalErrors register(String thread) {
        counter(thread);
        return this;
    }

    public void report(String thread, Throwable failure, String message) {
        report(thread, failure, message, 0, null, null, null);
    }

    public void report(String thread, Throwable failure, String message, Object argument) {
        report(thread, failure, message, 1, argument, null, null);
    }

    public void report(String thread, Throwable failure, String message, Object first, Object second) {
        report(thread, failure, message, 2, first, second, null);
    }

    public void report(String thread, Throwable failure, String message, Object first, Object second, Object third) {
        report(thread, failure, message, 3, first, second, third);
    }

    private void report(String thread, Throwable failure, String message, int count, Object a, Object b, Object c) {
        try {
            counter(thread).increment();
        } catch (Throwable ignored) {
            // even counting failed (out of memory): still try to log, and the thread goes on
        }
        try {
            if (logged.size() < MAX_LOGGED_THREADS && logged.add(thread)) {
                Object[] arguments = count == 0 ? new Object[0] : count == 1 ? new Object[] {a}
                        : count == 2 ? new Object[] {a, b} : new Object[] {a, b, c};
                boolean inline = a == failure && count >= 1 || b == failure && count >= 2 || c == failure && count >= 3;
                String text = MessageFormatter.basicArrayFormat(message, arguments);
                Logger log = LoggerFactory.getLogger(source);
                if (inline) {
                    if (warn) {
                        log.warn(text);
                    } else {
                        log.error(text);
                    }
                } else if (warn) {
                    log.warn(text, failure);
                } else {
                    log.error(text, failure);
                }
            }
        } catch (Throwable ignored) {
            // the logger failed too (out of memory, a broken appender): the thread still goes on
        }
    }

    private dev.monitor.api.metrics.Counter counter(String thread) {
        return self.counterBuilder("InternalErrors").dimension("Thread", thread).resolution(Resolution.STANDARD).register();
    }
}
