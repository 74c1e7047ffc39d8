// expect: none
import java.net.*;
class FixedHost {
    String fetch(@RequestParam long id) throws Exception {
        URI uri = URI.create("https://api.example.com/items/" + id);
        return uri.toString();
    }
}
