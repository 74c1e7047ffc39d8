package dev.monitor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.config.ConfigException;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.metrics.Datapoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails is one {@link ConfigException} naming the capability and the cause, and it
 * leaves nothing running: no thread of Monitor's, no server, and nothing that keeps the JVM alive.
 */
class MonitorStartTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private Set<Thread> before;

    /** Counts how often it is closed: a failed start must close the exporters it was given. */
    static final class Closable implements Exporter<Datapoint> {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void export(List<Datapoint> batch) {
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    @BeforeEach
    void threadsBefore() {
        before = new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /** Waits until no thread started since the test began is a Monitor thread or a non-daemon one. */
    private void assertNothingLeftRunning() throws InterruptedException {
        Await.until(Duration.ofSeconds(10), () -> leftOver().isEmpty(), () -> "still running after the failed start: " + leftOver());
    }

    private Set<String> leftOver() {
        Set<String> names = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(thread) && thread.isAlive() && (thread.getName().startsWith("monitor-") || !thread.isDaemon())) {
                names.add(thread.getName() + (thread.isDaemon() ? "" : " (non-daemon)"));
            }
        }
        return names;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aDashboardPortInUseIsAStartErrorAndStopsWhatHadStarted() throws Exception {
        Closable exporter = new Closable();
        try (ServerSocket busy = new ServerSocket(0, 50, LOOPBACK)) {
            Monitor.Builder builder = Monitor.builder().namespace("Shop").dataDir(dir).exporter("mine", exporter)
                    .dashboard(new InetSocketAddress(LOOPBACK, busy.getLocalPort()));
            ConfigException e = assertThrows(ConfigException.class, builder::build);
            assertEquals(1, e.problems().size(), e.getMessage());
            assertTrue(e.problems().get(0).startsWith("dashboard: the dashboard cannot listen on ")
                    && e.problems().get(0).contains(":" + busy.getLocalPort() + ": "), e.problems().get(0));
        }
        assertEquals(1, exporter.closed.get(), "the exporter given to the builder is closed once");
        assertNothingLeftRunning();
    }

    @Test
    void anAuditTrailThatCannotStartStopsTheDashboardThatHad() throws Exception {
        Files.writeString(dir.resolve("audit"), "a file where the audit folder should be");
        int port = freePort();
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                namespace: Shop
                dataDir: '%s'
                dashboard: {enabled: true, port: %d}
                exporters: [{type: emf}]
                audit: {trailName: shop}
                """.formatted(dir, port));
        ConfigException e = assertThrows(ConfigException.class, () -> Monitor.fromConfig(config));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("audit: the trail cannot be written under " + dir), e.problems().get(0));
        assertTrue(e.getMessage().startsWith("invalid configuration in " + config), e.getMessage());
        assertNothingLeftRunning();
        try (ServerSocket again = new ServerSocket(port, 50, LOOPBACK)) {
            assertEquals(port, again.getLocalPort(), "the dashboard's port was released");
        }
    }

    @Test
    void aDamagedKeyFileIsNamedWithItsSetting() throws Exception {
        Path privateKey = Files.writeString(dir.resolve("audit-key.pem"), "-----BEGIN PRIVATE KEY-----\nnot base64 !!\n");
        Path publicKey = Files.writeString(dir.resolve("audit-key.pub.pem"), "\u0000\u0001garbage");
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                namespace: Shop
                dashboard: {enabled: true, port: 0}
                audit:
                  signingKeys: {privateKeyFile: '%s', publicKeyFile: '%s'}
                """.formatted(privateKey, publicKey));
        ConfigException e = assertThrows(ConfigException.class,
                () -> Monitor.builder().config(config).dataDir(dir.resolve("data")).build());
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("audit.signingKeys.privateKeyFile: '" + privateKey + "' is not an RSA private key"),
                e.problems().get(0));
        assertTrue(e.problems().get(1).startsWith("audit.signingKeys.publicKeyFile: "), e.problems().get(1));
        assertNothingLeftRunning();
    }

    @Test
    void aDataDirThatCannotBeMadeIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "not a folder");
        ConfigException e = assertThrows(ConfigException.class, () -> Monitor.builder().namespace("Shop")
                .dataDir(file.resolve("data")).exporterOfType("emf", java.util.Map.of())
                .dashboard(new InetSocketAddress(LOOPBACK, 0)).build());
        assertEquals(List.of("dataDir: '" + file.resolve("data") + "' cannot be made: '" + file + "' is not a directory"),
                e.problems());
        assertNothingLeftRunning();
    }

    @Test
    void aFailedStartLetsTheJvmExit() throws Exception {
        String output = runInChildJvm("audit-fails");
        assertTrue(output.contains(":\n  audit: the trail cannot be written under "), output);
    }

    @Test
    void aMonitorNeverClosedLetsTheJvmExitWhenMainReturns() throws Exception {
        String output = runInChildJvm("never-closed");
        assertTrue(output.startsWith("serving http://127.0.0.1:"), output);
    }

    /** Runs {@link StartInChildJvm}; it must exit by itself once main returns. */
    private String runInChildJvm(String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                StartInChildJvm.class.getName(), mode, dir.resolve("data").toString())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        boolean exited = child.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly();
        }
        String output = Files.readString(dir.resolve("stdout.txt"));
        assertTrue(exited, "the JVM did not exit after main returned; printed: " + output);
        assertEquals(0, child.exitValue(), Files.readString(dir.resolve("stderr.txt")));
        assertEquals("", Files.readString(dir.resolve("stderr.txt")), "no warning or stack trace");
        return output;
    }
}
