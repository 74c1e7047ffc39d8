package dev.monitor.core.internal;

import java.util.regex.Pattern;

/**
 * Not API: EventBridge's names of buses, rules, connections and API destinations
 * ({@code [.\-_A-Za-z0-9]+}, at most 64), checked alike by the events facade and its engine.
 */
public final class EventBridgeNames {
    private static final Pattern NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");

    private EventBridgeNames() {
    }

    /**
     * {@code name} when it is a valid name.
     *
     * @param what what is named, for the message ({@code "event bus"})
     * @throws IllegalArgumentException naming the value and the rule it breaks
     */
    public static String check(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name + "' is not valid: 1 to 64 of the letters, digits, '.', '-' and '_'");
        }
        return name;
    }
}
