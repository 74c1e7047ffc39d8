package dev.monitor.reviewer.detectors;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What identifiers say about the values they hold: secrets, security uses, unbounded identifiers. */
final class Names {
    private static final Set<String> SECRET_ENDINGS = Set.of("password", "passwd", "pwd", "secret", "secretkey",
            "secretaccesskey", "apikey", "accesstoken", "authtoken", "refreshtoken", "bearertoken", "sessiontoken",
            "clientsecret", "privatekey", "token", "credential", "credentials", "passphrase", "apisecret");
    /** Tokens that are positions in a listing, not secrets: AWS's NextToken above all. */
    private static final Pattern NOT_SECRET = Pattern.compile(".*(next|continuation|pagination|page|cursor|sequence|start|"
            + "marker|csrfheader|type|name|count|length|size|expiry|expiration|ttl|url|uri|path|file|id|header|param|"
            + "parameter|property|field|key_name|prefix|pattern|regex|label|format|env|attribute|policy|provider|"
            + "hash|digest|mask|masked|redacted|len|max|min|valid|present|required|enabled).*token$");
    private static final Pattern SECURITY_USE = Pattern.compile("(?i).*(passw|pwd|secret|token|sign|auth|credential|salt|"
            + "hmac|session|nonce|otp|login|crypt|cipher|apikey|api_key|verif).*");
    private static final Pattern RANDOM_SECRET = Pattern.compile("(?i).*(token|secret|passw|pwd|nonce|salt|otp|session|"
            + "csrf|apikey|api_key|verifier|resetcode|activationcode|captcha|crypt).*");

    private Names() {
    }

    /** True for {@code password}, {@code dbPassword}, {@code API_KEY}, {@code clientSecret}; false for {@code nextToken}. */
    static boolean isSecret(String name) {
        if (name == null) {
            return false;
        }
        String flat = name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        if (SECRET_ENDINGS.stream().noneMatch(flat::endsWith)) {
            return false;
        }
        return !NOT_SECRET.matcher(flat).matches();
    }

    /** True when a name suggests hashing or randomness is used to protect something. */
    static boolean isSecurityUse(String name) {
        return name != null && SECURITY_USE.matcher(name).matches();
    }

    /** True when a name suggests a random value must be unguessable. */
    static boolean needsUnguessable(String name) {
        return name != null && RANDOM_SECRET.matcher(name).matches();
    }
}
