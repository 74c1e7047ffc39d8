package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import java.util.Set;

/**
 * {@code java/executor-not-shut-down}: an {@code ExecutorService} created in a method and never shut down. Its
 * non-daemon threads outlive the method, keep the JVM from exiting, and pile up when the method runs again.
 */
final class ExecutorShutdownDetector extends LeakDetector {
    static final Rule RULE = new Rule("java/executor-not-shut-down", "ExecutorService never shut down", Severity.HIGH,
            Category.RESOURCE_LEAK, "An ExecutorService created in a method is never shut down: its threads stay alive, "
            + "keep the JVM from exiting and accumulate with every call.", 404);
    private static final Set<String> FACTORIES = Set.of("newFixedThreadPool", "newCachedThreadPool", "newSingleThreadExecutor",
            "newScheduledThreadPool", "newSingleThreadScheduledExecutor", "newWorkStealingPool",
            "newVirtualThreadPerTaskExecutor", "newThreadPerTaskExecutor");
    private static final Set<String> TYPES = Set.of("ThreadPoolExecutor", "ScheduledThreadPoolExecutor", "ForkJoinPool");

    ExecutorShutdownDetector() {
        super(RULE);
    }

    @Override
    String created(Expression e) {
        if (e instanceof MethodCallExpr call && FACTORIES.contains(call.getNameAsString())
                && Ast.isStaticCall(call, "Executors", call.getNameAsString())) {
            return "ExecutorService";
        }
        if (e instanceof ObjectCreationExpr creation && TYPES.contains(creation.getType().getNameAsString())
                && creation.getAnonymousClassBody().isEmpty()) {
            return creation.getType().getNameAsString();
        }
        return null;
    }

    @Override
    Set<String> release() {
        return Set.of("shutdown", "shutdownNow", "close");
    }

    @Override
    String neverReleased(String type) {
        return "This " + type + " is never shut down: its worker threads outlive the method, keep the JVM alive and "
                + "add up each time the method runs.";
    }

    @Override
    String notOnEveryPath(String type) {
        return "This " + type + " is shut down only when nothing before shutdown() throws or returns: otherwise its "
                + "threads leak.";
    }

    @Override
    String fix(String type) {
        return "Shut it down in a finally block (or try-with-resources on Java 19+), or create it once and shut it "
                + "down with the application.";
    }
}
