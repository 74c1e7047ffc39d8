package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Detector;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import dev.monitor.reviewer.SourceFile;
import java.util.function.Consumer;

/**
 * {@code java/os-command-injection}: request data reaching {@code Runtime.exec} or a {@code ProcessBuilder}'s
 * command. The requester then chooses what program runs, or what arguments (and, through a shell, what else).
 */
final class CommandInjectionDetector implements Detector {
    static final Rule RULE = new Rule("java/os-command-injection", "Request data in an OS command", Severity.CRITICAL,
            Category.SECURITY, "Data from the HTTP request reaches Runtime.exec or ProcessBuilder: the requester "
            + "chooses the program or its arguments, and through a shell can run anything.", 78);

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public void inspect(SourceFile file, Consumer<Finding> findings) {
        TaintSinks sinks = new TaintSinks(file);
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class)) {
            boolean exec = call.getNameAsString().equals("exec") && call.getScope().map(s -> "Runtime".equals(Ast.typeOf(s))
                    || s.toString().endsWith("getRuntime()")).orElse(false);
            boolean command = call.getNameAsString().equals("command") && call.getScope()
                    .map(s -> "ProcessBuilder".equals(Ast.typeOf(s))).orElse(false);
            if (exec || command) {
                check(sinks, findings, call, sinks.taintedArgument(call));
            }
        }
        for (ObjectCreationExpr creation : file.unit().findAll(ObjectCreationExpr.class,
                c -> c.getType().getNameAsString().equals("ProcessBuilder"))) {
            check(sinks, findings, creation, sinks.taintedArgument(creation));
        }
    }

    private static void check(TaintSinks sinks, Consumer<Finding> findings, com.github.javaparser.ast.Node at, Expression tainted) {
        if (tainted != null) {
            sinks.report(findings, RULE, at, "'" + tainted + "' comes from the request and becomes part of the OS "
                    + "command: the requester decides what runs.", "Do not pass request data to a command; if an "
                    + "argument must vary, map the request value to one of a fixed set of arguments (an allow-list), "
                    + "pass it as its own argument (never through sh -c), and prefer a Java API over a process.");
        }
    }
}
