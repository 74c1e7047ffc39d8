// expect: none
import java.security.SecureRandom;
class SecureToken {
    private final SecureRandom random = new SecureRandom();
    String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().encodeToString(bytes);
    }
}
