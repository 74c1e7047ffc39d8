package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import java.util.Set;

/**
 * {@code monitor/trace-not-closed}: a Monitor {@code Segment} or {@code Subsegment} begun, or a context
 * {@code Scope} made current, and not closed on every path. An open segment is never sent (the trace has a hole
 * and its duration is unknown); an open scope leaves the wrong context current on the thread for whatever runs
 * next on it, so later spans attach to the wrong parent.
 */
final class TraceEntityLeakDetector extends LeakDetector {
    static final Rule RULE = new Rule("monitor/trace-not-closed", "Segment, subsegment or scope not closed", Severity.HIGH,
            Category.RESOURCE_LEAK, "A Segment or Subsegment from Tracer.beginSegment/beginSubsegment, or a Scope from "
            + "Context.makeCurrent, is not closed on every path: an unclosed segment is never emitted, and an unclosed "
            + "scope leaves its context current on the thread for unrelated work.", 772);

    TraceEntityLeakDetector() {
        super(RULE);
    }

    @Override
    String created(Expression e) {
        if (!(e instanceof MethodCallExpr call)) {
            return null;
        }
        return switch (call.getNameAsString()) {
            case "beginSegment" -> call.getScope().isPresent() ? "Segment" : null;
            case "beginSubsegment" -> call.getScope().isPresent() ? "Subsegment" : null;
            case "makeCurrent" -> call.getArguments().isEmpty() && call.getScope().isPresent() ? "Scope" : null;
            case "makeCurrentWithTrace" -> "Scope";
            default -> null;
        };
    }

    /**
     * Two idioms release without closing the result: making current again the context that was current when the
     * method began (it restores the thread's state), and the X-Ray SDK's recorder, whose {@code endSegment()} and
     * {@code endSubsegment()} close what its {@code beginSegment} opened.
     */
    @Override
    boolean releasedElsewhere(Expression creation) {
        MethodCallExpr call = (MethodCallExpr) creation;
        Expression receiver = call.getScope().map(Ast::unwrap).orElse(null);
        if (!(receiver instanceof NameExpr name)) {
            return false;
        }
        if (call.getNameAsString().equals("makeCurrent")) {
            VariableDeclarator saved = Ast.localDeclaration(call, name.getNameAsString());
            return saved != null && saved.getInitializer().map(Ast::unwrap)
                    .map(init -> init instanceof MethodCallExpr current && current.getNameAsString().equals("current")).orElse(false);
        }
        String end = call.getNameAsString().equals("beginSegment") ? "endSegment" : "endSubsegment";
        Node type = null;
        for (Node node = call; node != null; node = node.getParentNode().orElse(null)) {
            if (node instanceof TypeDeclaration<?>) {
                type = node;
                break;
            }
        }
        return type != null && !type.findAll(MethodCallExpr.class, m -> m.getNameAsString().equals(end)
                && m.getScope().map(s -> s.toString().equals(name.getNameAsString())).orElse(false)).isEmpty();
    }

    @Override
    Set<String> release() {
        return Set.of("close", "end", "endSegment", "endSubsegment");
    }

    @Override
    String neverReleased(String type) {
        return type.equals("Scope")
                ? "This Scope is never closed: its context stays current on the thread, and work that runs there later "
                + "is traced under the wrong parent."
                : "This " + type + " is never closed: it is never emitted, so the trace shows a hole where it should be "
                + "and the time it measured is lost.";
    }

    @Override
    String notOnEveryPath(String type) {
        return "This " + type + " is closed only when the code before close() neither throws nor returns early: "
                + "exactly the failing requests a trace is for lose it.";
    }

    @Override
    String fix(String type) {
        return "Use try-with-resources: try (" + type + " s = ...) { ... } (record an exception on it in a catch "
                + "block before it closes).";
    }
}
