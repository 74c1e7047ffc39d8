package dev.monitor.core;

import dev.monitor.core.dashboard.DashboardServer;

/**
 * Adds pages or endpoints to a monitor's {@link DashboardServer}, such as the web console of
 * {@code monitor-console}. Found through {@link java.util.ServiceLoader} when a monitor with a
 * dashboard starts, each installed once the monitor is built; what {@link #install} returns is
 * closed with the monitor. A plugin that fails to install is skipped with a warning: the
 * application and the other plugins go on.
 */
public interface DashboardPlugin {
    /** Registers this plugin's routes on {@code server} for {@code monitor}; returns what to close with the monitor. */
    AutoCloseable install(Monitor monitor, DashboardServer server);
}
