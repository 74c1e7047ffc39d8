// expect: java/weak-crypto
import java.security.MessageDigest;
class Md5Password {
    byte[] hashPassword(char[] password) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("MD5");
        return digest.digest(new String(password).getBytes());
    }
}
