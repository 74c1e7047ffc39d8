package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.audit.AuditEvent;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * One file of an audit data directory damaged in a random way: lookup-events and validate-logs
 * never let an exception escape, and every record whose trail file is intact is still found.
 */
class AuditDamageProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path template;

    @BeforeContainer
    static void writeTrail() throws Exception {
        template = Files.createTempDirectory("audit-template");
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        try (AuditTrail trail = AuditTrail.builder().dataDir(template).sync().clock(clock).deliverEvery(Duration.ofHours(1), 100_000).build()) {
            for (int i = 0; i < 3; i++) {
                trail.record(AuditEvent.builder("Put-" + i).build());
                trail.deliverNow();
                clock.advance(Duration.ofMinutes(1));
            }
            trail.digestNow();
            trail.record(AuditEvent.builder("Pending").build()); // delivered on close: a fourth file
        }
    }

    @AfterContainer
    static void deleteTemplate() throws IOException {
        delete(template);
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static Path copy() throws IOException {
        Path dir = Files.createTempDirectory("audit-damaged");
        try (Stream<Path> walk = Files.walk(template)) {
            for (Path path : walk.toList()) {
                Path target = dir.resolve(template.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        return dir;
    }

    @Property(tries = 40)
    void noDamageToOneFileCrashesAVerbOrHidesIntactRecords(@ForAll @IntRange(min = 0, max = 10_000) int which,
                                                           @ForAll @IntRange(min = 0, max = 6) int how, @ForAll long seed) throws Exception {
        Path dir = copy();
        try {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir.resolve("audit"))) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            Path victim = files.get(which % files.size());
            damage(victim, how, new Random(seed));
            String damaged = victim.getFileName().toString();

            CliRun lookup = new CliRun();
            int status = lookup.run("audit", "lookup-events", "--data-dir", dir.toString(), "--start-time", "2026-11-22T09:00:00Z",
                    "--end-time", "2026-11-22T11:00:00Z");
            assertFalse(lookup.err().contains("\tat "), "a stack trace: " + lookup.err());
            assertEquals(0, status, victim + " damaged (" + how + "): " + lookup.err());
            Set<String> found = new TreeSet<>();
            JSON.readTree(lookup.out()).get("Events").forEach(e -> found.add(e.get("EventName").asText()));
            for (String name : List.of("Put-0", "Put-1", "Put-2", "Pending")) {
                if (!found.contains(name)) {
                    // Only the record whose own trail file was damaged may be missing.
                    assertTrue(damaged.endsWith(".json.gz") && damaged.contains("_CloudTrail_"), name + " lost when " + victim
                            + " was damaged (" + how + "): " + found + " " + lookup.err());
                }
            }

            CliRun validate = new CliRun();
            int verdict = validate.run("audit", "validate-logs", "--data-dir", dir.toString(), "--start-time", "2026-11-22T09:00:00Z",
                    "--end-time", "2026-11-22T12:00:00Z");
            assertFalse(validate.err().contains("\tat "), "a stack trace: " + validate.err());
            assertTrue(verdict == 0 || verdict == 1 || verdict == 252, "exit " + verdict + ": " + validate.err());
        } finally {
            delete(dir);
        }
    }

    /** Cut, extend, overwrite with noise, make not UTF-8, empty, delete, or replace by a folder. */
    private static void damage(Path file, int how, Random random) throws IOException {
        byte[] content = Files.readAllBytes(file);
        switch (how) {
            case 0 -> Files.write(file, java.util.Arrays.copyOf(content, content.length == 0 ? 0 : random.nextInt(content.length)));
            case 1 -> {
                byte[] noise = new byte[1 + random.nextInt(64)];
                random.nextBytes(noise);
                Files.write(file, noise, java.nio.file.StandardOpenOption.APPEND);
            }
            case 2 -> {
                byte[] noise = new byte[Math.max(1, content.length)];
                random.nextBytes(noise);
                Files.write(file, noise);
            }
            case 3 -> {
                for (int i = 0; i < content.length; i += 1 + random.nextInt(16)) {
                    content[i] = (byte) 0xC3;
                }
                Files.write(file, content);
            }
            case 4 -> Files.write(file, new byte[0]);
            case 5 -> Files.delete(file);
            default -> {
                Files.delete(file);
                Files.createDirectories(file);
            }
        }
    }
}
