package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import dev.monitor.reviewer.SourceFile;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code java/weak-crypto}: MD5 or SHA-1 used to protect something (a password, a token, a signature), DES, RC4
 * or Blowfish ciphers, ECB mode (also what a bare "AES" means), and SSL/early TLS protocol versions. MD5 for an
 * ETag or a checksum is fine and not reported: only a digest whose method or variables are about secrets is.
 */
final class WeakCryptoDetector extends RuleDetector {
    static final Rule RULE = new Rule("java/weak-crypto", "Weak cryptography", Severity.HIGH, Category.SECURITY,
            "A broken algorithm protects data: MD5/SHA-1 for passwords, tokens or signatures (collisions and fast "
            + "brute force), DES/3DES/RC4/Blowfish, ECB mode (equal blocks encrypt equally) or SSL/TLS 1.0/1.1.", 327);
    private static final Set<String> WEAK_DIGESTS = Set.of("MD2", "MD4", "MD5", "SHA1", "SHA-1", "SHA");
    private static final Set<String> WEAK_CIPHERS = Set.of("DES", "DESEDE", "TRIPLEDES", "RC2", "RC4", "ARCFOUR", "BLOWFISH");
    private static final Set<String> WEAK_PROTOCOLS = Set.of("SSL", "SSLV2", "SSLV3", "TLSV1", "TLSV1.1");

    WeakCryptoDetector() {
        super(RULE);
    }

    @Override
    public void inspect(SourceFile file, Consumer<Finding> findings) {
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class, c -> c.getNameAsString().equals("getInstance")
                && !c.getArguments().isEmpty())) {
            String algorithm = Ast.literal(call.getArgument(0));
            if (algorithm == null) {
                continue;
            }
            String upper = algorithm.toUpperCase(Locale.ROOT);
            String base = upper.contains("/") ? upper.substring(0, upper.indexOf('/')) : upper;
            if (Ast.isStaticCall(call, "MessageDigest", "getInstance") && WEAK_DIGESTS.contains(upper) && securityUse(call)) {
                findings.accept(file.finding(RULE, call, algorithm + " protects a secret here, but it is broken for that: "
                        + "collisions are cheap and guessing inputs is fast.", "Hash passwords with a slow salted KDF "
                        + "(PBKDF2WithHmacSHA256, bcrypt, Argon2); sign or fingerprint with SHA-256 or HMAC-SHA256."));
            } else if ((Ast.isStaticCall(call, "Cipher", "getInstance") || Ast.isStaticCall(call, "KeyGenerator", "getInstance")
                    || Ast.isStaticCall(call, "SecretKeyFactory", "getInstance")) && WEAK_CIPHERS.contains(base)) {
                findings.accept(file.finding(RULE, call, base + " is a broken cipher: its key or block size lets an attacker "
                        + "recover the plaintext.", "Use AES/GCM/NoPadding with a random 12-byte IV per message."));
            } else if (Ast.isStaticCall(call, "Cipher", "getInstance") && (upper.contains("/ECB/") || upper.equals("AES"))) {
                findings.accept(file.finding(RULE, call, "\"" + algorithm + "\" encrypts in ECB mode (a bare \"AES\" means "
                        + "AES/ECB/PKCS5Padding): equal plaintext blocks give equal ciphertext blocks, leaking the data's "
                        + "structure.", "Use AES/GCM/NoPadding with a random 12-byte IV per message."));
            } else if (Ast.isStaticCall(call, "SSLContext", "getInstance") && WEAK_PROTOCOLS.contains(upper)) {
                findings.accept(file.finding(RULE, call, algorithm + " is a deprecated protocol version with known attacks "
                        + "(POODLE, BEAST).", "Ask for \"TLSv1.3\" (or \"TLS\" with TLS 1.2 as the lowest enabled version)."));
            }
        }
    }

    /** True when the digest's method, its parameters, its variable or the names it works on are about secrets. */
    private static boolean securityUse(MethodCallExpr call) {
        for (Node node = call; node != null; node = node.getParentNode().orElse(null)) {
            if (node instanceof VariableDeclarator variable && Names.isSecurityUse(variable.getNameAsString())) {
                return true;
            }
            if (node instanceof CallableDeclaration<?> callable) {
                if (Names.isSecurityUse(callable.getNameAsString())
                        || callable.getParameters().stream().anyMatch(p -> Names.isSecurityUse(p.getNameAsString()))) {
                    return true;
                }
                return callable.findAll(NameExpr.class).stream().anyMatch(n -> Names.isSecret(n.getNameAsString()));
            }
        }
        return false;
    }
}
