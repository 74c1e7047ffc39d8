package dev.monitor.reviewer.detectors;

import dev.monitor.reviewer.Detector;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Review;
import dev.monitor.reviewer.Reviewer;
import java.util.List;

/** Runs one detector over a sample source and answers the lines it flagged. */
final class Samples {
    private Samples() {
    }

    static List<Integer> lines(Detector detector, String source) {
        return findings(detector, source).stream().map(Finding::startLine).toList();
    }

    static List<Finding> findings(Detector detector, String source) {
        Review review = Reviewer.builder().detectors(List.of(detector)).build().review("Sample.java", source);
        if (!review.problems().isEmpty()) {
            throw new IllegalArgumentException("sample does not parse: " + review.problems());
        }
        return review.findings();
    }
}
