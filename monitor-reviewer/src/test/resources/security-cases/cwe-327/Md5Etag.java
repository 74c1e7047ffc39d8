// expect: none
import java.security.MessageDigest;
class Md5Etag {
    String etag(byte[] body) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
    }
}
