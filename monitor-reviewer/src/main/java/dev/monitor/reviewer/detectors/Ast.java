package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.type.Type;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Questions detectors ask of the syntax tree without a type solver: the declared type of a name (from the local
 * variable, parameter or field that declares it), whether an expression is a constant string, whether a call is a
 * logging call. Answers are simple type names ("FileInputStream"), or null when the source does not say.
 */
final class Ast {
    private static final Pattern LOGGER_NAME = Pattern.compile("(?i)(log|logger|.*logger|.*_log|audit_?log)");
    private static final Set<String> LOGGER_TYPES = Set.of("Logger", "Log", "XLogger", "ExtendedLogger");
    static final Set<String> LOG_METHODS = Set.of("trace", "debug", "info", "warn", "warning", "error", "fatal", "severe",
            "fine", "finer", "finest", "config", "log");

    private Ast() {
    }

    /** The simple name of {@code type} without type arguments or array brackets: {@code Map} for {@code java.util.Map<K, V>}. */
    static String simpleName(Type type) {
        Type element = type.getElementType();
        String text = element.isClassOrInterfaceType() ? element.asClassOrInterfaceType().getNameAsString() : element.asString();
        return text;
    }

    /** The declared simple type of {@code expression} when the source says it, else null. */
    static String typeOf(Expression expression) {
        Expression e = unwrap(expression);
        if (e instanceof ObjectCreationExpr creation) {
            return creation.getType().getNameAsString();
        }
        if (e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr) {
            return "String";
        }
        if (e instanceof NameExpr name) {
            VariableDeclarator local = localDeclaration(e, name.getNameAsString());
            if (local != null && local.getType().isVarType() && !(local.getInitializer().map(Ast::unwrap).orElse(null)
                    instanceof ObjectCreationExpr)) {
                return solvedType(local);
            }
            Type type = declaredType(e, name.getNameAsString());
            return type == null ? null : simpleName(type);
        }
        if (e instanceof FieldAccessExpr field && field.getScope().isThisExpr()) {
            Type type = fieldType(e, field.getNameAsString());
            return type == null ? null : simpleName(type);
        }
        if (e instanceof BinaryExpr binary && binary.getOperator() == BinaryExpr.Operator.PLUS
                && ("String".equals(typeOf(binary.getLeft())) || "String".equals(typeOf(binary.getRight())))) {
            return "String";
        }
        return null;
    }

    /** The type of the local variable, parameter or field {@code name} visible at {@code at}, or null. */
    static Type declaredType(Node at, String name) {
        VariableDeclarator local = localDeclaration(at, name);
        if (local != null) {
            return local.getType().isVarType() ? varType(local) : local.getType();
        }
        for (Node node = at; node != null; node = node.getParentNode().orElse(null)) {
            if (node instanceof CallableDeclaration<?> callable) {
                for (Parameter parameter : callable.getParameters()) {
                    if (parameter.getNameAsString().equals(name)) {
                        return parameter.getType();
                    }
                }
            } else if (node instanceof LambdaExpr lambda) {
                for (Parameter parameter : lambda.getParameters()) {
                    if (parameter.getNameAsString().equals(name)) {
                        return parameter.getType().isUnknownType() ? null : parameter.getType();
                    }
                }
            } else if (node instanceof CatchClause clause && clause.getParameter().getNameAsString().equals(name)) {
                return clause.getParameter().getType();
            } else if (node instanceof ForEachStmt loop) {
                for (VariableDeclarator variable : loop.getVariable().getVariables()) {
                    if (variable.getNameAsString().equals(name)) {
                        return variable.getType().isVarType() ? null : variable.getType();
                    }
                }
            } else if (node instanceof TypeDeclaration<?>) {
                break;
            }
        }
        return fieldType(at, name);
    }

    /**
     * The simple name of a {@code var} local's type as the symbol solver infers it from its initialiser (JDK types
     * only), or null when it cannot: a project type, a missing symbol solver, or code it does not understand.
     */
    static String solvedType(VariableDeclarator local) {
        try {
            String described = local.getType().resolve().describe();
            int generic = described.indexOf('<');
            String raw = generic < 0 ? described : described.substring(0, generic);
            return raw.substring(raw.lastIndexOf('.') + 1);
        } catch (RuntimeException | StackOverflowError e) {
            return null; // UnsolvedSymbolException, UnsupportedOperationException, IllegalStateException: no answer
        }
    }

