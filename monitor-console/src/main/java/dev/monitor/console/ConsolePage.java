package dev.monitor.console;

import dev.monitor.core.Monitor;

/**
 * One page of the console and its JSON API: a capability adds its page by implementing this and
 * naming the class in {@code META-INF/services/dev.monitor.console.ConsolePage}; the console finds
 * every page on the class path, lists it in its navigation, and touches no other page to do so.
 *
 * <p>A page is a script (an ES module whose default export has {@code render(root, console)}), served
 * at {@code /static/pages/ID.js} from {@link #script()}, and the API it reads, under {@code /api/ID/}.
 * Implementations need a public no-argument constructor.
 */
public interface ConsolePage {
    /** The page's id: lower-case letters, digits and hyphens; its address is {@code #/ID} and its API {@code /api/ID/}. */
    String id();

    /** The page's name in the navigation. */
    String title();

    /** Where the page comes in the navigation: lower first. */
    int order();

    /** Registers the page's API handlers on {@code api}, which serves them under {@code /api/ID/}. */
    void install(ConsoleApi api, Monitor monitor);

    /** The class-path resource of the page's script, read with this class's loader. */
    default String script() {
        return "/dev/monitor/console/static/pages/" + id() + ".js";
    }
}
