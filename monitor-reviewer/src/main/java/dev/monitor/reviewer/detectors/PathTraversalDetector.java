package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code java/path-traversal}: request data used to build a file path ({@code Path.of}, {@code Paths.get},
 * {@code Path.resolve}, {@code new File}, file streams, {@code Files.*}) in a method that never checks the
 * normalized result stays inside a base folder. {@code ../../etc/passwd} then reads or overwrites any file the
 * process can.
 */
final class PathTraversalDetector extends TaintDetector {
    static final Rule RULE = new Rule("java/path-traversal", "Request data in a file path", Severity.HIGH, Category.SECURITY,
            "Data from the HTTP request builds a file path without checking that the normalized path stays inside the "
            + "intended folder: '../' sequences reach any file the process can read or write.", 22);
    private static final Set<String> FILE_TYPES = Set.of("File", "FileInputStream", "FileOutputStream", "FileReader",
            "FileWriter", "RandomAccessFile");

    PathTraversalDetector() {
        super(RULE);
    }

    @Override
    void call(TaintSinks sinks, Consumer<Finding> findings, MethodCallExpr call) {
        String name = call.getNameAsString();
        boolean sink = Ast.isStaticCall(call, "Path", "of") || Ast.isStaticCall(call, "Paths", "get")
                || call.getScope().map(s -> s.toString().equals("Files")).orElse(false)
                || (name.equals("resolve") || name.equals("resolveSibling"))
                && call.getScope().map(s -> "Path".equals(Ast.typeOf(s))).orElse(false);
        if (sink) {
            check(sinks, findings, call, sinks.taintedArgument(call));
        }
    }

    @Override
    void creation(TaintSinks sinks, Consumer<Finding> findings, ObjectCreationExpr creation) {
        if (TaintSinks.creates(creation, FILE_TYPES)) {
            check(sinks, findings, creation, sinks.taintedArgument(creation));
        }
    }

    private static void check(TaintSinks sinks, Consumer<Finding> findings, Node at, Expression tainted) {
        boolean leafOnly = at.getParentNode().map(p -> p instanceof MethodCallExpr m && (m.getNameAsString().equals("getFileName")
                || m.getNameAsString().equals("getName")) && m.getScope().map(s -> s == at).orElse(false)).orElse(false);
        if (tainted == null || leafOnly || checksContainment(at)) {
            return;
        }
        sinks.report(findings, RULE, at, "'" + tainted + "' comes from the request and names a file here without a "
                + "containment check: '../' in it reaches files outside the intended folder.", "Resolve against a base "
                + "folder, normalize, and refuse what escapes it: Path p = base.resolve(name).normalize(); if "
                + "(!p.startsWith(base)) reject; or accept only a file name (Path.of(name).getFileName()) or an allow-list.");
    }

    /** A method that normalizes (or canonicalizes) and then checks {@code startsWith} contains the path itself. */
    private static boolean checksContainment(Node at) {
        Node body = Ast.enclosingBody(at);
        if (body == null) {
            return false;
        }
        String text = body.toString();
        return (text.contains("normalize()") || text.contains("toRealPath(") || text.contains("getCanonicalPath()")
                || text.contains("getCanonicalFile()")) && text.contains("startsWith(");
    }
}
