// expect: java/os-command-injection
import java.util.List;
class SpringProcess {
    String convert(@RequestParam String file) throws java.io.IOException {
        List<String> command = List.of("convert", file, "out.png");
        new ProcessBuilder(command).start();
        return "ok";
    }
}
