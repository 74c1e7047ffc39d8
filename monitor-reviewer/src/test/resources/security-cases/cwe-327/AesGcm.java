// expect: none
import javax.crypto.Cipher;
class AesGcm {
    Cipher cipher() throws Exception {
        return Cipher.getInstance("AES/GCM/NoPadding");
    }
}
