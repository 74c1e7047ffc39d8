// expect: java/weak-crypto
import javax.crypto.Cipher;
class EcbMode {
    Cipher cipher() throws Exception {
        return Cipher.getInstance("AES");
    }
}
