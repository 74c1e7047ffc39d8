package dev.monitor.core.events.patterns;

import java.util.Objects;

/**
 * An EventBridge event pattern, checked when it is made: {@link #parse} refuses what EventBridge refuses, with
 * AWS's message, and {@link #matches} answers as TestEventPattern does. The semantics are the EventBridge user
 * guide's (pages eb-event-patterns*.html and eb-create-pattern-operators.html): a field's array lists
 * alternatives, fields must all match, fields the pattern does not name are ignored, an array in the event
 * matches when any element does; {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code wildcard},
 * {@code anything-but}, {@code numeric}, {@code cidr}, {@code exists} and {@code $or}.
 *
 * <p>Immutable and thread-safe. Matching one event reads only the fields the pattern names; to match many
 * patterns against each event, put them in one {@link PatternMachine} instead of looping over patterns.
 */
public final class EventPattern {
    private final String json;
    private final PatternMachine<Boolean> machine = new PatternMachine<>();

    private EventPattern(String json) {
        this.json = json;
    }

    /**
     * The pattern {@code json}.
     *
     * @throws InvalidEventPatternException with AWS's message ("Event pattern is not valid. Reason: ...")
     *     when EventBridge would refuse it
     */
    public static EventPattern parse(String json) {
        PatternCompiler.compile(json);
        EventPattern pattern = new EventPattern(json);
        pattern.machine.add(Boolean.TRUE, pattern);
        return pattern;
    }

    /**
     * Whether the event {@code eventJson} (one JSON object) matches.
     *
     * @throws IllegalArgumentException when {@code eventJson} is not a JSON object
     */
    public boolean matches(String eventJson) {
        return !machine.matches(Objects.requireNonNull(eventJson, "eventJson")).isEmpty();
    }

    /** The pattern as it was given. */
    public String json() {
        return json;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventPattern other && other.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json;
    }
}
