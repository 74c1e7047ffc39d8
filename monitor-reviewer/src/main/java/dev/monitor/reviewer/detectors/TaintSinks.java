package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.SourceFile;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Runs the taint analysis once per method for the detectors that need it, and reports tainted sink arguments. */
final class TaintSinks {
    private final SourceFile file;
    // By identity: JavaParser's Node.equals compares structure, and two methods can have equal bodies.
    private final Map<com.github.javaparser.ast.Node, Taint> byBody = new IdentityHashMap<>();

    TaintSinks(SourceFile file) {
        this.file = file;
    }

    /** The first argument of {@code call} carrying request data, or null. */
    Expression taintedArgument(com.github.javaparser.ast.nodeTypes.NodeWithArguments<?> call) {
        com.github.javaparser.ast.Node node = (com.github.javaparser.ast.Node) call;
        com.github.javaparser.ast.Node body = Ast.enclosingBody(node);
        if (body == null) {
            return null;
        }
        Taint taint = byBody.computeIfAbsent(body, b -> Taint.around(node));
        for (Expression argument : call.getArguments()) {
            if (taint.tainted(argument)) {
                return argument;
            }
        }
        return null;
    }

    /** True when the receiver of {@code call} carries request data. */
    boolean taintedScope(MethodCallExpr call) {
        com.github.javaparser.ast.Node body = Ast.enclosingBody(call);
        if (body == null || call.getScope().isEmpty()) {
            return false;
        }
        return byBody.computeIfAbsent(body, b -> Taint.around(call)).tainted(call.getScope().get());
    }

    void report(Consumer<Finding> findings, Rule rule, com.github.javaparser.ast.Node at, String message, String fix) {
        findings.accept(file.finding(rule, at, message, fix));
    }

    /** True when {@code creation} constructs one of {@code types}. */
    static boolean creates(ObjectCreationExpr creation, java.util.Set<String> types) {
        return types.contains(creation.getType().getNameAsString());
    }
}
