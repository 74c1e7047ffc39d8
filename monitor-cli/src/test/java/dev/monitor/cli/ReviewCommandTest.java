package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor review}: the reviewer as a CI step, its formats, baseline and exit statuses. */
class ReviewCommandTest {
    private static final String LEAKY = """
            import java.io.FileInputStream;
            import java.io.IOException;

            class Leaky {
                int first(String name) throws IOException {
                    FileInputStream in = new FileInputStream(name);
                    return in.read();
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void findingsAtTheThresholdExitOneAndBelowItZero() throws Exception {
        Files.writeString(dir.resolve("Leaky.java"), LEAKY);
        CliRun high = new CliRun();
        assertEquals(ReviewCommand.FINDINGS, high.run("review", "--source", dir.toString(), "--fail-on", "medium"));
        assertTrue(high.out().contains("Leaky.java:6: high java/resource-leak"), high.out());
        assertTrue(high.out().contains("  Fix: "), high.out());
        assertTrue(high.out().endsWith("1 finding (1 high) in 1 file, 9 lines\n"), high.out());
        assertEquals("", high.err());
        CliRun lenient = new CliRun();
        assertEquals(0, lenient.run("review", "--source", dir.toString(), "--fail-on", "critical"));
        CliRun none = new CliRun();
        assertEquals(0, none.run("review", "--source", dir.toString(), "--fail-on", "none"));
    }

    @Test
    void sarifGoesToTheOutputFileAndABaselineKeepsKnownFindingsQuiet() throws Exception {
        Files.writeString(dir.resolve("Leaky.java"), LEAKY);
        Path sarif = dir.resolve("out/review.sarif");
        Files.createDirectories(sarif.getParent());
        Path baseline = dir.resolve("baseline.json");
        CliRun first = new CliRun();
        assertEquals(ReviewCommand.FINDINGS, first.run("review", "--source", dir.toString(), "--format", "sarif",
                "--output", sarif.toString(), "--write-baseline", baseline.toString()));
        JsonNode log = new ObjectMapper().readTree(sarif.toFile());
        assertEquals("java/resource-leak", log.at("/runs/0/results/0/ruleId").asText());
        assertEquals("Leaky.java", log.at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals("1 finding (1 high) in 1 file, 9 lines\n", first.out());

        CliRun second = new CliRun();
        assertEquals(0, second.run("review", "--source", dir.toString(), "--baseline", baseline.toString(), "--format", "json"));
        JsonNode json = new ObjectMapper().readTree(second.out());
        assertEquals(0, json.get("findings").size());
        assertEquals(1, json.at("/summary/baselined").asInt());
    }

    @Test
    void optionsThatCannotBeUsedAreUsageErrorsNamingTheValue() {
        CliRun cli = new CliRun();
        assertEquals(MonitorCli.USAGE_ERROR, cli.run("review", "--source", dir.resolve("missing").toString(),
                "--format", "xml", "--fail-on", "severe"));
        assertTrue(cli.err().contains("monitor: error: --format: format 'xml' is not one of sarif, text, json"), cli.err());
        assertTrue(cli.err().contains("--fail-on: severity 'severe' is not one of info, low, medium, high, critical, none"),
                cli.err());
        assertTrue(cli.err().contains("--source: " + dir.resolve("missing") + " does not exist"), cli.err());
        CliRun diff = new CliRun();
        assertEquals(MonitorCli.USAGE_ERROR, diff.run("review", "--source", dir.toString(), "--diff", "main..HEAD"));
        assertTrue(diff.err().startsWith("monitor: error: --diff main..HEAD: git rev-parse --show-toplevel in "), diff.err());
    }

    @Test
    void diffReportsOnlyTheLinesAPullRequestChanged() throws Exception {
        git("init", "-q", "-b", "main");
        Files.writeString(dir.resolve("Leaky.java"), LEAKY);
        git("add", "-A");
        git("commit", "-q", "-m", "first");
        Files.writeString(dir.resolve("Leaky.java"), LEAKY.replace("    }\n}\n", """
                    }
                    int second(String name) throws IOException {
                        FileInputStream in = new FileInputStream(name);
                        return in.read();
                    }
                }
                """));
        git("commit", "-q", "-am", "second");
        CliRun cli = new CliRun();
        assertEquals(ReviewCommand.FINDINGS, cli.run("review", "--source", dir.toString(), "--diff", "HEAD~1..HEAD"));
        assertTrue(cli.out().startsWith("Leaky.java:10: high java/resource-leak"), cli.out());
        assertTrue(cli.out().endsWith("1 finding (1 high) in 1 file, 13 lines; 1 outside the changed lines\n"), cli.out());
    }

    private void git(String... arguments) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git", "-c", "user.name=Test",
                "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", "-C", dir.toString()));
        command.addAll(java.util.List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
    }

    @Test
    void aFileThatDoesNotParseIsAWarningAndTheRestIsReviewed() throws Exception {
        Files.writeString(dir.resolve("Broken.java"), "class Broken {");
        Files.writeString(dir.resolve("Leaky.java"), LEAKY);
        CliRun cli = new CliRun();
        assertEquals(ReviewCommand.FINDINGS, cli.run("review", "--source", dir.toString()));
        assertTrue(cli.err().startsWith("monitor: warning: Broken.java: does not parse as Java 17, not reviewed: "), cli.err());
        assertTrue(cli.out().contains("Leaky.java:6: high java/resource-leak"), cli.out());
    }
}
