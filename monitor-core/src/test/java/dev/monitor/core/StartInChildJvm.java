package dev.monitor.core;

import dev.monitor.core.config.ConfigException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a JVM of its own by {@link MonitorStartTest}: starts a monitor as told and returns from
 * main without closing it. The JVM must then exit by itself.
 */
final class StartInChildJvm {
    private StartInChildJvm() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        if (args[0].equals("audit-fails")) {
            // The dashboard starts, then the audit trail cannot: its folder is a file.
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve("audit"), "a file where the audit folder should be");
            Path config = java.nio.file.Files.writeString(dir.resolve("monitor.yaml"),
                    "namespace: Shop\ndashboard: {enabled: true, port: 0}\naudit: {trailName: shop}\n");
            try {
                Monitor.builder().config(config).dataDir(dir).exporterOfType("emf", Map.of()).build();
                System.out.println("started, which it should not have");
            } catch (ConfigException e) {
                System.out.println(e.getMessage());
            }
        } else {
            Monitor monitor = Monitor.builder().namespace("Shop").dataDir(dir).exporterOfType("emf", Map.of())
                    .dashboard(new InetSocketAddress(loopback, 0)).build();
            monitor.metrics().counter("Orders").increment();
            monitor.logs().logger("shop").info("started");
            System.out.println("serving " + monitor.dashboardUri().orElseThrow());
        }
    }
}
