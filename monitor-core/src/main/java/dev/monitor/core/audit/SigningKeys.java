package dev.monitor.core.audit;

import dev.monitor.core.audit.internal.DigestKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;

/**
 * The RSA keys that sign the trail's digests, as validators need them: the public key from its
 * PEM file ({@code <data-dir>/audit/public-key.pem} by default), its fingerprint, and the PKCS #1
 * DER that CloudTrail's ListPublicKeys returns.
 */
public final class SigningKeys {
    private SigningKeys() {
    }

    /** An RSA key pair from PEM files: the private key in PKCS #8 ({@code -----BEGIN PRIVATE KEY-----}), the public in X.509. */
    public static KeyPair readKeyPair(Path privateKeyFile, Path publicKeyFile) throws IOException {
        return DigestKeys.readKeyPair(privateKeyFile, publicKeyFile);
    }

    /** A public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}, X.509). */
    public static PublicKey readPublicKey(Path file) throws IOException {
        return DigestKeys.readPublicKey(file);
    }

    /** The key as PKCS #1 DER, what CloudTrail's ListPublicKeys returns. */
    public static byte[] pkcs1Der(PublicKey key) {
        return DigestKeys.pkcs1Der(key);
    }

    /** The key's fingerprint as digests name it ({@code digestPublicKeyFingerprint}). */
    public static String fingerprint(PublicKey key) {
        return DigestKeys.fingerprint(key);
    }
}
