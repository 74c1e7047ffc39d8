package dev.monitor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.metrics.BuiltinMetrics;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private Monitor.Builder quiet() {
        Monitor.Builder builder = QuietMonitor.builder(dir, new ManualClock(T0));
        return builder;
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
    }

    @Test
    void auditAfterCloseThrowsAndStartsNothing() {
        Monitor monitor = quiet().build();
        monitor.close();
        Set<String> before = threadNames();
        IllegalStateException e = assertThrows(IllegalStateException.class, monitor::audit);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("audit")), "a closed monitor makes no audit folder");
        Set<String> started = threadNames();
        started.removeAll(before);
        assertEquals(Set.of(), started.stream().filter(name -> name.contains("audit")).collect(Collectors.toSet()));
        assertThrows(IllegalStateException.class, monitor::audit, "and again on every call");
    }

    @Test
    void auditMadeBeforeCloseIsStillReturnedAfterIt() {
        Monitor monitor = quiet().build();
        AuditTrail trail = monitor.audit();
        monitor.close();
        assertTrue(trail == monitor.audit(), "the trail made before close is the one returned (closed)");
    }

    @Test
    void aBuiltBuilderRefusesEverySetter() {
        Monitor.Builder builder = quiet();
        try (Monitor monitor = builder.build()) {
            Path other = dir.resolve("other");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.dataDir(other));
            assertTrue(e.getMessage().contains("already built"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> builder.namespace("Other"));
            assertThrows(IllegalStateException.class, () -> builder.account("111111111111", "eu-west-1"));
            assertThrows(IllegalStateException.class, () -> builder.tickEvery(Duration.ofSeconds(1)));
            assertThrows(IllegalStateException.class, () -> builder.builtin(BuiltinMetrics.Group.values()[0], true));
            assertThrows(IllegalStateException.class, () -> builder.traces(new dev.monitor.core.trace.TraceSettings() { }));
            assertEquals(dir, monitor.dataDir());
            assertEquals("Shop", monitor.namespace());
            monitor.audit();
            assertTrue(Files.isDirectory(dir.resolve("audit")), "the trail made after build uses the settings of the build");
            assertFalse(Files.exists(other));
        }
    }
}