    private static Type varType(VariableDeclarator local) {
        return local.getInitializer().map(Ast::unwrap).filter(ObjectCreationExpr.class::isInstance)
                .map(init -> (Type) ((ObjectCreationExpr) init).getType()).orElse(null);
    }

    /** The declaration of local variable {@code name} in the method or lambda around {@code at}, or null. */
    static VariableDeclarator localDeclaration(Node at, String name) {
        Node body = enclosingBody(at);
        if (body == null) {
            return null;
        }
        int line = at.getBegin().map(p -> p.line).orElse(Integer.MAX_VALUE);
        VariableDeclarator found = null;
        for (VariableDeclarator variable : body.findAll(VariableDeclarator.class)) {
            if (variable.getNameAsString().equals(name) && !(variable.getParentNode().orElse(null) instanceof FieldDeclaration)
                    && variable.getBegin().map(p -> p.line <= line).orElse(false)) {
                found = variable; // the last declaration above: shadowing names in sibling blocks resolve to the nearest
            }
        }
        return found;
    }

    /** The type of field {@code name} of the class around {@code at} or one enclosing it, or null. */
    static Type fieldType(Node at, String name) {
        for (Node node = at; node != null; node = node.getParentNode().orElse(null)) {
            if (node instanceof TypeDeclaration<?> type) {
                for (FieldDeclaration field : type.getFields()) {
                    for (VariableDeclarator variable : field.getVariables()) {
                        if (variable.getNameAsString().equals(name)) {
                            return variable.getType();
                        }
                    }
                }
            }
        }
        return null;
    }

    /** The field declaration of {@code name} in the class around {@code at}, or empty. */
    static Optional<FieldDeclaration> field(Node at, String name) {
        for (Node node = at; node != null; node = node.getParentNode().orElse(null)) {
            if (node instanceof TypeDeclaration<?> type) {
                Optional<FieldDeclaration> field = type.getFieldByName(name);
                if (field.isPresent()) {
                    return field;
                }
            }
        }
        return Optional.empty();
    }

    /** The body of the method, constructor, initializer or lambda around {@code at}, or null. */
    static Node enclosingBody(Node at) {
        for (Node node = at; node != null; node = node.getParentNode().orElse(null)) {
            if (node instanceof CallableDeclaration<?> || node instanceof LambdaExpr
                    || node instanceof com.github.javaparser.ast.body.InitializerDeclaration) {
                return node;
            }
            if (node instanceof TypeDeclaration<?> || node instanceof FieldDeclaration) {
                return null;
            }
        }
        return null;
    }

