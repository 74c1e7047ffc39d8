package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.type.Type;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import dev.monitor.reviewer.SourceFile;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code java/secret-logged}: a variable, field or getter named password, token, secret or key passed to a logger,
 * or into an audit record's request parameters. Logs and audit trails are kept for months, shipped to other
 * systems and read by many people; a secret in them is disclosed to all of those.
 */
final class SecretLoggingDetector extends RuleDetector {
    static final Rule RULE = new Rule("java/secret-logged", "Secret written to a log or audit record", Severity.HIGH,
            Category.SECURITY, "A password, token, secret or key is passed to a logger or an audit record: logs are "
            + "retained, shipped and read widely, so the secret is disclosed to everyone who can read them.", 532);
    /** Calls that make a secret safe to write. */
    private static final Set<String> MASKING = Set.of("mask", "redact", "hash", "sha256", "digest", "length", "size",
            "isEmpty", "isBlank", "fingerprint", "masked", "redacted", "obfuscate", "hashCode", "last4", "prefix");
    /** Types a secret can be held in; a {@code Token} of a lexer is not one. */
    private static final Set<String> SECRET_TYPES = Set.of("String", "char", "CharSequence", "byte", "Object", "Optional",
            "SecretKey", "Key", "PrivateKey", "Credentials", "AwsCredentials", "Password");
    private static final Set<String> AUDIT_METHODS = Set.of("request", "user", "userAgent", "requestId");

    SecretLoggingDetector() {
        super(RULE);
    }

    @Override
    public void inspect(SourceFile file, Consumer<Finding> findings) {
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class)) {
            boolean log = Ast.isLogCall(call);
            boolean audit = !log && AUDIT_METHODS.contains(call.getNameAsString()) && chainedFromAuditCall(call);
            if (!log && !audit) {
                continue;
            }
            for (Expression argument : call.getArguments()) {
                String secret = secretIn(argument);
                if (secret != null) {
                    findings.accept(file.finding(RULE, call, "'" + secret + "' is written to " + (log ? "the log" : "the audit "
                            + "record") + ": logs and trails are kept and read widely, so the secret leaks to their readers.",
                            "Leave the secret out, or write a masked form (the last 4 characters, or a hash prefix that "
                            + "identifies it without revealing it)."));
                    break;
                }
            }
        }
    }

    private static boolean chainedFromAuditCall(MethodCallExpr call) {
        Expression x = call;
        while (x instanceof MethodCallExpr m && m.getScope().isPresent()) {
            if (m.getNameAsString().equals("call") && m.getScope().map(s -> {
                String name = Ast.nameOf(s);
                return name != null && name.toLowerCase(java.util.Locale.ROOT).contains("audit");
            }).orElse(false)) {
                return true;
            }
            x = m.getScope().get();
        }
        return false;
    }

    private static String secretIn(Expression argument) {
        for (Expression e : argument.findAll(Expression.class, x -> x instanceof NameExpr || x instanceof FieldAccessExpr
                || x instanceof MethodCallExpr m && m.getArguments().isEmpty())) {
            String name = Ast.nameOf(e);
            if (!Names.isSecret(name) || masked(e, argument) || e.getParentNode().map(p -> p instanceof FieldAccessExpr
                    || p instanceof MethodCallExpr m && m.getScope().map(s -> s == e).orElse(false)
                    && !(e instanceof MethodCallExpr)).orElse(false)) {
                continue;
            }
            if (e instanceof NameExpr) {
                Type type = Ast.declaredType(e, name);
                if (type != null && !SECRET_TYPES.contains(Ast.simpleName(type))) {
                    continue;
                }
            }
            return name;
        }
        return null;
    }

    private static boolean masked(Expression e, Expression top) {
        for (Node node = e.getParentNode().orElse(null); node != null && node != top.getParentNode().orElse(null);
             node = node.getParentNode().orElse(null)) {
            if (node instanceof MethodCallExpr call && MASKING.contains(call.getNameAsString())) {
                return true;
            }
        }
        return e instanceof MethodCallExpr m && MASKING.contains(m.getNameAsString());
    }
}
