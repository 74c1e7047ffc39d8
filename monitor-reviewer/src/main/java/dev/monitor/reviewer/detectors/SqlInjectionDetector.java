package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import dev.monitor.reviewer.SourceFile;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code java/sql-injection}: SQL text built by concatenation, {@code String.format} or a {@code StringBuilder}
 * from non-constant values, reaching {@code Statement.execute*}, {@code Connection.prepareStatement} or a JPA/JDBC
 * template query. Whatever the values hold becomes SQL.
 */
final class SqlInjectionDetector extends RuleDetector {
    static final Rule RULE = new Rule("java/sql-injection", "SQL built from strings", Severity.CRITICAL, Category.SECURITY,
            "SQL text is built by concatenating or formatting values and then executed: a value containing a quote "
            + "changes the statement, which is SQL injection.", 89);
    private static final Set<String> SINKS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "addBatch", "prepareStatement", "prepareCall", "createQuery", "createNativeQuery", "queryForObject",
            "queryForList", "query", "update", "batchUpdate");
    private static final Set<String> RECEIVERS = Set.of("Statement", "PreparedStatement", "CallableStatement", "Connection",
            "JdbcTemplate", "NamedParameterJdbcTemplate", "EntityManager", "Session");
    /** Values that cannot carry a quote into the SQL text. */
    private static final Set<String> SAFE_TYPES = Set.of("int", "long", "short", "byte", "double", "float", "boolean",
            "Integer", "Long", "Short", "Double", "Float", "Boolean", "BigDecimal", "BigInteger", "UUID", "char");

    SqlInjectionDetector() {
        super(RULE);
    }

    @Override
    public void inspect(SourceFile file, Consumer<Finding> findings) {
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class, c -> SINKS.contains(c.getNameAsString()))) {
            if (call.getArguments().isEmpty() || !sqlReceiver(call)) {
                continue;
            }
            Expression sql = Ast.unwrap(call.getArgument(0));
            if (built(sql)) {
                findings.accept(file.finding(RULE, call, "The SQL passed to " + call.getNameAsString() + "() is built from "
                        + "non-constant values: a value with a quote in it rewrites the statement (SQL injection).",
                        "Keep the SQL constant with ? placeholders and bind the values with PreparedStatement.setString/"
                        + "setLong (or named parameters); allow-list identifiers such as column names."));
            }
        }
    }

    private static boolean sqlReceiver(MethodCallExpr call) {
        return call.getScope().map(scope -> {
            String type = Ast.typeOf(scope);
            if (type != null) {
                return RECEIVERS.contains(type);
            }
            return scope instanceof MethodCallExpr m && (m.getNameAsString().equals("createStatement")
                    || m.getNameAsString().equals("getConnection"));
        }).orElse(false);
    }

    /** True when {@code sql} is, or is a local variable assigned, text built from non-constant values. */
    static boolean built(Expression sql) {
        if (dynamic(sql)) {
            return true;
        }
        if (sql instanceof MethodCallExpr toString && toString.getNameAsString().equals("toString")
                && toString.getScope().orElse(null) instanceof NameExpr builder) {
            return builderAppendsValues(toString, builder.getNameAsString());
        }
        if (!(sql instanceof NameExpr name)) {
            return false;
        }
        VariableDeclarator local = Ast.localDeclaration(sql, name.getNameAsString());
        if (local == null) {
            return false;
        }
        if (local.getInitializer().map(SqlInjectionDetector::dynamic).orElse(false)) {
            return true;
        }
        Node body = Ast.enclosingBody(sql);
        return body != null && body.findAll(AssignExpr.class, a -> a.getTarget() instanceof NameExpr t
                && t.getNameAsString().equals(name.getNameAsString())).stream().anyMatch(a -> a.getOperator() == AssignExpr.Operator.PLUS
                ? !Ast.isConstantString(a.getValue()) && !safeValue(a.getValue()) : dynamic(a.getValue()));
    }

    private static boolean builderAppendsValues(Node at, String builder) {
        Node body = Ast.enclosingBody(at);
        return body != null && body.findAll(MethodCallExpr.class, c -> c.getNameAsString().equals("append")
                        && c.getArguments().size() == 1 && c.getScope().map(s -> rootName(s).equals(builder)).orElse(false))
                .stream().anyMatch(c -> !Ast.isConstantString(c.getArgument(0)) && !safeValue(c.getArgument(0)));
    }

    private static String rootName(Expression e) {
        Expression x = e;
        while (x instanceof MethodCallExpr m && m.getScope().isPresent()) {
            x = m.getScope().get();
        }
        return x instanceof NameExpr n ? n.getNameAsString() : "";
    }

    private static boolean dynamic(Expression e) {
        Expression x = Ast.unwrap(e);
        if (Ast.isFormatCall(x)) {
            MethodCallExpr call = (MethodCallExpr) x;
            return call.getArguments().stream().skip(call.getNameAsString().equals("format") ? 1 : 0)
                    .anyMatch(a -> !Ast.isConstantString(a) && !safeValue(a));
        }
        if (!Ast.isDynamicConcatenation(x)) {
            return false;
        }
        return operands((BinaryExpr) x).stream().anyMatch(o -> !Ast.isConstantString(o) && !safeValue(o));
    }

    private static java.util.List<Expression> operands(BinaryExpr concatenation) {
        java.util.List<Expression> all = new java.util.ArrayList<>();
        for (Expression side : java.util.List.of(concatenation.getLeft(), concatenation.getRight())) {
            Expression x = Ast.unwrap(side);
            if (x instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS) {
                all.addAll(operands(b));
            } else {
                all.add(x);
            }
        }
        return all;
    }

    private static boolean safeValue(Expression e) {
        String type = Ast.typeOf(e);
        Expression x = Ast.unwrap(e);
        return type != null && SAFE_TYPES.contains(type) || x.isIntegerLiteralExpr() || x.isLongLiteralExpr()
                || x instanceof MethodCallExpr m && (m.getNameAsString().equals("size") || m.getNameAsString().equals("length"));
    }
}
