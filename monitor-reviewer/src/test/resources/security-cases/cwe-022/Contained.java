// expect: none
import java.nio.file.*;
class Contained {
    private static final Path BASE = Path.of("/srv/files");
    byte[] read(@RequestParam String name) throws java.io.IOException {
        Path file = BASE.resolve(name).normalize();
        if (!file.startsWith(BASE)) {
            throw new IllegalArgumentException("outside " + BASE);
        }
        return Files.readAllBytes(file);
    }
}
