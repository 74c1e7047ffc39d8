// expect: java/path-traversal
import java.io.*;
class SpringFile {
    byte[] read(@PathVariable String name) throws IOException {
        try (FileInputStream in = new FileInputStream(new File("/srv/files/" + name))) {
            return in.readAllBytes();
        }
    }
}
