// expect: java/tls-trust-all
import javax.net.ssl.*;
class AnyHost {
    void install() {
        HttpsURLConnection.setDefaultHostnameVerifier((host, session) -> true);
    }
}
