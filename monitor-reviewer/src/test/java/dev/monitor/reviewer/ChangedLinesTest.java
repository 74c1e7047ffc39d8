package dev.monitor.reviewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --diff}: only the lines a change touched are reviewed, read from a real git repository. */
class ChangedLinesTest {
    private static final Reviewer REVIEWER = Reviewer.builder().detectors(List.of(new ExitCallDetector())).build();

    @TempDir
    Path dir;

    @Test
    void onlyFindingsOnChangedLinesAreReported() throws Exception {
        GitRepo repo = new GitRepo(dir);
        repo.write("app/src/Main.java", "class Main {\n  void a() { System.exit(1); }\n  void b() {}\n}\n");
        repo.write("app/src/Other.java", "class Other {\n  void a() { System.exit(1); }\n}\n");
        repo.commit("first");
        repo.write("app/src/Main.java",
                "class Main {\n  void a() { System.exit(1); }\n  void b() { System.exit(2); }\n  void c() { System.exit(3); }\n}\n");
        repo.write("app/src/New.java", "class New {\n  void a() { System.exit(4); }\n}\n");
        repo.commit("second");

        ChangedLines changes = ChangedLines.fromGit(dir.resolve("app"), "HEAD~1..HEAD");
        assertEquals(dir.toRealPath(), changes.root().toRealPath());
        assertTrue(changes.touches("app/src/Main.java", 3, 3));
        assertFalse(changes.touches("app/src/Main.java", 2, 2));
        assertFalse(changes.touches("app/src/Other.java", 2, 2));

        Review review = Reviewer.builder().detectors(List.of(new ExitCallDetector())).changedLines(changes).build()
                .review(dir.resolve("app"), changes.root());
        assertEquals(List.of("app/src/Main.java:3", "app/src/Main.java:4", "app/src/New.java:2"),
                review.findings().stream().map(Finding::where).toList());
        assertEquals(2, review.unchanged());
    }

    @Test
    void aBaseAloneComparesTheWorkTree() throws Exception {
        GitRepo repo = new GitRepo(dir);
        repo.write("Main.java", "class Main {\n  void a() { System.exit(1); }\n}\n");
        repo.commit("first");
        repo.write("Main.java", "class Main {\n  void a() { System.exit(1); }\n  void b() { System.exit(2); }\n}\n");
        ChangedLines changes = ChangedLines.fromGit(dir, "HEAD");
        assertTrue(changes.touches("Main.java", 3, 3));
        assertFalse(changes.touches("Main.java", 1, 2));
    }

    @Test
    void anUnknownRevisionOrAnOptionIsRefusedWithGitsReason() throws Exception {
        new GitRepo(dir);
        Exception unknown = assertThrows(java.io.IOException.class, () -> ChangedLines.fromGit(dir, "nosuch..HEAD"));
        assertTrue(unknown.getMessage().contains("git ") && unknown.getMessage().contains("exited 128"), unknown.getMessage());
        Exception option = assertThrows(IllegalArgumentException.class, () -> ChangedLines.fromGit(dir, "--output=x"));
        assertEquals("--diff '--output=x' is not BASE..HEAD or BASE (git revisions)", option.getMessage());
    }

    @Property
    void aHunkTouchesExactlyItsNewLines(@ForAll @IntRange(min = 1, max = 500) int start,
                                        @ForAll @IntRange(min = 0, max = 40) int count,
                                        @ForAll @IntRange(min = 1, max = 600) int probe) {
        String header = count == 1 && start % 2 == 0 ? "@@ -3 +" + start + " @@" : "@@ -3,2 +" + start + "," + count + " @@ x";
        ChangedLines changes = ChangedLines.parse(Path.of("/repo"), "diff --git a/F.java b/F.java\n--- a/F.java\n+++ b/F.java\n"
                + header + "\n+line\n");
        boolean inside = count > 0 && probe >= start && probe < start + count;
        assertEquals(inside, changes.touches("F.java", probe, probe));
        assertFalse(changes.touches("G.java", probe, probe));
    }

    @Test
    void aDeletedFileHasNoChangedLines() {
        ChangedLines changes = ChangedLines.parse(Path.of("/repo"),
                "diff --git a/F.java b/F.java\n--- a/F.java\n+++ /dev/null\n@@ -1,3 +0,0 @@\n-x\n");
        assertEquals(0, changes.files());
    }
}