    /** The method or constructor around {@code at}, or empty. */
    static Optional<CallableDeclaration<?>> enclosingCallable(Node at) {
        for (Node node = at; node != null; node = node.getParentNode().orElse(null)) {
            if (node instanceof CallableDeclaration<?> callable) {
                return Optional.of(callable);
            }
            if (node instanceof TypeDeclaration<?>) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** {@code expression} without parentheses or casts around it. */
    static Expression unwrap(Expression expression) {
        Expression e = expression;
        while (true) {
            if (e instanceof EnclosedExpr enclosed) {
                e = enclosed.getInner();
            } else if (e.isCastExpr()) {
                e = e.asCastExpr().getExpression();
            } else {
                return e;
            }
        }
    }

    /** True for a string literal, a text block, a constant-looking name, or a concatenation of those. */
    static boolean isConstantString(Expression expression) {
        Expression e = unwrap(expression);
        if (e.isStringLiteralExpr() || e.isTextBlockLiteralExpr() || e.isLiteralExpr()) {
            return true;
        }
        if (e instanceof BinaryExpr binary && binary.getOperator() == BinaryExpr.Operator.PLUS) {
            return isConstantString(binary.getLeft()) && isConstantString(binary.getRight());
        }
        if (e instanceof NameExpr name) {
            return isConstantName(name.getNameAsString()) || isFinalFieldWithConstant(e, name.getNameAsString());
        }
        if (e instanceof FieldAccessExpr field) {
            return isConstantName(field.getNameAsString());
        }
        return false;
    }

    private static boolean isConstantName(String name) {
        return name.length() > 1 && name.equals(name.toUpperCase(java.util.Locale.ROOT)) && name.chars().anyMatch(Character::isLetter);
    }

    private static boolean isFinalFieldWithConstant(Node at, String name) {
        if (localDeclaration(at, name) != null) {
            return false;
        }
        return field(at, name).filter(FieldDeclaration::isFinal)
                .flatMap(f -> f.getVariables().stream().filter(v -> v.getNameAsString().equals(name)).findFirst())
                .flatMap(VariableDeclarator::getInitializer).map(Ast::isConstantString).orElse(false);
    }

    /** True when {@code e} is a string concatenation with at least one operand that is not a constant. */
    static boolean isDynamicConcatenation(Expression e) {
        Expression x = unwrap(e);
        return x instanceof BinaryExpr binary && binary.getOperator() == BinaryExpr.Operator.PLUS
                && ("String".equals(typeOf(binary)) || containsStringLiteral(binary)) && !isConstantString(binary);
    }

    private static boolean containsStringLiteral(Expression e) {
        return e.findFirst(StringLiteralExpr.class).isPresent() || e.findFirst(TextBlockLiteralExpr.class).isPresent();
    }

    /** True when {@code call} is {@code String.format(...)} or {@code "...".formatted(...)}. */
    static boolean isFormatCall(Expression e) {
        Expression x = unwrap(e);
        if (!(x instanceof MethodCallExpr call)) {
            return false;
        }
        if (call.getNameAsString().equals("format") && call.getScope().map(s -> s.toString().equals("String")).orElse(false)) {
            return true;
        }
        return call.getNameAsString().equals("formatted") && call.getScope().isPresent();
    }

    /** True when {@code call} looks like a logging call: a log method on a receiver that is or is named a logger. */
    static boolean isLogCall(MethodCallExpr call) {
        if (!LOG_METHODS.contains(call.getNameAsString()) || call.getArguments().isEmpty()) {
            return false;
        }
        Optional<Expression> scope = call.getScope();
        if (scope.isEmpty()) {
            return false;
        }
        Expression receiver = unwrap(scope.get());
        String type = typeOf(receiver);
        if (type != null) {
            return LOGGER_TYPES.contains(type);
        }
        String name = receiver instanceof NameExpr n ? n.getNameAsString()
                : receiver instanceof FieldAccessExpr f ? f.getNameAsString() : null;
        if (receiver instanceof MethodCallExpr m && (m.getNameAsString().equals("getLogger") || m.getNameAsString().equals("logger"))) {
            return true;
        }
        return name != null && LOGGER_NAME.matcher(name).matches();
    }

    /** The string value of a literal argument, or null. */
    static String literal(Expression e) {
        Expression x = unwrap(e);
        if (x instanceof StringLiteralExpr s) {
            return s.asString();
        }
        if (x instanceof TextBlockLiteralExpr t) {
            return t.asString();
        }
        return null;
    }

    /** The name of a name or field access ({@code password}, {@code this.password}, {@code creds.password}), or null. */
    static String nameOf(Expression e) {
        Expression x = unwrap(e);
        if (x instanceof NameExpr n) {
            return n.getNameAsString();
        }
        if (x instanceof FieldAccessExpr f) {
            return f.getNameAsString();
        }
        if (x instanceof MethodCallExpr m && m.getArguments().isEmpty()) {
            String name = m.getNameAsString();
            return name.startsWith("get") && name.length() > 3 ? Character.toLowerCase(name.charAt(3)) + name.substring(4) : name;
        }
        return null;
    }

    /** The arguments of {@code call}, for code that reads better with a name. */
    static NodeList<Expression> args(MethodCallExpr call) {
        return call.getArguments();
    }

    /** True when {@code call} is {@code Scope.name(...)}, the scope written as {@code scopeName} or ending in it. */
    static boolean isStaticCall(MethodCallExpr call, String scopeName, String name) {
        return call.getNameAsString().equals(name) && call.getScope().map(s -> {
            String text = s.toString();
            return text.equals(scopeName) || text.endsWith("." + scopeName);
        }).orElse(false);
    }
}
