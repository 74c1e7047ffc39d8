// expect: java/tls-trust-all
import java.security.cert.X509Certificate;
import javax.net.ssl.*;
class TrustAll {
    TrustManager[] managers() {
        return new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String type) {
            }
            public void checkServerTrusted(X509Certificate[] chain, String type) {
            }
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
    }
}
