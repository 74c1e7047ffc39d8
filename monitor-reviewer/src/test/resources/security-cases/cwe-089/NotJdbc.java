// expect: none
import java.util.concurrent.*;
class NotJdbc {
    void run(ExecutorService executor, String name) {
        executor.execute(() -> System.out.println("hello " + name));
    }
}
