// expect: none
import java.security.cert.*;
import javax.net.ssl.*;
class PinnedCheck implements X509TrustManager {
    private final X509TrustManager delegate;
    PinnedCheck(X509TrustManager delegate) {
        this.delegate = delegate;
    }
    public void checkClientTrusted(X509Certificate[] chain, String type) throws CertificateException {
        delegate.checkClientTrusted(chain, type);
    }
    public void checkServerTrusted(X509Certificate[] chain, String type) throws CertificateException {
        delegate.checkServerTrusted(chain, type);
    }
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
