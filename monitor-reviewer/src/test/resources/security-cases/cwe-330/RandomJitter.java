// expect: none
import java.util.concurrent.ThreadLocalRandom;
class RandomJitter {
    long backoffMillis(int attempt) {
        long jitter = ThreadLocalRandom.current().nextLong(100);
        return (1L << attempt) * 100 + jitter;
    }
}
