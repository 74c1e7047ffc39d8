package dev.monitor.core;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The cases recorded against AWS itself, in {@code conformance/} of the shared folder beside the
 * repository ({@code <repository root>/../shared}), or where the system property
 * {@code monitor.shared} says. They are never copied into the project. A missing file fails the
 * test on CI (the environment variable {@code CI} set), where skipping would hide it, and skips it,
 * saying why, elsewhere.
 */
public final class Conformance {
    private Conformance() {
    }

    /** The JSON file {@code name} of the conformance folder, such as {@code eventbridge-patterns.json}. */
    public static JsonNode read(String name) throws IOException {
        Path file = sharedFolder().resolve("conformance").resolve(name);
        if (!Files.isRegularFile(file)) {
            String missing = "the AWS-recorded cases " + file + " are missing (run with -Dmonitor.shared=<folder holding conformance/>)";
            if (System.getenv("CI") != null) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        return new ObjectMapper().readTree(file.toFile());
    }

    private static Path sharedFolder() {
        String property = System.getProperty("monitor.shared");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        // Surefire runs in the module's folder; the repository's root is the topmost folder with a pom.xml.
        Path root = Path.of("").toAbsolutePath();
        for (Path dir = root; dir != null && Files.isRegularFile(dir.resolve("pom.xml")); dir = dir.getParent()) {
            root = dir;
        }
        return root.resolveSibling("shared");
    }
}
