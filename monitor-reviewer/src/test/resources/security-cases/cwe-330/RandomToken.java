// expect: java/insecure-random
import java.util.Random;
class RandomToken {
    private final Random random = new Random();
    String newSessionToken() {
        long token = random.nextLong();
        return Long.toHexString(token);
    }
}
