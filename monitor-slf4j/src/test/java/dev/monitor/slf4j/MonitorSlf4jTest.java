package dev.monitor.slf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.context.Context;
import dev.monitor.api.context.Scope;
import dev.monitor.core.logs.LogService;
import dev.monitor.core.logs.QueryResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/** SLF4J calls of an application that knows nothing of Monitor become structured events. */
class MonitorSlf4jTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> events(Path logs) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                try (var in = dev.monitor.core.files.RollingFile.open(file)) {
                    for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                        if (!line.isBlank()) {
                            events.add(JSON.readTree(line));
                        }
                    }
                }
            }
        }
        return events;
    }

    @Test
    void slf4jCallsLandAsStructuredEventsWithTraceIds() throws Exception {
        // target/ keeps earlier runs' files: this run's events are told apart by their logger.
        String loggerName = "com.acme.Checkout" + System.nanoTime();
        Logger log = LoggerFactory.getLogger(loggerName);
        assertTrue(MonitorSlf4j.installed().isPresent(), "the provider built a monitor from monitor.yaml on the classpath");
        LogService logs = MonitorSlf4j.installed().orElseThrow().logs();
        assertEquals("/test/app", logs.defaultGroup());

        MDC.put("requestId", "r-1");
        MDC.put("password", "hunter2");
        try (Scope ignored = Context.current().withTrace("1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8").makeCurrent()) {
            log.info(MarkerFactory.getMarker("AUDIT"), "order {} placed by {}", "o-1", "ann");
            log.atWarn().addKeyValue("orderId", "o-2").addKeyValue("amount", 12.5).setMessage("slow payment").log();
            log.error("payment failed for {}", "o-3", new IllegalStateException("card declined"));
        }
        MDC.clear();
        log.debug("debug is on for this logger");
        LoggerFactory.getLogger("noisy.Library").info("dropped: noisy is at warn");
        assertTrue(logs.flush(Duration.ofSeconds(5)));

        List<JsonNode> events = events(logs.directory().resolve("%2Ftest%2Fapp"));
        List<JsonNode> mine = events.stream().filter(e -> e.get("logger").asText().equals(loggerName)).toList();
        assertEquals(4, mine.size(), mine.toString());
        JsonNode placed = mine.get(0);
        assertEquals("order o-1 placed by ann", placed.get("message").asText());
        assertEquals("AUDIT", placed.get("markers").get(0).asText());
        assertEquals("r-1", placed.get("requestId").asText());
        assertEquals("[REDACTED]", placed.get("password").asText());
        assertEquals("1-5759e988-bd862e3fe1be46a994272793", placed.get("traceId").asText());
        assertEquals("53995c3f42cd8ad8", placed.get("segmentId").asText());
        JsonNode slow = mine.get(1);
        assertEquals("WARN", slow.get("level").asText());
        assertEquals("o-2", slow.get("orderId").asText());
        assertEquals(12.5, slow.get("amount").asDouble());
        JsonNode failed = mine.get(2);
        assertEquals("payment failed for o-3", failed.get("message").asText());
        assertEquals("card declined", failed.at("/exception/message").asText());
        assertEquals("debug is on for this logger", mine.get(3).get("message").asText());
        assertTrue(events.stream().noneMatch(e -> e.get("message").asText().startsWith("dropped: noisy")));

        QueryResult found = logs.query("filter traceId = \"1-5759e988-bd862e3fe1be46a994272793\" and logger = \""
                        + loggerName + "\" | stats count(*) as n",
                List.of("/test/app"), Instant.now().minusSeconds(600), Instant.now().plusSeconds(60));
        assertEquals("3", found.rows().get(0).get("n"));
    }

    @Test
    void secretsInArgumentsKeyValuesAndExceptionsNeverReachTheFile() throws Exception {
        String loggerName = "com.acme.Login" + System.nanoTime();
        Logger log = LoggerFactory.getLogger(loggerName);
        LogService logs = MonitorSlf4j.installed().orElseThrow().logs();
        log.info("login {} with password={}", "ann", "two words");
        log.atWarn().addKeyValue("config", java.util.Map.of("db", java.util.Map.of("apiKey", "k9 x"))).log("calling {}", "https://u:pw9@h/x");
        log.error("failed for {}", "ann", new IllegalStateException("refused", new RuntimeException("token=tk9")));
        assertTrue(logs.flush(Duration.ofSeconds(5)));

        List<JsonNode> mine = events(logs.directory().resolve("%2Ftest%2Fapp")).stream()
                .filter(e -> e.get("logger").asText().equals(loggerName)).toList();
        assertEquals(3, mine.size(), mine.toString());
        assertEquals("login ann with password=[REDACTED]", mine.get(0).get("message").asText());
        assertEquals("calling https://u:[REDACTED]@h/x", mine.get(1).get("message").asText());
        assertEquals("{db={apiKey=[REDACTED]}}", mine.get(1).get("config").asText());
        assertEquals("failed for ann", mine.get(2).get("message").asText());
        assertEquals("token=[REDACTED]", mine.get(2).at("/exception/cause/message").asText());
        for (String secret : List.of("two words", "k9 x", "pw9", "tk9")) {
            assertTrue(mine.stream().noneMatch(e -> e.toString().contains(secret)), secret);
        }
    }

    @Test
    void aSystemPropertyIsAllAnApplicationNeeds(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "namespace: NoCode\ndataDir: " + dir.resolve("data").toString().replace('\\', '/')
                + "\nmetrics: {builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}}\n");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmonitor.config=" + config, "-cp", System.getProperty("java.class.path"), NoCodeApp.class.getName())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the application ended");
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve("out.txt")));
        List<JsonNode> events = events(dir.resolve("data/logs/%2Fmonitor%2FNoCode"));
        assertEquals(2, events.size(), "both events were written when the application exited: " + events);
        assertEquals("order o-7 shipped", events.get(0).get("message").asText());
        assertEquals("o-7", events.get(0).get("orderId").asText());
        assertEquals("java.lang.IllegalStateException", events.get(1).at("/exception/type").asText());
        assertTrue(new File(dir.toFile(), "data/logs").isDirectory());
    }

    @Test
    void aMonitorYamlInTheWorkingDirectoryIsFoundWithoutAProperty(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("monitor.yaml"), "namespace: HereApp\ndataDir: data\n"
                + "metrics: {builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}}\n");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NoCodeApp.class.getName())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the application ended");
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve("out.txt")));
        List<JsonNode> events = events(dir.resolve("data/logs/%2Fmonitor%2FHereApp"));
        assertEquals(2, events.size(), "./monitor.yaml comes before the one on the classpath: " + events);
    }
}
