package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.SourceFile;
import java.util.Set;
import java.util.function.Consumer;

/** The shape of the three leak detectors: what creates a resource, what releases it, and how to say so. */
abstract class LeakDetector extends RuleDetector {
    LeakDetector(Rule rule) {
        super(rule);
    }

    /** The type of resource {@code e} creates (for the message), or null when it creates none. */
    abstract String created(Expression e);

    /** The method names that release the resource. */
    abstract Set<String> release();

    abstract String neverReleased(String type);

    abstract String notOnEveryPath(String type);

    abstract String fix(String type);

    /** True when the API releases what {@code creation} made some other way than closing its result. */
    boolean releasedElsewhere(Expression creation) {
        return false;
    }

    @Override
    public void inspect(SourceFile file, Consumer<Finding> findings) {
        file.unit().findAll(Expression.class, e -> e instanceof ObjectCreationExpr || e instanceof MethodCallExpr).forEach(e -> {
            String type = created(e);
            if (type == null || releasedElsewhere(e)) {
                return;
            }
            switch (Ownership.fate(e, release(), x -> created(x) != null)) {
                case NEVER_RELEASED -> findings.accept(file.finding(rule(), e, neverReleased(type), fix(type)));
                case NOT_ON_EVERY_PATH -> findings.accept(file.finding(rule(), e, notOnEveryPath(type), fix(type)));
                case SAFE -> {
                }
            }
        });
    }
}
