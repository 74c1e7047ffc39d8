package dev.monitor.core.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The RSA key pair that signs digests: read from {@code <audit>/keys/private-key.pem} and
 * {@code <audit>/public-key.pem}, or generated (2048 bits) and kept there on first use. The
 * private key file is readable by its owner only where the file system allows it.
 */
public final class SigningKeys {
    static final String ALGORITHM = "SHA256withRSA";

    private SigningKeys() {
    }

    /** The kept key pair under {@code auditDir}, made on first use. */
    static KeyPair loadOrCreate(Path auditDir) throws IOException {
        Path privateFile = auditDir.resolve("keys").resolve("private-key.pem");
        Path publicFile = auditDir.resolve("public-key.pem");
        try {
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                return readKeyPair(privateFile, publicFile);
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(privateFile.getParent());
            Files.deleteIfExists(privateFile); // half a pair: both are made again
            try {
                // Owner-only from the start: set after writing, the key would be readable for a moment.
                Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: its own permissions apply.
            }
            Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IOException("the audit signing keys under " + auditDir + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** An RSA key pair from PEM files: the private key in PKCS #8 ({@code -----BEGIN PRIVATE KEY-----}), the public in X.509. */
    public static KeyPair readKeyPair(Path privateKeyFile, Path publicKeyFile) throws IOException {
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(Files.readString(privateKeyFile))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("'" + privateKeyFile + "' is not an RSA private key in PKCS #8 PEM form: " + e.getMessage(), e);
        }
        return new KeyPair(readPublicKey(publicKeyFile), privateKey);
    }

    /** Writes {@code key} as {@code <audit>/public-key.pem}, where validators look for it. */
    static void writePublicKey(Path auditDir, PublicKey key) throws IOException {
        Files.createDirectories(auditDir);
        Files.writeString(auditDir.resolve("public-key.pem"), pem("PUBLIC KEY", key.getEncoded()));
    }

    /** A public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}, X.509). */
    public static PublicKey readPublicKey(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pem(Files.readString(file))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("'" + file + "' is not an RSA public key in PEM form: " + e.getMessage(), e);
        }
    }

    /** The key's fingerprint as digests carry it: the hex MD5 of its DER encoding. */
    static String fingerprint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    static String sign(PrivateKey key, String signingString) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(signingString.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing a digest failed", e);
        }
    }

    static boolean verify(PublicKey key, String signingString, String hexSignature) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(signingString.getBytes(StandardCharsets.UTF_8));
            return signature.verify(HexFormat.of().parseHex(hexSignature.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] pem(String text) {
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
