package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import dev.monitor.reviewer.SourceFile;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code java/tls-trust-all}: a trust manager whose {@code checkServerTrusted} accepts every certificate, or a
 * hostname verifier that returns {@code true} for every host. Either turns TLS into encryption with whoever
 * answers: a man in the middle reads and changes the traffic.
 */
final class TrustAllDetector extends RuleDetector {
    static final Rule RULE = new Rule("java/tls-trust-all", "TLS certificate or hostname checks disabled", Severity.CRITICAL,
            Category.SECURITY, "A TrustManager accepts every certificate or a HostnameVerifier accepts every host: "
            + "anyone on the network path can impersonate the server and read or alter the traffic.", 295);
    private static final Set<String> TRUST_TYPES = Set.of("X509TrustManager", "X509ExtendedTrustManager", "TrustManager");

    TrustAllDetector() {
        super(RULE);
    }

    @Override
    public void inspect(SourceFile file, Consumer<Finding> findings) {
        for (MethodDeclaration method : file.unit().findAll(MethodDeclaration.class)) {
            String name = method.getNameAsString();
            if (name.equals("checkServerTrusted") && inTrustManager(method)
                    && method.getBody().map(b -> b.getStatements().stream().allMatch(TrustAllDetector::noCheck)).orElse(false)) {
                findings.accept(file.finding(RULE, method, "checkServerTrusted accepts every certificate chain: any "
                        + "server, including a man in the middle, is trusted.", fix()));
            }
            if (name.equals("verify") && method.getParameters().size() == 2
                    && method.getParameter(1).getType().asString().endsWith("SSLSession") && returnsTrue(method)) {
                findings.accept(file.finding(RULE, method, "This HostnameVerifier accepts every host name: a valid "
                        + "certificate for any site is accepted for this one.", fix()));
            }
        }
        for (LambdaExpr lambda : file.unit().findAll(LambdaExpr.class, l -> l.getParameters().size() == 2)) {
            boolean alwaysTrue = lambda.getExpressionBody().map(e -> e instanceof BooleanLiteralExpr b && b.getValue()).orElse(false);
            boolean verifier = lambda.getParentNode().filter(p -> p.toString().contains("HostnameVerifier")).isPresent();
            if (alwaysTrue && verifier) {
                findings.accept(file.finding(RULE, lambda, "This HostnameVerifier accepts every host name: a valid "
                        + "certificate for any site is accepted for this one.", fix()));
            }
        }
        file.unit().findAll(FieldAccessExpr.class, f -> f.getNameAsString().equals("INSTANCE")
                && f.getScope().toString().endsWith("NoopHostnameVerifier")).forEach(f -> findings.accept(file.finding(RULE, f,
                "NoopHostnameVerifier accepts every host name: a valid certificate for any site is accepted for this one.", fix())));
        file.unit().findAll(ObjectCreationExpr.class, c -> c.getType().getNameAsString().equals("TrustAllStrategy")
                || c.getType().getNameAsString().equals("TrustSelfSignedStrategy")).forEach(c -> findings.accept(
                file.finding(RULE, c, c.getType().getNameAsString() + " accepts certificates no authority vouches for.", fix())));
    }

    private static boolean inTrustManager(MethodDeclaration method) {
        for (Node node = method.getParentNode().orElse(null); node != null; node = node.getParentNode().orElse(null)) {
            if (node instanceof ObjectCreationExpr creation) {
                return TRUST_TYPES.contains(creation.getType().getNameAsString());
            }
            if (node instanceof ClassOrInterfaceDeclaration type) {
                return type.getImplementedTypes().stream().anyMatch(t -> TRUST_TYPES.contains(t.getNameAsString()))
                        || type.getExtendedTypes().stream().anyMatch(t -> TRUST_TYPES.contains(t.getNameAsString()));
            }
        }
        return false;
    }

    private static boolean noCheck(Statement statement) {
        return statement.isEmptyStmt() || statement instanceof ReturnStmt ret && ret.getExpression().isEmpty();
    }

    private static boolean returnsTrue(MethodDeclaration method) {
        return method.getBody().map(b -> b.getStatements().size() == 1 && b.getStatement(0) instanceof ReturnStmt ret
                && ret.getExpression().map(e -> e instanceof BooleanLiteralExpr lit && lit.getValue()).orElse(false)).orElse(false);
    }

    private static String fix() {
        return "Keep the JDK's default trust manager and hostname verification; to trust a private CA, load it into a "
                + "KeyStore and build the TrustManagerFactory from that.";
    }
}
