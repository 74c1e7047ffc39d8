package dev.monitor.core.logs;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The logs that bridges such as {@code monitor-slf4j} write into: those of the first monitor
 * built in the process (a monitor installs its logs when built and removes them when closed).
 */
public final class GlobalLogs {
    private static volatile LogService current;
    private static final List<Consumer<LogService>> LISTENERS = new CopyOnWriteArrayList<>();

    private GlobalLogs() {
    }

    /** The installed logs, or null before any monitor was built. */
    public static LogService current() {
        return current;
    }

    /** Installs {@code logs} unless some are installed already; returns whether it did. */
    public static synchronized boolean installIfAbsent(LogService logs) {
        if (current != null) {
            return false;
        }
        current = Objects.requireNonNull(logs, "logs");
        LISTENERS.forEach(listener -> listener.accept(logs));
        return true;
    }

    /** Removes {@code logs} if they are the installed ones. */
    public static synchronized void uninstall(LogService logs) {
        if (current == logs) {
            current = null;
        }
    }

    /** Calls {@code listener} with the logs installed from now on, and with the current ones if any. */
    public static synchronized void onInstall(Consumer<LogService> listener) {
        LISTENERS.add(listener);
        if (current != null) {
            listener.accept(current);
        }
    }
}
