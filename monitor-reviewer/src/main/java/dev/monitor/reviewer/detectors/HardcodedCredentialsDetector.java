package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import dev.monitor.reviewer.SourceFile;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code java/hardcoded-credentials}: an AWS access key id in a string literal, or a password, secret, API key or
 * token written into the source (a variable, field, setter or connection call given a literal). Source code is
 * copied to laptops, CI logs and repositories; a credential in it is shared with all of them and cannot be
 * rotated without a release.
 */
final class HardcodedCredentialsDetector extends RuleDetector {
    static final Rule RULE = new Rule("java/hardcoded-credentials", "Credential in source code", Severity.CRITICAL,
            Category.SECURITY, "A password, secret, API key, token or AWS access key is written into the source: "
            + "everyone with the code, its history or its build logs has it, and rotating it needs a release.", 798);
    /** AWS's key id prefixes (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids). */
    private static final Pattern AWS_KEY_ID = Pattern.compile("\\b(AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z2-7]{16}\\b");
    /** Literals that name or point to a credential rather than being one. */
    private static final Pattern NOT_A_VALUE = Pattern.compile("(?s).*\\s.*|\\$\\{.*|\\{\\{.*|[A-Z][A-Z0-9_]*|"
            + "[a-z0-9]+([._-][a-z0-9]+)+|[A-Z][a-z]*(-[A-Z][a-z]*)+|.*[:/].*|<.*>|\\*+|x+|X+");
    private static final Set<String> SETTERS = Set.of("setPassword", "password", "withPassword", "setSecret", "setApiKey",
            "apiKey", "withApiKey", "setToken", "setClientSecret", "clientSecret", "setSecretKey", "secretAccessKey");

    HardcodedCredentialsDetector() {
        super(RULE);
    }

    @Override
    public void inspect(SourceFile file, Consumer<Finding> findings) {
        // By identity: JavaParser's Node.equals compares structure, and one literal may appear twice.
        Set<Expression> reported = Collections.newSetFromMap(new IdentityHashMap<>());
        for (StringLiteralExpr literal : file.unit().findAll(StringLiteralExpr.class)) {
            if (AWS_KEY_ID.matcher(literal.asString()).find() && !literal.asString().contains("EXAMPLE")) {
                reported.add(literal);
                findings.accept(file.finding(RULE, literal, "This string holds an AWS access key id: with its secret it "
                        + "signs requests as that IAM identity, for everyone who can read the source.", fix()));
            }
        }
        for (VariableDeclarator variable : file.unit().findAll(VariableDeclarator.class)) {
            variable.getInitializer().ifPresent(init -> check(file, findings, reported, variable.getNameAsString(), init));
        }
        for (AssignExpr assign : file.unit().findAll(AssignExpr.class)) {
            check(file, findings, reported, Ast.nameOf(assign.getTarget()), assign.getValue());
        }
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class)) {
            if (SETTERS.contains(call.getNameAsString()) && call.getArguments().size() == 1) {
                check(file, findings, reported, call.getNameAsString(), call.getArgument(0));
            } else if (Ast.isStaticCall(call, "DriverManager", "getConnection") && call.getArguments().size() == 3) {
                check(file, findings, reported, "password", call.getArgument(2));
            }
        }
        for (ObjectCreationExpr creation : file.unit().findAll(ObjectCreationExpr.class,
                c -> c.getType().getNameAsString().equals("PasswordAuthentication") && c.getArguments().size() == 2)) {
            Expression password = Ast.unwrap(creation.getArgument(1));
            if (password instanceof MethodCallExpr toChars && toChars.getNameAsString().equals("toCharArray")) {
                toChars.getScope().ifPresent(s -> check(file, findings, reported, "password", s));
            }
        }
    }

    private static void check(SourceFile file, Consumer<Finding> findings, Set<Expression> reported, String name, Expression value) {
        String text = Ast.literal(value);
        if (text == null || !Names.isSecret(name) || reported.contains(Ast.unwrap(value))) {
            return;
        }
        if (text.length() < 4 || NOT_A_VALUE.matcher(text).matches() || text.equalsIgnoreCase(name)) {
            return;
        }
        reported.add(Ast.unwrap(value));
        findings.accept(file.finding(RULE, value, "'" + name + "' is given a literal value: the credential is in the "
                + "source, its history and every copy of it.", fix()));
    }

    private static String fix() {
        return "Read it at run time from the environment, a secrets manager (AWS Secrets Manager, SSM Parameter Store) "
                + "or the default credentials chain, and rotate the one that was committed.";
    }
}
