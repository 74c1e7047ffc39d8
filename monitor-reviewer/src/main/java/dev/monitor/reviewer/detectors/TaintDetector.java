package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.SourceFile;
import java.util.function.Consumer;

/**
 * A detector of request data reaching a sink: it is shown every call, then every object creation, of a file with
 * one taint analysis shared among them (so each method is analysed once).
 */
abstract class TaintDetector extends RuleDetector {
    TaintDetector(Rule rule) {
        super(rule);
    }

    @Override
    public final void inspect(SourceFile file, Consumer<Finding> findings) {
        TaintSinks sinks = new TaintSinks(file);
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class)) {
            call(sinks, findings, call);
        }
        for (ObjectCreationExpr creation : file.unit().findAll(ObjectCreationExpr.class)) {
            creation(sinks, findings, creation);
        }
    }

    /** Reports {@code call} when it is a sink one of whose arguments carries request data. */
    abstract void call(TaintSinks sinks, Consumer<Finding> findings, MethodCallExpr call);

    /** Reports {@code creation} when it is a sink one of whose arguments carries request data. */
    abstract void creation(TaintSinks sinks, Consumer<Finding> findings, ObjectCreationExpr creation);
}
