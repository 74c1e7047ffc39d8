package dev.monitor.micrometer;

import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.testing.ManualClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.tck.MeterRegistryCompatibilityKit;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Micrometer's own registry compatibility kit (micrometer-test) run against the bridge. */
class MonitorMeterRegistryCompatibilityTest extends MeterRegistryCompatibilityKit {

    @TempDir
    Path dir;

    private Monitor monitor;

    @Override
    public MeterRegistry registry() {
        monitor = QuietMonitor.builder(dir, ManualClock.at("2026-01-01T00:00:00Z")).build();
        return new MonitorMeterRegistry(monitor.metrics(), new MockClock());
    }

    @Override
    public Duration step() {
        return Duration.ofMinutes(1);
    }

    @AfterEach
    void closeMonitor() {
        monitor.close();
    }
}
