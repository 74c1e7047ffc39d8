// expect: java/unvalidated-input
import java.net.*;
class FetchUrl {
    String fetch(@RequestParam String url) throws Exception {
        try (var in = new URL(url).openStream()) {
            return new String(in.readAllBytes());
        }
    }
}
