package dev.monitor.reviewer.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Review;
import dev.monitor.reviewer.Reviewer;
import dev.monitor.reviewer.Rule;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OWASP Benchmark's method for the security and input-validation rules: small true-positive and false-positive
 * cases per CWE (src/test/resources/security-cases/cwe-NNN/*.java, each saying on its first line which rule must
 * fire, or {@code none}), scored as a true-positive rate and a false-positive rate per CWE. The table is written to
 * target/security-cases.md; RESULTS.md quotes it.
 */
class SecurityCasesTest {
    private static final Reviewer REVIEWER = Reviewer.builder().build();
    private static final Set<String> SECURITY_RULES = REVIEWER.rules().stream()
            .filter(r -> r.category() == Category.SECURITY || r.category() == Category.INPUT_VALIDATION)
            .map(Rule::id).collect(Collectors.toSet());

    @Test
    void everyCaseIsJudgedRightAndTheRatesAreReported() throws IOException, URISyntaxException {
        Path root = Path.of(getClass().getResource("/security-cases").toURI());
        List<Path> cases;
        try (Stream<Path> walk = Files.walk(root)) {
            cases = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        Map<String, int[]> byCwe = new TreeMap<>(); // tp, positives, fp, negatives
        List<String> wrong = new ArrayList<>();
        for (Path file : cases) {
            String text = Files.readString(file);
            String expect = text.lines().findFirst().orElse("").replace("// expect:", "").strip();
            Review review = REVIEWER.review(root.relativize(file).toString(), text);
            assertEquals(List.of(), review.problems(), file.toString());
            Set<String> fired = review.findings().stream().map(Finding::ruleId).filter(SECURITY_RULES::contains)
                    .collect(Collectors.toSet());
            int[] counts = byCwe.computeIfAbsent(file.getParent().getFileName().toString(), c -> new int[4]);
            if (expect.equals("none")) {
                counts[3]++;
                if (!fired.isEmpty()) {
                    counts[2]++;
                    wrong.add(root.relativize(file) + ": false positive " + fired);
                }
            } else {
                assertTrue(SECURITY_RULES.contains(expect), file + " expects unknown rule " + expect);
                counts[1]++;
                if (fired.contains(expect)) {
                    counts[0]++;
                } else {
                    wrong.add(root.relativize(file) + ": missed " + expect + " (fired " + fired + ")");
                }
            }
        }
        StringBuilder table = new StringBuilder("| CWE | true positives | TPR | false positives | FPR |\n|---|---|---|---|---|\n");
        int[] total = new int[4];
        byCwe.forEach((cwe, c) -> {
            table.append(row(cwe, c));
            for (int i = 0; i < 4; i++) {
                total[i] += c[i];
            }
        });
        table.append(row("all", total));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/security-cases.md"), table.toString());
        assertTrue(cases.size() >= 30, "only " + cases.size() + " cases");
        assertEquals(List.of(), wrong, table.toString());
    }

    private static String row(String cwe, int[] c) {
        return "| " + cwe + " | " + c[0] + "/" + c[1] + " | " + rate(c[0], c[1]) + " | " + c[2] + "/" + c[3] + " | "
                + rate(c[2], c[3]) + " |\n";
    }

    private static String rate(int part, int whole) {
        return whole == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.2f", (double) part / whole);
    }
}
