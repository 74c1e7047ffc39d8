// expect: none
class ConstantCommand {
    void run(@RequestParam int count) throws java.io.IOException {
        new ProcessBuilder("uptime").start();
        Runtime.getRuntime().exec(new String[] {"sleep", String.valueOf(count)});
    }
}
