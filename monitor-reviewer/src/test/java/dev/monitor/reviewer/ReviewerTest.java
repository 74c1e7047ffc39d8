package dev.monitor.reviewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.ast.expr.MethodCallExpr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewerTest {
    private static final Reviewer REVIEWER = Reviewer.builder().detectors(List.of(new ExitCallDetector())).build();

    @TempDir
    Path dir;

    @Test
    void aFindingSaysWhereWhatAndHowToFix() {
        Review review = REVIEWER.review("src/Main.java", """
                class Main {
                    void stop() {
                        System.exit(1);
                    }
                }
                """);
        Finding finding = review.findings().get(0);
        assertEquals("test/system-exit", finding.ruleId());
        assertEquals(Severity.MEDIUM, finding.severity());
        assertEquals("src/Main.java:3", finding.where());
        assertEquals(9, finding.startColumn());
        assertEquals("System.exit stops the JVM.", finding.message());
        assertEquals("Throw instead.", finding.fix());
        assertEquals(1, review.files());
        assertEquals(5, review.lines());
    }

    @Test
    void anIgnoreCommentWithAReasonSilencesItsRuleOnItsLineAndTheNext() {
        Review review = REVIEWER.review("Main.java", """
                class Main {
                    void a() {
                        System.exit(1); // monitor:ignore test/system-exit the launcher's own exit
                    }
                    void b() {
                        // monitor:ignore test/system-exit,java/resource-leak the CLI's exit status
                        System.exit(2);
                    }
                    void c() {
                        System.exit(3); // monitor:ignore java/resource-leak names another rule
                    }
                }
                """);
        assertEquals(List.of(10), review.findings().stream().map(Finding::startLine).toList());
        assertEquals(2, review.suppressed());
        assertEquals(List.of(), review.problems());
    }

    @Test
    void anIgnoreCommentWithoutAReasonSilencesNothingAndIsReported() {
        Review review = REVIEWER.review("Main.java", """
                class Main {
                    void a() {
                        System.exit(1); // monitor:ignore test/system-exit
                    }
                }
                """);
        assertEquals(1, review.findings().size());
        assertEquals(1, review.problems().size());
        assertTrue(review.problems().get(0).startsWith("Main.java:3: 'monitor:ignore' needs a rule id and a reason"),
                review.problems().get(0));
    }

    @Test
    void theBaselineKeepsKnownFindingsQuietEvenAfterLinesMove() throws Exception {
        Files.writeString(dir.resolve("Main.java"), "class Main {\n  void a() { System.exit(1); }\n}\n");
        Review first = REVIEWER.review(dir);
        assertEquals(1, first.findings().size());
        Path baselineFile = dir.resolve("baseline/reviewer-baseline.json");
        Baseline.write(baselineFile, first.findings());

        Files.writeString(dir.resolve("Main.java"),
                "// a new header\nclass Main {\n  void a() { System.exit(1); }\n  void b() { System.exit(2); }\n}\n");
        Reviewer withBaseline = Reviewer.builder().detectors(List.of(new ExitCallDetector()))
                .baseline(Baseline.read(baselineFile)).build();
        Review second = withBaseline.review(dir);
        assertEquals(List.of("Main.java:4"), second.findings().stream().map(Finding::where).toList());
        assertEquals(1, second.baselined());
    }

    @Test
    void aBaselineThatIsNotOneFailsNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("b.json"), "{\"findings\": 3}");
        Exception e = assertThrows(java.io.IOException.class, () -> Baseline.read(file));
        assertTrue(e.getMessage().contains(file + " has no \"findings\" array"), e.getMessage());
        Path broken = Files.writeString(dir.resolve("c.json"), "{");
        e = assertThrows(java.io.IOException.class, () -> Baseline.read(broken));
        assertTrue(e.getMessage().startsWith("baseline " + broken + " is not JSON"), e.getMessage());
    }

    @Test
    void aFileThatDoesNotParseIsAProblemAndTheOthersAreStillReviewed() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("a/Broken.java"), "class Broken { void x( }");
        Files.writeString(dir.resolve("a/Fine.java"), "class Fine { void x() { System.exit(0); } }");
        Files.createDirectories(dir.resolve("target/generated"));
        Files.writeString(dir.resolve("target/generated/Gen.java"), "class Gen { void x() { System.exit(0); } }");
        Review review = REVIEWER.review(dir);
        assertEquals(List.of("a/Fine.java:1"), review.findings().stream().map(Finding::where).toList());
        assertEquals(1, review.files());
        assertEquals(1, review.problems().size());
        assertTrue(review.problems().get(0).startsWith("a/Broken.java: does not parse as Java 17, not reviewed: "),
                review.problems().get(0));
    }

    @Test
    void java17SyntaxParses() {
        Review review = REVIEWER.review("R.java", """
                record R(int a) {
                    sealed interface S permits X {}
                    final class X implements S {}
                    String f(Object o) {
                        if (o instanceof String s) { return s; }
                        return switch (a) { case 1 -> \"""
                            one\""";
                            default -> "other"; };
                    }
                }
                """);
        assertEquals(List.of(), review.problems());
        assertEquals(1, review.files());
    }

    @Test
    void aDetectorThatFailsCostsOnlyItsOwnFindings() {
        Detector failing = new Detector() {
            @Override
            public Rule rule() {
                return new Rule("test/failing", "fails", Severity.LOW, Category.BEST_PRACTICE, "always throws");
            }

            @Override
            public void inspect(SourceFile file, Consumer<Finding> findings) {
                file.unit().findFirst(MethodCallExpr.class).orElseThrow(() -> new IllegalStateException("no call"));
            }
        };
        Reviewer reviewer = Reviewer.builder().detectors(List.of(failing, new ExitCallDetector())).build();
        Review review = reviewer.review("A.java", "class A { int x; }");
        assertEquals(List.of("A.java: detector test/failing failed: java.lang.IllegalStateException: no call"),
                review.problems());
        assertEquals(1, reviewer.review("B.java", "class B { void x() { System.exit(0); } }").findings().size());
    }

    @Test
    void twoDetectorsOfOneRuleAreRefused() {
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> Reviewer.builder().detectors(List.of(new ExitCallDetector(), new ExitCallDetector())));
        assertEquals("two detectors report rule test/system-exit", e.getMessage());
    }

    @Test
    void aMissingSourceFolderIsAnErrorNamingIt() {
        Path missing = dir.resolve("nope");
        Exception e = assertThrows(java.io.IOException.class, () -> REVIEWER.review(missing));
        assertEquals("--source " + missing + ": no such file or folder", e.getMessage());
    }
}
