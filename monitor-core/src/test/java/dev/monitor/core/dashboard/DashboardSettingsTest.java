package dev.monitor.core.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.config.ConfigNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dashboard's settings read from a {@code dashboard:} section and given in code. */
class DashboardSettingsTest {

    @Test
    void aMissingOrDisabledSectionLeavesTheDashboardOff() {
        List<String> problems = new ArrayList<>();
        assertEquals(DashboardSettings.OFF, DashboardSettings.read(ConfigNode.of("dashboard", Map.of(), problems)));
        assertEquals(DashboardSettings.OFF, DashboardSettings.read(ConfigNode.of("dashboard", Map.of("enabled", false, "port", 9000),
                problems)));
        assertEquals(List.of(), problems);
        assertFalse(DashboardSettings.defaults().enabled());
        assertEquals(Optional.empty(), DashboardSettings.defaults().address());
    }

    @Test
    void anEnabledSectionServesOnItsHostAndPortWithLoopbackAnd8080ByDefault() {
        List<String> problems = new ArrayList<>();
        DashboardSettings given = DashboardSettings.read(ConfigNode.of("dashboard", Map.of("enabled", true, "host", "127.0.0.1",
                "port", 9000), problems));
        assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", 9000)), given.address());
        DashboardSettings defaults = DashboardSettings.read(ConfigNode.of("dashboard", Map.of("enabled", true), problems));
        assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", 8080)), defaults.address());
        assertEquals(List.of(), problems);
    }

    @Test
    void eachProblemOfTheSectionNamesItsKey() {
        List<String> problems = new ArrayList<>();
        DashboardSettings read = DashboardSettings.read(ConfigNode.of("dashboard", Map.of("enabled", true, "port", 70000,
                "colour", "blue"), problems));
        assertTrue(problems.stream().anyMatch(p -> p.contains("dashboard.port") && p.contains("70000")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("colour")), problems.toString());
        assertTrue(read.enabled(), "the port's default stands in for the broken one");
    }

    @Test
    void theBuilderChecksItsAddressAtOnce() {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        assertEquals(Optional.of(loopback), DashboardSettings.builder().address(loopback).build().address());
        assertEquals(Optional.of(loopback), DashboardSettings.builder().loopback(0).build().address());
        assertEquals(DashboardSettings.OFF, DashboardSettings.builder().loopback(0).off().build());
        IllegalArgumentException unresolved = assertThrows(IllegalArgumentException.class,
                () -> DashboardSettings.builder().address(InetSocketAddress.createUnresolved("nowhere.invalid", 80)));
        assertTrue(unresolved.getMessage().contains("nowhere.invalid"), unresolved.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> DashboardSettings.builder().loopback(-1));
        assertTrue(port.getMessage().contains("-1"), port.getMessage());
    }
}
