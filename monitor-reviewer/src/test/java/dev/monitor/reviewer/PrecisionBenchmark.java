package dev.monitor.reviewer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The precision run of RESULTS.md: the reviewer over the sources jars of well-known libraries (fetched from Maven
 * Central into the local repository) and over this repository, with findings per rule, run time per thousand
 * lines, and the first findings of each rule printed with their code for judging by hand. Not part of the normal
 * build (its name does not end in Test); run it with
 * {@code mvn -B -o -q -pl monitor-reviewer -Dtest=PrecisionBenchmark -Dsurefire.failIfNoSpecifiedTests=false test}.
 * It writes target/precision.md.
 */
class PrecisionBenchmark {
    private static final List<String> JARS = List.of(
            "commons-io/commons-io/2.18.0/commons-io-2.18.0-sources.jar",
            "org/apache/commons/commons-lang3/3.17.0/commons-lang3-3.17.0-sources.jar",
            "com/google/guava/guava/33.4.0-jre/guava-33.4.0-jre-sources.jar",
            "com/fasterxml/jackson/core/jackson-databind/2.18.2/jackson-databind-2.18.2-sources.jar");
    private static final int SAMPLE = 3;

    @TempDir
    Path dir;

    @Test
    void reviewWellKnownLibraries() throws IOException {
        Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Map<String, Path> projects = new LinkedHashMap<>();
        for (String jar : JARS) {
            Path file = repository.resolve(jar);
            if (Files.isRegularFile(file)) {
                String name = file.getFileName().toString().replace("-sources.jar", "");
                projects.put(name, unzip(file, dir.resolve(name)));
            }
        }
        assertTrue(!projects.isEmpty(), "no sources jar under " + repository + " (mvn dependency:get -Dartifact=...:jar:sources)");
        StringBuilder report = new StringBuilder("| project | files | lines | findings | ms per 1000 lines |\n|---|---|---|---|---|\n");
        Map<String, Map<String, Integer>> byRule = new TreeMap<>();
        StringBuilder samples = new StringBuilder();
        Reviewer reviewer = Reviewer.builder().build();
        reviewer.review("Warm.java", "class Warm { void a() { new java.io.FileInputStream(\"x\"); } }");
        for (Map.Entry<String, Path> project : projects.entrySet()) {
            Review review = reviewer.review(project.getValue());
            report.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f |%n", project.getKey(), review.files(),
                    review.lines(), review.findings().size(), review.elapsed().toNanos() / 1e6 / (review.lines() / 1000.0)));
            review.countsByRule().forEach((rule, count) -> byRule.computeIfAbsent(rule, r -> new TreeMap<>()).put(project.getKey(), count));
            Map<String, Integer> shown = new TreeMap<>();
            for (Finding finding : review.findings()) {
                if (shown.merge(finding.ruleId(), 1, Integer::sum) <= SAMPLE) {
                    String code = Files.readAllLines(project.getValue().resolve(finding.file())).get(finding.startLine() - 1).strip();
                    samples.append("- ").append(project.getKey()).append(' ').append(finding.where()).append(" `")
                            .append(finding.ruleId()).append("`: `").append(code).append("` ").append(finding.message()).append('\n');
                }
            }
        }
        report.append("\n| rule | ").append(String.join(" | ", projects.keySet())).append(" |\n|---|")
                .append("---|".repeat(projects.size())).append('\n');
        byRule.forEach((rule, counts) -> {
            report.append("| ").append(rule);
            projects.keySet().forEach(p -> report.append(" | ").append(counts.getOrDefault(p, 0)));
            report.append(" |\n");
        });
        report.append("\n## First findings of each rule\n\n").append(samples);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/precision.md"), report.toString());
    }

    private static Path unzip(Path jar, Path into) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = into.resolve(entry.getName()).normalize();
                if (entry.isDirectory() || !entry.getName().endsWith(".java") || !target.startsWith(into)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target);
                }
            }
        }
        return into;
    }
}
