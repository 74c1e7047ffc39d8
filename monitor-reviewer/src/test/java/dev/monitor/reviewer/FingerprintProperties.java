package dev.monitor.reviewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** A baseline keeps matching a finding whatever is inserted above it, and only that finding. */
class FingerprintProperties {
    private static final Reviewer REVIEWER = Reviewer.builder().detectors(List.of(new ExitCallDetector())).build();

    @Property
    void aFindingKeepsItsFingerprintWhenLinesMoveAboveIt(@ForAll @IntRange(min = 0, max = 40) int inserted,
                                                          @ForAll @IntRange(min = 0, max = 8) int indent) {
        String body = "class Main {\n  void a() {\n" + " ".repeat(indent) + "System.exit(1);\n  }\n}\n";
        Finding before = REVIEWER.review("Main.java", body).findings().get(0);
        String moved = "// header\n".repeat(inserted) + body;
        Review after = Reviewer.builder().detectors(List.of(new ExitCallDetector())).baseline(Baseline.of(List.of(before)))
                .build().review("Main.java", moved);
        assertEquals(List.of(), after.findings());
        assertEquals(1, after.baselined());
        Finding again = REVIEWER.review("Main.java", moved).findings().get(0);
        assertEquals(before.fingerprint(), again.fingerprint());
        assertEquals(before.startLine() + inserted, again.startLine());
    }

    @Property
    void aChangedLineOrAnotherFileIsANewFinding(@ForAll @IntRange(min = 0, max = 99) int code) {
        Finding original = REVIEWER.review("Main.java", "class Main { void a() { System.exit(100); } }").findings().get(0);
        Finding changed = REVIEWER.review("Main.java", "class Main { void a() { System.exit(" + code + "); } }").findings().get(0);
        Finding elsewhere = REVIEWER.review("Other.java", "class Main { void a() { System.exit(100); } }").findings().get(0);
        assertNotEquals(original.fingerprint(), changed.fingerprint());
        assertNotEquals(original.fingerprint(), elsewhere.fingerprint());
    }
}
