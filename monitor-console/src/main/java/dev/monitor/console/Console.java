package dev.monitor.console;

import dev.monitor.console.internal.ConsoleServer;
import dev.monitor.core.DashboardPlugin;
import dev.monitor.core.Monitor;
import dev.monitor.core.dashboard.DashboardServer;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: on the class path, it serves every {@link ConsolePage} found there on the
 * dashboard server of each monitor that has one ({@code dashboard.enabled: true}). Its pages, styles
 * and scripts come from this jar (uPlot from its webjar), never from a CDN, so it works offline.
 */
public final class Console implements DashboardPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);

    /** For {@link ServiceLoader}. */
    public Console() {
    }

    @Override
    public AutoCloseable install(Monitor monitor, DashboardServer server) {
        ConsoleServer console = new ConsoleServer(monitor, pages());
        server.serve("/", console);
        return console;
    }

    /** Every page on the class path; one that cannot be loaded is left out with a warning. */
    static List<ConsolePage> pages() {
        List<ConsolePage> pages = new ArrayList<>();
        var found = ServiceLoader.load(ConsolePage.class, Console.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!found.hasNext()) {
                    return pages;
                }
                pages.add(found.next());
            } catch (ServiceConfigurationError e) {
                LOG.warn("a console page could not be loaded; the console goes on without it: {}", e.toString());
            }
        }
    }
}
