package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import dev.monitor.reviewer.SourceFile;
import java.util.function.Consumer;

/**
 * {@code java/insecure-random}: {@code java.util.Random}, {@code Math.random()} or {@code ThreadLocalRandom}
 * producing a token, password, nonce, salt or session id. Their output is predictable from a few observed values;
 * an attacker who sees some tokens computes the next.
 */
final class InsecureRandomDetector extends RuleDetector {
    static final Rule RULE = new Rule("java/insecure-random", "Predictable random for a secret", Severity.HIGH,
            Category.SECURITY, "A token, password, nonce, salt or session id is drawn from java.util.Random, "
            + "Math.random or ThreadLocalRandom, whose output can be predicted from a few earlier values.", 330);

    InsecureRandomDetector() {
        super(RULE);
    }

    @Override
    public void inspect(SourceFile file, Consumer<Finding> findings) {
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class, WeakRandom::isDraw)) {
            String purpose = purpose(call);
            if (purpose != null) {
                findings.accept(file.finding(RULE, call, "'" + purpose + "' is drawn from a predictable generator ("
                        + WeakRandom.describe(call) + "): an attacker who sees a few values can compute the next.",
                        "Use one shared java.security.SecureRandom (e.g. 32 random bytes, Base64url-encoded) for tokens "
                        + "and secrets."));
            }
        }
    }

    /** The name that says the value must be unguessable, or null. */
    private static String purpose(MethodCallExpr call) {
        for (Node node = call; node != null; node = node.getParentNode().orElse(null)) {
            if (node instanceof VariableDeclarator variable) {
                return Names.needsUnguessable(variable.getNameAsString()) ? variable.getNameAsString() : null;
            }
            if (node instanceof AssignExpr assign) {
                String target = Ast.nameOf(assign.getTarget());
                return Names.needsUnguessable(target) ? target : null;
            }
            if (node instanceof CallableDeclaration<?> callable) {
                return Names.needsUnguessable(callable.getNameAsString()) ? callable.getNameAsString() : null;
            }
        }
        return null;
    }

    /** Draws from a non-cryptographic generator. */
    static final class WeakRandom {
        private WeakRandom() {
        }

        static boolean isDraw(MethodCallExpr call) {
            String name = call.getNameAsString();
            if (name.equals("random") && Ast.isStaticCall(call, "Math", "random")) {
                return true;
            }
            if (!name.startsWith("next") && !name.equals("ints") && !name.equals("longs")) {
                return false;
            }
            return call.getScope().map(scope -> {
                Expression s = Ast.unwrap(scope);
                if (s instanceof ObjectCreationExpr creation) {
                    return creation.getType().getNameAsString().equals("Random");
                }
                if (s instanceof MethodCallExpr m) {
                    return Ast.isStaticCall(m, "ThreadLocalRandom", "current");
                }
                String type = Ast.typeOf(s);
                return "Random".equals(type) || "ThreadLocalRandom".equals(type);
            }).orElse(false);
        }

        static String describe(MethodCallExpr call) {
            return call.getNameAsString().equals("random") ? "Math.random" : call.toString().contains("ThreadLocalRandom")
                    ? "ThreadLocalRandom" : "java.util.Random";
        }
    }
}
