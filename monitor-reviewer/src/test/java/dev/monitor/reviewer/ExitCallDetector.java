package dev.monitor.reviewer;

import com.github.javaparser.ast.expr.MethodCallExpr;
import java.util.function.Consumer;

/** A detector for the engine's tests: flags every {@code System.exit(...)} call. */
final class ExitCallDetector implements Detector {
    static final Rule RULE = new Rule("test/system-exit", "System.exit called", Severity.MEDIUM, Category.BEST_PRACTICE,
            "System.exit stops the whole JVM, including the application that embeds this code.");

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public void inspect(SourceFile file, Consumer<Finding> findings) {
        file.unit().findAll(MethodCallExpr.class, call -> call.getNameAsString().equals("exit")
                        && call.getScope().map(scope -> scope.toString().equals("System")).orElse(false))
                .forEach(call -> findings.accept(file.finding(RULE, call, "System.exit stops the JVM.", "Throw instead.")));
    }
}
