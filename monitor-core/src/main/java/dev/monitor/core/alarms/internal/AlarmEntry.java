package dev.monitor.core.alarms.internal;

import dev.monitor.core.alarms.AlarmDefinition;
import dev.monitor.core.alarms.AlarmState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The state the engine keeps per alarm, besides its definition. Guarded by the engine's lock, except {@link #history}. */
abstract class AlarmEntry {
    AlarmState state = AlarmState.INSUFFICIENT_DATA;
    String reason = "Unchecked: Initial alarm creation";
    String reasonData;
    Instant updated;
    /** When this definition was put: its notifications' AlarmConfigurationUpdatedTimestamp. */
    Instant configured;
    boolean actionsEnabled;
    /** The latest evaluation that kept the state, its reason not yet worded. */
    Reasons.Seen unworded;
    AlarmHistory history;
    private final AlarmDefinition definition;

    AlarmEntry(AlarmDefinition definition) {
        this.definition = definition;
        this.actionsEnabled = definition.actionsEnabled();
    }

    /** Words the reason of the latest evaluation, if that has not been done. */
    void word() {
        if (unworded != null) {
            reason = Reasons.text(unworded);
            reasonData = Reasons.data(unworded);
            unworded = null;
        }
    }

    String name() {
        return definition.name();
    }

    AlarmDefinition definition() {
        return definition;
    }

    Map<AlarmState, List<String>> actions() {
        return definition.actions();
    }

    /** Takes over the state and the history of the alarm this one replaces. */
    void replace(AlarmEntry other) {
        other.word();
        state = other.state;
        reason = other.reason;
        reasonData = other.reasonData;
        updated = other.updated;
        history = other.history;
    }
}
