package dev.monitor.core.events.patterns;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The patterns of a bus's rules, each under its key (a rule's name), compiled into one automaton that finds
 * every key whose pattern matches an event in one walk over the event's fields (see {@link CompiledMachine}).
 *
 * <p>Thread-safe. Adding and removing patterns replace the key set under a lock and drop the compiled machine;
 * the next match compiles the current set once and publishes it, immutable, to every matching thread. So a
 * burst of changes (a bus loading its rules) costs one compilation, and matching never waits on a change
 * except for the one thread that compiles after it.
 *
 * @param <K> the key a pattern is kept under
 */
public final class PatternMachine<K> {
    private final Object lock = new Object();
    private final Map<K, List<PatternCompiler.SubRule>> patterns = new LinkedHashMap<>();
    private volatile CompiledMachine<K> compiled = CompiledMachine.build(Map.of());

    /** Keeps {@code pattern} under {@code key}, replacing the pattern kept there before. */
    public void add(K key, EventPattern pattern) {
        Objects.requireNonNull(key, "key");
        List<PatternCompiler.SubRule> rules = PatternCompiler.compile(Objects.requireNonNull(pattern, "pattern").json());
        synchronized (lock) {
            patterns.put(key, rules);
            compiled = null;
        }
    }

    /** Forgets the pattern kept under {@code key}, if any. */
    public void remove(K key) {
        synchronized (lock) {
            if (patterns.remove(key) != null) {
                compiled = null;
            }
        }
    }

    /** How many keys hold a pattern. */
    public int size() {
        synchronized (lock) {
            return patterns.size();
        }
    }

    /**
     * The keys whose pattern matches {@code eventJson} (one JSON object), in no particular order.
     *
     * @throws IllegalArgumentException when {@code eventJson} is not a JSON object
     */
    public Set<K> matches(String eventJson) {
        Objects.requireNonNull(eventJson, "eventJson");
        return machine().matches(eventJson);
    }

    /** As {@link #matches(String)}, for an event already parsed; package-private: Jackson stays out of public signatures. */
    Set<K> matches(JsonNode event) {
        return machine().matches(event);
    }

    private CompiledMachine<K> machine() {
        CompiledMachine<K> machine = compiled;
        if (machine != null) {
            return machine;
        }
        synchronized (lock) {
            if (compiled == null) {
                compiled = CompiledMachine.build(patterns);
            }
            return compiled;
        }
    }
}
