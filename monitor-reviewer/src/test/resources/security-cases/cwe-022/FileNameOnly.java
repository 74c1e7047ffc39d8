// expect: none
import java.nio.file.*;
class FileNameOnly {
    byte[] read(@RequestParam String name, Path base) throws java.io.IOException {
        Path leaf = Path.of(name).getFileName();
        String config = System.getProperty("config");
        Files.readAllBytes(Path.of(config));
        return Files.readAllBytes(base.resolve(leaf.toString()));
    }
}
