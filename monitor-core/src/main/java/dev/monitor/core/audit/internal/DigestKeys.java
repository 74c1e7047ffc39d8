package dev.monitor.core.audit.internal;

import dev.monitor.core.files.DataLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Not API: the monitor's audit runtime uses it. The RSA key pair that signs digests: read from {@code <audit>/keys/private-key.pem} and
 * {@code <audit>/public-key.pem}, or generated (2048 bits) and kept there on first use. The
 * private key file is readable by its owner only where the file system allows it.
 */
public final class DigestKeys {
    public static final String ALGORITHM = "SHA256withRSA";

    private DigestKeys() {
    }

    /** The kept key pair of {@code layout} ({@code private-key.pem} in {@link DataLayout#auditKeys()}, {@link DataLayout#auditPublicKey()}), made on first use. */
    public static KeyPair loadOrCreate(DataLayout layout, FileModes modes) throws IOException {
        Path privateFile = layout.auditKeys().resolve("private-key.pem");
        Path publicFile = layout.auditPublicKey();
        if (Files.exists(privateFile) && !Files.exists(publicFile)) {
            Files.delete(privateFile); // half a pair: both are made again
        }
        return loadOrCreate(privateFile, publicFile, modes);
    }

    /**
     * The key pair kept in {@code privateFile} and {@code publicFile}: read when both exist; the
     * public key written from the private one when only that exists; both made (2048-bit RSA) and
     * kept when neither does. A public key without its private key is refused: a new pair would
     * silently stop matching what validators were given.
     */
    public static KeyPair loadOrCreate(Path privateFile, Path publicFile, FileModes modes) throws IOException {
        boolean hasPrivate = Files.exists(privateFile);
        boolean hasPublic = Files.exists(publicFile);
        if (hasPrivate && hasPublic) {
            return readKeyPair(privateFile, publicFile);
        }
        if (hasPublic) {
            throw new IOException("the audit public key " + publicFile + " exists but the private key that signs digests, " + privateFile
                    + ", does not: give both, or neither to have a pair made and kept there");
        }
        try {
            KeyPair pair;
            if (hasPrivate) {
                PrivateKey privateKey = readPrivateKey(privateFile);
                if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
                    throw new IOException("'" + privateFile + "' holds no public exponent to make its public key from; give publicKeyFile");
                }
                pair = new KeyPair(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent())),
                        privateKey);
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                pair = generator.generateKeyPair();
                if (privateFile.getParent() != null) {
                    modes.folders(privateFile.getParent());
                }
                // Owner-only from the start whatever the trail's modes: set after writing, the key would be readable for a moment.
                FileModes.OWNER_ONLY.write(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
            }
            writePublicKey(publicFile, pair.getPublic(), modes);
            return pair;
        } catch (IOException e) {
            throw new IOException("the key pair that signs audit digests could not be made and kept at " + privateFile + " and " + publicFile
                    + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new IOException("the audit signing keys " + privateFile + " and " + publicFile + " cannot be made: " + e.getMessage(), e);
        }
    }

    /** An RSA key pair from PEM files: the private key in PKCS #8 ({@code -----BEGIN PRIVATE KEY-----}), the public in X.509. */
    public static KeyPair readKeyPair(Path privateKeyFile, Path publicKeyFile) throws IOException {
        return new KeyPair(readPublicKey(publicKeyFile), readPrivateKey(privateKeyFile));
    }

    public static PrivateKey readPrivateKey(Path privateKeyFile) throws IOException {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(Files.readString(privateKeyFile))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("'" + privateKeyFile + "' is not an RSA private key in PKCS #8 PEM form: " + e.getMessage(), e);
        }
    }

    /** Writes {@code key} in PEM (X.509) as {@code file}: {@code <audit>/public-key.pem} is where validators look for it. */
    public static void writePublicKey(Path file, PublicKey key, FileModes modes) throws IOException {
        if (file.getParent() != null) {
            modes.folders(file.getParent());
        }
        modes.write(file, pem("PUBLIC KEY", key.getEncoded()).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The key as PKCS #1 DER ({@code RSAPublicKey ::= SEQUENCE {modulus INTEGER, publicExponent
     * INTEGER}}): what CloudTrail's ListPublicKeys returns (base64) as {@code Value}, and what the
     * AWS CLI's validator loads.
     */
    public static byte[] pkcs1Der(PublicKey key) {
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new IllegalArgumentException("not an RSA public key: " + key.getAlgorithm());
        }
        byte[] modulus = derInteger(rsa.getModulus().toByteArray());
        byte[] exponent = derInteger(rsa.getPublicExponent().toByteArray());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(modulus);
        body.writeBytes(exponent);
        return derElement(0x30, body.toByteArray());
    }

    private static byte[] derInteger(byte[] twosComplement) {
        return derElement(0x02, twosComplement); // BigInteger.toByteArray is already minimal two's complement
    }

    private static byte[] derElement(int tag, byte[] content) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** A public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}, X.509). */
    public static PublicKey readPublicKey(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no public key that verifies audit digests at " + file.toAbsolutePath().normalize()
                    + " (a trail writes it as <data-dir>/audit/public-key.pem)");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pem(Files.readString(file))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("'" + file + "' is not an RSA public key in PEM form: " + e.getMessage(), e);
        }
    }

    /** The key's fingerprint as digests carry it: the hex MD5 of its DER encoding. */
    public static String fingerprint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    public static String sign(PrivateKey key, String signingString) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(signingString.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing a digest failed", e);
        }
    }

    public static boolean verify(PublicKey key, String signingString, String hexSignature) {
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
