package dev.monitor.core.alarms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.CompositeAlarm;
import dev.monitor.core.alarms.MetricAlarm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules between alarm definitions, as PutCompositeAlarm and DeleteAlarms enforce them. */
class AlarmStoreTest {
    private final AlarmStore store = new AlarmStore();

    private MetricEntry metric(String name) {
        MetricEntry entry = new MetricEntry(MetricAlarm.builder(name).metric("Shop", name).statistic("Sum").period(60)
                .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build());
        store.put(entry);
        return entry;
    }

    private CompositeEntry composite(String name, String rule) {
        CompositeEntry entry = store.check(CompositeAlarm.builder(name).rule(rule).build());
        store.put(entry);
        return entry;
    }

    @Test
    void aCompositeNamingItselfOrClosingALoopIsRefusedWithTheCycle() {
        metric("A");
        IllegalArgumentException self = assertThrows(IllegalArgumentException.class,
                () -> store.check(CompositeAlarm.builder("C").rule("ALARM(C) OR ALARM(A)").build()));
        assertTrue(self.getMessage().contains("cycle of composite alarms: C -> C"), self.getMessage());
        composite("C1", "ALARM(A)");
        composite("C2", "ALARM(C1)");
        IllegalArgumentException loop = assertThrows(IllegalArgumentException.class,
                () -> store.check(CompositeAlarm.builder("C1").rule("ALARM(C2)").build()));
        assertTrue(loop.getMessage().contains("C1 -> C2 -> C1"), loop.getMessage());
    }

    @Test
    void everyBrokenRuleIsListedAtOnce() {
        metric("A");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.check(
                CompositeAlarm.builder("A").rule("ALARM(Z)").actionsSuppressor("Gone", Duration.ZERO, Duration.ZERO).build()));
        assertEquals("composite alarm 'A': its rule names alarm 'Z', which does not exist; its actions suppressor 'Gone' "
                + "does not exist; an alarm named 'A' is a metric alarm; delete it first", e.getMessage());
        composite("C", "ALARM(A)");
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class, () -> store.replacedBy(
                MetricAlarm.builder("C").metric("Shop", "C").statistic("Sum").period(60).threshold(1)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).build()));
        assertEquals("alarm 'C' is a composite alarm; delete it first", clash.getMessage());
    }

    @Test
    void anAlarmIsInAtMost150RulesAndAReplacedRuleFreesItsUses() {
        metric("A");
        metric("B");
        for (int i = 0; i < AlarmStore.MAX_RULE_USES; i++) {
            composite("C" + i, "ALARM(A)");
        }
        IllegalArgumentException limit = assertThrows(IllegalArgumentException.class,
                () -> store.check(CompositeAlarm.builder("One more").rule("ALARM(A)").build()));
        assertTrue(limit.getMessage().contains("alarm 'A' is already in 150 composite rules"), limit.getMessage());
        composite("C0", "ALARM(A) OR ALARM(B)"); // a replaced rule does not count its own use twice
        composite("C0", "ALARM(B)");
        composite("One more", "ALARM(A)");
    }

    @Test
    void anAlarmAnotherUsesIsDeletedOnlyWithItsUser() {
        metric("Errors");
        metric("Deploying");
        CompositeEntry page = store.check(CompositeAlarm.builder("Page").rule("ALARM(Errors)")
                .actionsSuppressor("Deploying", Duration.ofSeconds(60), Duration.ofSeconds(60)).build());
        assertNull(store.put(page));
        IllegalArgumentException child = assertThrows(IllegalArgumentException.class, () -> store.delete("Errors"));
        assertEquals("alarm 'Errors' is used by composite alarm 'Page'; delete or change that first", child.getMessage());
        IllegalArgumentException suppressor = assertThrows(IllegalArgumentException.class, () -> store.delete("Deploying"));
        assertEquals("alarm 'Deploying' is used by composite alarm 'Page'; delete or change that first", suppressor.getMessage());
        assertEquals(3, store.size(), "a refused delete deletes nothing");
        List<AlarmEntry> removed = store.delete("Errors", "Page", "Deploying", "NoSuchAlarm");
        assertEquals(3, removed.size());
        assertEquals(0, store.size());
        assertSame(null, store.get("Page"));
        metric("Errors");
        composite("Page", "ALARM(Errors)"); // the deleted composite's uses are gone with it
        store.delete("Page");
        store.delete("Errors");
    }
}
