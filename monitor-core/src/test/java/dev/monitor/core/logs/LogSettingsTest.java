package dev.monitor.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.logs.Level;
import dev.monitor.core.Monitor;
import dev.monitor.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logs section of the configuration file, with CloudWatch Logs' naming and retention rules. */
class LogSettingsTest {
    @TempDir
    Path dir;

    @Test
    void aFullSectionIsRead() throws Exception {
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                namespace: Shop
                logs:
                  group: /shop/app
                  stream: web-1
                  level: warn
                  levels: {com.acme.db: debug, org.noise: off}
                  retentionInDays: 30
                  groups: [{name: /shop/audit, retentionInDays: never, loggers: [com.acme.audit]}]
                  maxEventBytes: 64KiB
                  redact: [pin]
                  files: {rotateBytes: 1MB, rotateEvery: 10m}
                  metricFilters:
                    - filterName: errors
                      filterPattern: '{ $.level = "ERROR" }'
                      metricTransformations: [{metricName: Errors, metricNamespace: Shop, metricValue: "1", defaultValue: 0}]
                """);
        try (Monitor monitor = Monitor.builder().config(config).dataDir(dir).build()) {
            LogService logs = monitor.logs();
            assertEquals("/shop/app", logs.defaultGroup());
            assertEquals("web-1", logs.stream());
            assertTrue(logs.logger("com.acme.db.Pool").isEnabled(Level.DEBUG));
            assertTrue(!logs.logger("com.acme.Web").isEnabled(Level.INFO));
            assertTrue(!logs.logger("org.noise.Chatter").isEnabled(Level.ERROR), "off");
            assertEquals(List.of("errors"), logs.metricFilters().stream().map(MetricFilter::filterName).toList());
            assertEquals(List.of("/shop/app", "/shop/audit"), logs.groups());
        }
    }

    @Test
    void namesRetentionsAndPatternsBreakingCloudWatchsRulesAreReportedWithTheirPaths() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                logs:
                  group: "shop app"
                  stream: "web:1"
                  retentionInDays: 10
                  level: loud
                  groups: [{name: /ok, retentionInDays: 3653}, {name: "no*stars", loggers: [x]}]
                  metricFilters:
                    - filterName: broken
                      filterPattern: '{ $.level = '
                      metricTransformations: [{metricName: E, metricNamespace: Shop}]
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> Monitor.builder().config(config).dataDir(dir).build());
        String message = e.getMessage();
        assertTrue(message.contains("logs.group: log group name 'shop app' must be 1 to 512 characters"), message);
        assertTrue(message.contains("logs.stream: log stream name 'web:1' must not contain ':' or '*'"), message);
        assertTrue(message.contains("logs.retentionInDays: retentionInDays 10 is not one of CloudWatch's values"), message);
        assertTrue(message.contains("logs.level: 'loud' is not one of trace, debug, info, warn, error, off"), message);
        assertTrue(message.contains("logs.groups[1].name: log group name 'no*stars'"), message);
        assertTrue(message.contains("logs.metricFilters[0].filterPattern: filter pattern '{ $.level = ', line 1, column"), message);
    }

    @Test
    void logFilesAreOwnerOnlyUnlessLoosened() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                namespace: Shop
                logs: {stream: web-1, files: {permissions: rw-r-----}}
                """);
        try (Monitor monitor = Monitor.builder().config(config).dataDir(dir.resolve("loose")).build()) {
            monitor.logs().logger("app").info("shared with the group");
        }
        try (Monitor monitor = Monitor.builder().dataDir(dir.resolve("default")).build()) {
            monitor.logs().logger("app").info("the owner's alone");
        }
        assertEquals(List.of("rw-r-----"), permissionsOfFilesUnder(dir.resolve("loose").resolve("logs")));
        assertEquals(List.of("rw-------"), permissionsOfFilesUnder(dir.resolve("default").resolve("logs")));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("default").resolve("logs"))));
    }

    private static List<String> permissionsOfFilesUnder(Path folder) throws Exception {
        try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(file -> {
                try {
                    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).distinct().toList();
        }
    }

    @Test
    void permissionsThatAreNotRwxOrLockTheOwnerOutAreReported() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                logs: {files: {permissions: rw-r--r-x-}}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> Monitor.builder().config(config).dataDir(dir).build());
        assertTrue(e.getMessage().contains("logs.files.permissions: 'rw-r--r-x-' is not nine rwx- characters such as rw-r-----"),
                e.getMessage());
        Path lockedOut = Files.writeString(dir.resolve("locked.yaml"), """
                logs: {files: {permissions: r--r-----}}
                """);
        e = assertThrows(ConfigException.class, () -> Monitor.builder().config(lockedOut).dataDir(dir).build());
        assertTrue(e.getMessage().contains("logs.files.permissions: 'r--r-----' must let the owner read and write"), e.getMessage());
    }

    @Test
    void theBuilderChecksEachValueAtOnceAndNamesTheRule() {
        LogSettings settings = LogSettings.defaults("Shop").toBuilder().stream("web-1").level("com.acme.db", Level.DEBUG)
                .retentionInDays(30).group("/shop/audit", null, List.of("com.acme.audit")).queueCapacity(1024).build();
        assertEquals("/monitor/Shop", settings.group());
        assertEquals("web-1", settings.stream());
        assertEquals(Level.INFO, settings.level());
        assertEquals(java.util.Map.of("com.acme.db", Level.DEBUG), settings.levels());
        assertEquals(1024, settings.queueCapacity());
        assertEquals(java.util.Arrays.asList(30, null), new java.util.ArrayList<>(settings.retentionByGroup().values()));
        assertEquals(List.of("/monitor/Shop", "/shop/audit"), List.copyOf(settings.retentionByGroup().keySet()));

        LogSettings.Builder builder = LogSettings.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.group("shop app")).getMessage()
                .contains("log group name 'shop app' must be 1 to 512 characters"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.stream("web:1")).getMessage()
                .contains("must not contain ':' or '*'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.retentionInDays(10)).getMessage()
                .contains("retentionInDays 10 is not one of CloudWatch's values"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.queueCapacity(8)).getMessage()
                .contains("queueCapacity 8 is out of range; allowed 16 to 16777216"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.maxEventBytes(100)).getMessage()
                .contains("maxEventBytes 100 is out of range"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.filePermissions(
                java.nio.file.attribute.PosixFilePermissions.fromString("r--------"))).getMessage()
                .contains("'r--------' must let the owner read and write"));
        assertEquals("/monitor/Application", builder.build().group(), "the builder's own defaults are namespace Application's");
    }
}
