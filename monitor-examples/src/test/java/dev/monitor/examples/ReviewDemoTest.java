package dev.monitor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.ReportFormat;
import dev.monitor.reviewer.Review;
import dev.monitor.reviewer.Reviewer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "Reviewing code" section: the demo's own sources have nothing to comment on, and the deliberately
 * wasteful checkout handler kept under the test resources gets exactly the review the README prints.
 */
class ReviewDemoTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theDemoSourcesHaveNoFindings() throws IOException {
        Review review = Reviewer.builder().build().review(REPOSITORY.resolve("monitor-examples/src/main/java"), REPOSITORY);
        assertEquals(List.of(), review.findings());
        assertEquals(List.of(), review.problems());
    }

    @Test
    void theWastefulSampleGetsTheReviewTheReadmeShows() throws IOException {
        Review review = Reviewer.builder().build()
                .review(REPOSITORY.resolve("monitor-examples/src/test/resources/review/WastefulCheckout.java"), REPOSITORY);
        assertEquals(List.of("java/expensive-object-per-call", "monitor/unbounded-dimension", "monitor/log-string-concat",
                "monitor/trace-not-closed", "monitor/audit-write-as-read", "java/resource-leak"),
                review.findings().stream().map(Finding::ruleId).toList());
        ReadmeTest.Block shown = ReadmeTest.blocks("text").stream()
                .filter(block -> block.introduction().contains("WastefulCheckout.java")).findFirst()
                .orElseThrow(() -> new AssertionError("README has no ```text block introduced by WastefulCheckout.java"));
        assertEquals(shown.text(), ReportFormat.TEXT.render(review));
    }
}
