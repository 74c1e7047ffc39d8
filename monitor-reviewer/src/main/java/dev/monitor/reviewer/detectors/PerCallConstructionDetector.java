package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import dev.monitor.reviewer.SourceFile;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code java/expensive-object-per-call}: an {@code ObjectMapper}, a compiled {@code Pattern}, a {@code JAXBContext}
 * or an AWS SDK client built inside a request handler or a loop, and then dropped. Each is built to be created
 * once and shared: building one costs reflection, regex compilation, or a connection pool and credential lookup.
 */
final class PerCallConstructionDetector extends RuleDetector {
    static final Rule RULE = new Rule("java/expensive-object-per-call", "Expensive object built per request", Severity.MEDIUM,
            Category.BEST_PRACTICE, "An ObjectMapper, compiled Pattern, JAXBContext or AWS SDK client is built inside a "
            + "request handler or a loop: these are thread-safe and made to be shared, and building one costs far more "
            + "than the work it then does once.");
    private static final Set<String> HANDLER_ANNOTATIONS = Set.of("GetMapping", "PostMapping", "PutMapping", "DeleteMapping",
            "PatchMapping", "RequestMapping", "GET", "POST", "PUT", "DELETE", "PATCH");
    private static final Set<String> HANDLER_NAMES = Set.of("doGet", "doPost", "doPut", "doDelete", "service", "handle",
            "handleRequest", "filter", "doFilter");
    private static final Set<String> REQUEST_TYPES = Set.of("HttpServletRequest", "ServletRequest", "HttpExchange",
            "APIGatewayProxyRequestEvent", "APIGatewayV2HTTPEvent", "SQSEvent", "ServerRequest", "HttpRequest");
    private static final Set<String> MAPPERS = Set.of("ObjectMapper", "XmlMapper", "YAMLMapper", "CsvMapper", "Gson");

    PerCallConstructionDetector() {
        super(RULE);
    }

    @Override
    public void inspect(SourceFile file, Consumer<Finding> findings) {
        for (Expression e : file.unit().findAll(Expression.class, x -> x instanceof ObjectCreationExpr || x instanceof MethodCallExpr)) {
            String what = expensive(e);
            if (what == null || kept(e)) {
                continue;
            }
            String where = where(e);
            if (where != null) {
                findings.accept(file.finding(RULE, e, "A new " + what + " is built " + where + " and thrown away: it is "
                        + "thread-safe and meant to be built once, and building it costs much more than using it.",
                        "Build it once (a static final field, or a field set in the constructor) and reuse it."));
            }
        }
    }

    private static String expensive(Expression e) {
        if (e instanceof ObjectCreationExpr creation && creation.getArguments().isEmpty()
                && MAPPERS.contains(creation.getType().getNameAsString()) && creation.getAnonymousClassBody().isEmpty()) {
            return creation.getType().getNameAsString();
        }
        if (!(e instanceof MethodCallExpr call)) {
            return null;
        }
        if (Ast.isStaticCall(call, "Pattern", "compile") && !call.getArguments().isEmpty() && Ast.isConstantString(call.getArgument(0))) {
            return "Pattern for a constant regex";
        }
        if (Ast.isStaticCall(call, "JAXBContext", "newInstance")) {
            return "JAXBContext";
        }
        String scope = call.getScope().map(Object::toString).orElse("");
        if ((call.getNameAsString().equals("create") || call.getNameAsString().equals("defaultClient"))
                && scope.matches("[A-Z]\\w*(Client|ClientBuilder)")) {
            return scope.replace("Builder", "");
        }
        if (call.getNameAsString().equals("build") && scope.matches("[A-Z]\\w*Client\\.builder\\(\\).*")) {
            return scope.substring(0, scope.indexOf('.'));
        }
        return null;
    }

    /** Returned, or stored in a field: built for reuse by someone else. */
    private static boolean kept(Expression e) {
        Node parent = e.getParentNode().orElse(null);
        if (parent instanceof ReturnStmt || parent instanceof LambdaExpr) {
            return true;
        }
        if (parent instanceof com.github.javaparser.ast.expr.AssignExpr assign) {
            return !(assign.getTarget() instanceof com.github.javaparser.ast.expr.NameExpr n)
                    || Ast.localDeclaration(assign, n.getNameAsString()) == null;
        }
        return Ast.enclosingBody(e) == null;
    }

    /** "in a loop" or "per request", or null elsewhere. */
    private static String where(Expression e) {
        for (Node node = e.getParentNode().orElse(null); node != null; node = node.getParentNode().orElse(null)) {
            if (node instanceof ForStmt || node instanceof ForEachStmt || node instanceof WhileStmt || node instanceof DoStmt) {
                return "on every iteration of this loop";
            }
            if (node instanceof LambdaExpr) {
                return null;
            }
            if (node instanceof CallableDeclaration<?> callable) {
                return handler(callable) ? "on every request to " + callable.getNameAsString() : null;
            }
        }
        return null;
    }

    private static boolean handler(CallableDeclaration<?> callable) {
        if (callable.getAnnotations().stream().anyMatch(a -> HANDLER_ANNOTATIONS.contains(a.getNameAsString()))) {
            return true;
        }
        if (callable instanceof MethodDeclaration method && HANDLER_NAMES.contains(method.getNameAsString())) {
            for (Parameter parameter : method.getParameters()) {
                if (REQUEST_TYPES.contains(Ast.simpleName(parameter.getType()))) {
                    return true;
                }
            }
        }
        return false;
    }
}
