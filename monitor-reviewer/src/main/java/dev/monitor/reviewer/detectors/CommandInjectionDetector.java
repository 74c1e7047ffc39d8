package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import java.util.function.Consumer;

/**
 * {@code java/os-command-injection}: request data reaching {@code Runtime.exec} or a {@code ProcessBuilder}'s
 * command. The requester then chooses what program runs, or what arguments (and, through a shell, what else).
 */
final class CommandInjectionDetector extends TaintDetector {
    static final Rule RULE = new Rule("java/os-command-injection", "Request data in an OS command", Severity.CRITICAL,
            Category.SECURITY, "Data from the HTTP request reaches Runtime.exec or ProcessBuilder: the requester "
            + "chooses the program or its arguments, and through a shell can run anything.", 78);

    CommandInjectionDetector() {
        super(RULE);
    }

    @Override
    void call(TaintSinks sinks, Consumer<Finding> findings, MethodCallExpr call) {
        boolean exec = call.getNameAsString().equals("exec") && call.getScope().map(s -> "Runtime".equals(Ast.typeOf(s))
                || s.toString().endsWith("getRuntime()")).orElse(false);
        boolean command = call.getNameAsString().equals("command") && call.getScope()
                .map(s -> "ProcessBuilder".equals(Ast.typeOf(s))).orElse(false);
        if (exec || command) {
            check(sinks, findings, call, sinks.taintedArgument(call));
        }
    }

    @Override
    void creation(TaintSinks sinks, Consumer<Finding> findings, ObjectCreationExpr creation) {
        if (creation.getType().getNameAsString().equals("ProcessBuilder")) {
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
