// expect: java/weak-crypto
import javax.crypto.Cipher;
class DesCipher {
    Cipher cipher() throws Exception {
        return Cipher.getInstance("DES/CBC/PKCS5Padding");
    }
}
