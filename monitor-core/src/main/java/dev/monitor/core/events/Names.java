package dev.monitor.core.events;

import java.util.regex.Pattern;

/** EventBridge's names: of buses, rules, connections and API destinations ({@code [.\-_A-Za-z0-9]+}, at most 64). */
final class Names {
    private static final Pattern NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");

    private Names() {
    }

    static String check(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name + "' is not valid: 1 to 64 of the letters, digits, '.', '-' and '_'");
        }
        return name;
    }
}
