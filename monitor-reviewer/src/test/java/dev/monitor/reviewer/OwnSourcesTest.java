package dev.monitor.reviewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reviewer over this repository's own main sources finds nothing: every detector is held to no false positive
 * on code written with care, and the project is held to the rules it checks.
 */
class OwnSourcesTest {
    @Test
    void theProjectsMainSourcesHaveNoFindings() throws IOException {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        List<Path> sources;
        try (Stream<Path> modules = Files.list(repository)) {
            sources = modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(sources.size() >= 10, "found only " + sources);
        Reviewer reviewer = Reviewer.builder().build();
        StringBuilder found = new StringBuilder();
        long files = 0;
        for (Path source : sources) {
            Review review = reviewer.review(source, repository);
            files += review.files();
            assertEquals(List.of(), review.problems(), source.toString());
            if (!review.findings().isEmpty()) {
                found.append(ReportFormat.TEXT.render(review));
            }
        }
        assertTrue(files > 300, "reviewed only " + files + " files");
        assertEquals("", found.toString());
    }
}
