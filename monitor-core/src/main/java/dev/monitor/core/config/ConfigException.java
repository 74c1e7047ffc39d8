package dev.monitor.core.config;

import java.util.List;

/**
 * A configuration that cannot be used. Lists every problem found, each with its path in the
 * document, such as {@code exporters[1].path: required}.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super("invalid configuration" + (source == null ? "" : " in " + source) + ":\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code path: what is wrong}. */
    public List<String> problems() {
        return problems;
    }
}
