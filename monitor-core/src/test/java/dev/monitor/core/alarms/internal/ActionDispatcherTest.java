package dev.monitor.core.alarms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.alarms.AlarmAction;
import dev.monitor.core.alarms.AlarmHistoryItem;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.AlarmStateChange;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.MetricAlarm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who hears of a state change: actions, topics and listeners, on the action threads. */
class ActionDispatcherTest {
    private final ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");
    private final ActionDispatcher dispatcher = new ActionDispatcher(
            new ActionRunner(3, Duration.ofSeconds(5), Duration.ofMillis(10), 100, Metrics.noop()), java.util.List.of(),
            new dev.monitor.core.alarms.AlarmActionProvider.Context("0", "local", clock));
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        dispatcher.close();
    }

    private MetricEntry entry(String... actions) {
        MetricEntry entry = new MetricEntry(MetricAlarm.builder("Busy").metric("Shop", "Queue").statistic("Average")
                .period(60).threshold(10).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .onState(AlarmState.ALARM, actions).build());
        entry.history = new AlarmHistory("Busy", clock, 100);
        return entry;
    }

    private static AlarmStateChange toAlarm(MetricEntry entry, boolean repeated) {
        AlarmStateChange.State ok = new AlarmStateChange.State(AlarmState.OK, "ok", null, java.time.Instant.EPOCH);
        AlarmStateChange.State alarm = new AlarmStateChange.State(AlarmState.ALARM, "busy", null, java.time.Instant.EPOCH);
        return new AlarmStateChange(entry.definition(), "arn:aws:cloudwatch:local:0:alarm:Busy", "0", "local",
                repeated ? alarm : ok, alarm, repeated);
    }

    private void registerAll() {
        dispatcher.registerAction("page", change -> ran.add("page"));
        dispatcher.registerAction("scale", new AlarmAction() {
            @Override
            public void run(AlarmStateChange change) {
                ran.add("scale");
            }

            @Override
            public boolean repeatsWhileInState() {
                return true;
            }
        });
        dispatcher.topic("ops").subscribe(message -> ran.add("ops"));
    }

    @Test
    void aTransitionRunsEveryActionAndTopicAndARepeatOnlyThoseThatRepeat() {
        registerAll();
        MetricEntry entry = entry("page", "scale", "ops");
        dispatcher.runActions(entry, toAlarm(entry, false), false);
        assertTrue(dispatcher.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(List.of("page", "scale", "ops"), ran, "one alarm's actions run in order, on one lane");
        ran.clear();
        dispatcher.runActions(entry, toAlarm(entry, true), true);
        assertTrue(dispatcher.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(List.of("scale"), ran);
        List<String> history = entry.history.newestFirst().stream().map(AlarmHistoryItem::summary).toList();
        assertEquals("Successfully executed action scale", history.get(0));
        assertTrue(history.contains("Successfully executed topic ops"), history.toString());
    }

    @Test
    void disabledActionsRunNothingButListenersStillHear() {
        registerAll();
        List<AlarmState> heard = new CopyOnWriteArrayList<>();
        dispatcher.onStateChange(change -> heard.add(change.current().value()));
        MetricEntry entry = entry("page", "ops");
        entry.actionsEnabled = false;
        dispatcher.notifyListeners(entry, toAlarm(entry, false));
        dispatcher.runActions(entry, toAlarm(entry, false), false);
        assertTrue(dispatcher.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(List.of(), ran);
        assertEquals(List.of(AlarmState.ALARM), heard);
    }

    @Test
    void actionsAndTopicsShareOneNamespaceAndAlarmsNameOnlyRegisteredOnes() {
        registerAll();
        assertEquals("'ops' is a topic; an action cannot have a topic's name",
                assertThrows(IllegalArgumentException.class, () -> dispatcher.registerAction("ops", c -> { })).getMessage());
        assertEquals("'page' is an action; a topic cannot have an action's name",
                assertThrows(IllegalArgumentException.class, () -> dispatcher.topic("page")).getMessage());
        MetricEntry entry = entry("page", "pager");
        assertEquals("alarm 'Busy' names action 'pager', which is not registered; registered: [ops, page, scale]",
                assertThrows(IllegalArgumentException.class, () -> dispatcher.checkRegistered("Busy", entry.actions(), false))
                        .getMessage());
    }
}
