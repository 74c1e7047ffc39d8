package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.trace.Segment;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.Monitor;
import dev.monitor.core.audit.UserIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A data directory written by real monitors in two runs (metrics, logs, traces and audit records
 * of each run in files of their own), one file of it damaged in one way, and every verb run over
 * it: no verb throws or prints a stack trace, each exits 0, 1 (validate-logs' "not intact") or
 * 252, and what the undamaged files hold is still in the answers.
 */
class DamagedDataDirProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] RUN_TIMES = {"2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z"};
    private static final String FROM = "2026-11-22T09:00:00Z";
    private static final String TO = "2026-11-22T11:00:00Z";

    private static Path template;
    /** Which run wrote each file of the template (relative path to run), for the files written once. */
    private static final Map<String, Integer> WRITTEN_BY = new HashMap<>();

    enum Damage { TRUNCATE, FLIP_BYTES, APPEND_GARBAGE, DIRECTORY, NOT_UTF8, EMPTY }

    record Case(Damage damage, int fileChoice, long seed) {
    }

    @BeforeContainer
    static void writeTwoRuns() throws Exception {
        template = Files.createTempDirectory("damaged-template");
        for (int run = 0; run < RUN_TIMES.length; run++) {
            Set<Path> before = new HashSet<>(regularFiles(template));
            writeRun(template, run);
            for (Path file : regularFiles(template)) {
                if (!before.contains(file)) {
                    WRITTEN_BY.put(template.relativize(file).toString(), run);
                }
            }
        }
        Files.writeString(template.resolve("alarm.json"), """
                {"AlarmName": "Orders", "Namespace": "Shop", "MetricName": "Orders", "Statistic": "Sum", "Period": 60,
                 "EvaluationPeriods": 1, "Threshold": 5, "ComparisonOperator": "GreaterThanThreshold"}
                """);
        Files.writeString(template.resolve("points.json"), """
                [{"Timestamp": "2026-11-22T10:00:10Z", "Value": 3}, {"Timestamp": "2026-11-22T10:01:10Z", "Value": 9}]
                """);
    }

    private static void writeRun(Path dir, int run) throws Exception {
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                namespace: Shop
                dataDir: %s
                metrics:
                  builtin: {memory: false, gc: false, threads: false, classes: false, process: false, system: false}
                exporters:
                  - type: emf
                traces:
                  daemonAddress: "off"
                audit:
                  durability: sync
                """.formatted(dir.resolve("data")));
        ManualClock clock = ManualClock.at(RUN_TIMES[run]);
        try (Monitor monitor = Monitor.builder().config(config).clock(clock).tickEvery(Duration.ZERO).build()) {
            for (int i = 0; i < 3; i++) {
                monitor.metrics().counterBuilder("Orders").dimension("Operation", "buy").register().increment();
                monitor.logs().logger("shop").atInfo().field("i", i).message("run-{} event {}", run, i);
                try (Segment segment = monitor.tracer().beginSegment("gateway", "Root=" + traceId(run, i) + ";Sampled=1")) {
                    segment.setHttpResponse(200, 2);
                }
                monitor.audit().call("Run" + run + "Call").by(UserIdentity.user("ann")).run(() -> { });
                clock.advance(Duration.ofSeconds(1));
            }
            clock.advance(Duration.ofSeconds(60));
            monitor.flush(Duration.ofSeconds(10));
        }
        Files.delete(config);
    }

    private static String traceId(int run, int i) {
        return "1-6921a6a0-00000000000000000000" + run + "00" + i;
    }

    @AfterContainer
    static void deleteTemplate() throws IOException {
        deleteTree(template);
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.of(Damage.class), Arbitraries.integers().between(0, 10_000), Arbitraries.longs())
                .as(Case::new);
    }

    @Property(tries = 30, shrinking = ShrinkingMode.OFF)
    void everyVerbAnswersFromWhatIsIntact(@ForAll("cases") Case damageCase) throws Exception {
        Path dir = Files.createTempDirectory("damaged");
        try {
            copyTree(template, dir);
            List<Path> files = regularFiles(dir);
            Path damaged = files.get(damageCase.fileChoice() % files.size());
            damage(damaged, damageCase.damage(), new Random(damageCase.seed()));
            String relative = dir.relativize(damaged).toString();
            checkEveryVerb(dir, relative, damageCase.damage());
        } finally {
            deleteTree(dir);
        }
    }

    /** One verb run over the damaged directory and what must hold of its answer. */
    interface Check {
        void run(Path dir, String damaged, Damage damage) throws Exception;
    }

    /** Every verb of every noun, by name. */
    static final Map<String, Check> VERBS = new LinkedHashMap<>();

    static {
        VERBS.put("metrics get-statistics", (dir, damaged, damage) -> {
            Answer statistics = run("metrics get-statistics", "metrics", "get-statistics", "--data-dir", data(dir), "--namespace", "Shop",
                    "--metric-name", "Orders", "--dimensions", "Name=Operation,Value=buy", "--statistics", "Sum", "--period", "60",
                    "--start-time", FROM, "--end-time", TO);
            assertEquals(0, statistics.status(), "the other run's metric file is intact: " + statistics);
            Set<String> times = new HashSet<>();
            JSON.readTree(statistics.out()).get("Datapoints").forEach(p -> times.add(p.get("Timestamp").asText()));
            for (int run = 0; run < RUN_TIMES.length; run++) {
                if (!wroteDamaged(run, "data/metrics/", damaged)) {
                    assertTrue(times.contains(RUN_TIMES[run].replace("Z", "+00:00")), "run " + run + " is intact: " + statistics);
                }
            }
            if (damaged.startsWith("data/metrics/") && (damage == Damage.DIRECTORY || damage == Damage.NOT_UTF8)) {
                assertTrue(statistics.err().contains("monitor: warning: skipped ") && statistics.err().contains(Path.of(damaged)
                        .getFileName().toString()), "the damaged file is reported: " + statistics);
            }
        });
        VERBS.put("logs start-query", (dir, damaged, damage) -> {
            Answer query = run("logs start-query", "logs", "start-query", "--data-dir", data(dir), "--log-group-names", "/monitor/Shop",
                    "--start-time", FROM, "--end-time", TO, "--query-string", "fields @message | limit 100");
            assertEquals(0, query.status(), "the other run's log file is intact: " + query);
            for (int run = 0; run < RUN_TIMES.length; run++) {
                if (!wroteDamaged(run, "data/logs/", damaged)) {
                    assertTrue(query.out().contains("run-" + run + " event 2"), "run " + run + " is intact: " + query);
                }
            }
        });
        VERBS.put("logs test-metric-filter", (dir, damaged, damage) -> {
            Answer filter = run("logs test-metric-filter", "logs", "test-metric-filter", "--filter-pattern", "ERROR",
                    "--log-event-messages", "ERROR one", "INFO two");
            assertEquals(0, filter.status(), filter.toString());
        });
        VERBS.put("alarms evaluate", (dir, damaged, damage) -> {
            Answer evaluate = run("alarms evaluate", "alarms", "evaluate", "--alarm", dir.resolve("alarm.json").toString(),
                    "--datapoints", dir.resolve("points.json").toString());
            if (!damaged.equals("alarm.json") && !damaged.equals("points.json")) {
                assertEquals(0, evaluate.status(), evaluate.toString());
            }
        });
        VERBS.put("traces get-trace-summaries", (dir, damaged, damage) -> {
            Answer summaries = run("traces get-trace-summaries", "traces", "get-trace-summaries", "--data-dir", data(dir),
                    "--start-time", FROM, "--end-time", TO);
            assertEquals(0, summaries.status(), "the other run's segment file is intact: " + summaries);
            for (int run = 0; run < RUN_TIMES.length; run++) {
                if (!wroteDamaged(run, "data/traces/", damaged)) {
                    assertTrue(summaries.out().contains(traceId(run, 2)), "run " + run + " is intact: " + summaries);
                }
            }
        });
        VERBS.put("traces get-service-graph", (dir, damaged, damage) -> {
            Answer graph = run("traces get-service-graph", "traces", "get-service-graph", "--data-dir", data(dir),
                    "--start-time", FROM, "--end-time", TO);
            assertEquals(0, graph.status(), "the other run's segment file is intact: " + graph);
            assertTrue(graph.out().contains("\"gateway\""), graph.toString());
        });
        VERBS.put("audit lookup-events", (dir, damaged, damage) -> {
            Answer lookup = run("audit lookup-events", "audit", "lookup-events", "--data-dir", data(dir), "--start-time", FROM,
                    "--end-time", TO);
            assertEquals(0, lookup.status(), "the other run's trail file is intact: " + lookup);
            Set<String> names = new HashSet<>();
            JSON.readTree(lookup.out()).get("Events").forEach(e -> names.add(e.get("EventName").asText()));
            for (int run = 0; run < RUN_TIMES.length; run++) {
                if (!isTrailFile(damaged) || !wroteDamaged(run, "data/audit/", damaged)) {
                    assertTrue(names.contains("Run" + run + "Call"), "run " + run + " is intact: " + lookup);
                }
            }
        });
        VERBS.put("audit validate-logs", (dir, damaged, damage) -> {
            Answer validate = run("audit validate-logs", "audit", "validate-logs", "--data-dir", data(dir), "--start-time", FROM,
                    "--end-time", TO);
            if (!damaged.startsWith("data/audit/")) {
                assertEquals(0, validate.status(), validate.toString());
            }
        });
    }

    private static String data(Path dir) {
        return dir.resolve("data").toString();
    }

    private static void checkEveryVerb(Path dir, String damaged, Damage damage) throws Exception {
        for (var verb : VERBS.entrySet()) {
            try {
                verb.getValue().run(dir, damaged, damage);
            } catch (AssertionError failure) {
                throw new AssertionError(verb.getKey() + " with " + damaged + " damaged by " + damage + ": " + failure.getMessage(), failure);
            }
        }
    }

    private static boolean isTrailFile(String path) {
        return path.contains("/CloudTrail/") && path.endsWith(".json.gz");
    }

    /** Whether the damaged file is one {@code run} wrote under {@code folder}. */
    private static boolean wroteDamaged(int run, String folder, String damaged) {
        return damaged.startsWith(folder) && WRITTEN_BY.getOrDefault(damaged, -1) == run;
    }

    /** What one verb printed. */
    record Answer(String verb, int status, String out, String err) {
        @Override
        public String toString() {
            return verb + " exited " + status + "\nout: " + out + "\nerr: " + err;
        }
    }

    /** Runs a verb; whatever the damage, nothing escapes, no stack trace is printed and the status is 0, 1 or 252. */
    private static Answer run(String verb, String... args) {
        CliRun cli = new CliRun();
        int status = cli.run(args);
        Answer answer = new Answer(verb, status, cli.out(), cli.err());
        assertFalse(answer.err().contains("\tat ") || answer.out().contains("\tat "), "a stack trace: " + answer);
        assertTrue(status == 0 || status == MonitorCli.USAGE_ERROR || (status == 1 && verb.equals("audit validate-logs")),
                answer.toString());
        return answer;
    }

    private static void damage(Path file, Damage damage, Random random) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        switch (damage) {
            case TRUNCATE -> Files.write(file, Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length)));
            case FLIP_BYTES -> {
                for (int i = 0; i < 1 + random.nextInt(8) && bytes.length > 0; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                }
                Files.write(file, bytes);
            }
            case APPEND_GARBAGE -> {
                byte[] garbage = new byte[1 + random.nextInt(64)];
                random.nextBytes(garbage);
                Files.write(file, concat(bytes, garbage));
            }
            case DIRECTORY -> {
                Files.delete(file);
                Files.createDirectory(file);
                Files.writeString(file.resolve("inside"), "a directory where a file was");
            }
            case NOT_UTF8 -> {
                int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
                byte[] invalid = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
                Files.write(file, concat(concat(Arrays.copyOf(bytes, at), invalid), Arrays.copyOfRange(bytes, at, bytes.length)));
            }
            case EMPTY -> Files.write(file, new byte[0]);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static List<Path> regularFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
