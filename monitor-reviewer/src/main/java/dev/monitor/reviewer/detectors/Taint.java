package dev.monitor.reviewer.detectors;

import com.github.javaparser.Position;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small intraprocedural taint analysis: which expressions in a method carry data from the request. Sources are
 * servlet and {@code HttpExchange} request getters and Spring/JAX-RS request parameters; taint flows through local
 * variables (in source order), concatenation, string methods and static helpers; parsing to a number or UUID,
 * encoding, and a validation check in an {@code if} (a regex match, an allow-list lookup, a validate method)
 * clean it. Fields, other methods and collections the method fills are not followed: a finding needs the whole
 * path inside one method, which keeps false positives rare.
 */
final class Taint {
    private static final Set<String> PARAMETER_SOURCES = Set.of("RequestParam", "PathVariable", "RequestHeader", "RequestBody",
            "CookieValue", "MatrixVariable", "QueryParam", "PathParam", "FormParam", "HeaderParam", "CookieParam");
    private static final Set<String> REQUEST_TYPES = Set.of("HttpServletRequest", "ServletRequest", "HttpExchange",
            "HttpsExchange", "WebRequest", "NativeWebRequest", "HttpRequest");
    private static final Set<String> REQUEST_GETTERS = Set.of("getParameter", "getParameterValues", "getParameterMap",
            "getParameterNames", "getHeader", "getHeaders", "getQueryString", "getRequestURI", "getRequestURL", "getPathInfo",
            "getCookies", "getInputStream", "getReader", "getRequestHeaders", "getRequestBody", "getPart", "getParts");
    /** Values of these types cannot carry text an attacker chose. */
    private static final Set<String> CLEAN_TYPES = Set.of("int", "long", "short", "byte", "double", "float", "boolean", "char",
            "Integer", "Long", "Short", "Double", "Float", "Boolean", "UUID", "BigDecimal", "BigInteger", "LocalDate",
            "Instant", "Duration");
    /** Calls whose result is no longer attacker text: parsed, encoded, or a yes/no about it. */
    private static final Set<String> CLEANING = Set.of("parseInt", "parseLong", "parseDouble", "parseBoolean", "fromString",
            "valueOf", "length", "size", "isEmpty", "isBlank", "equals", "equalsIgnoreCase", "matches", "contains",
            "startsWith", "endsWith", "hashCode", "compareTo", "getFileName", "getName", "getBaseName", "hasNext", "count");
    private static final Set<String> VALIDATING = Set.of("matches", "isValid", "validate", "contains", "containsKey",
            "isAllowed", "allowed", "startsWith", "find", "test", "check", "isSafe", "equals");
    private static final Set<String> CARRYING_TYPES = Set.of("String", "StringBuilder", "File", "URI", "URL", "Path");

    private final Map<String, List<Event>> events = new HashMap<>();
    private final Map<Node, Boolean> memo = new IdentityHashMap<>();

    private record Event(Position at, boolean tainted) {
    }

    private Taint() {
    }

    /** The taint of the method or lambda around {@code at}. */
    static Taint around(Node site) {
        Taint taint = new Taint();
        Node body = Ast.enclosingBody(site);
        if (body == null) {
            return taint;
        }
        for (Node node = body; node != null; node = node.getParentNode().orElse(null)) {
            if (node instanceof CallableDeclaration<?> callable) {
                for (Parameter parameter : callable.getParameters()) {
                    boolean source = parameter.getAnnotations().stream().anyMatch(a -> PARAMETER_SOURCES.contains(a.getNameAsString()))
                            && !CLEAN_TYPES.contains(Ast.simpleName(parameter.getType()));
                    if (source) {
                        taint.set(parameter.getNameAsString(), new Position(0, 0), true);
                    }
                }
                break;
            }
        }
        List<Node> flow = new ArrayList<>(body.findAll(Node.class, n -> n instanceof VariableDeclarator || n instanceof AssignExpr
                || n instanceof IfStmt || n instanceof ForEachStmt));
        flow.sort((a, b) -> a.getBegin().orElseThrow().compareTo(b.getBegin().orElseThrow()));
        for (int pass = 0; pass < 2; pass++) { // twice: a loop can carry taint to a statement above
            for (Node node : flow) {
                Position at = node.getBegin().orElseThrow();
                if (node instanceof VariableDeclarator variable && variable.getInitializer().isPresent()) {
                    boolean clean = CLEAN_TYPES.contains(Ast.simpleName(variable.getType()));
                    taint.set(variable.getNameAsString(), at, !clean && taint.tainted(variable.getInitializer().get()));
                } else if (node instanceof AssignExpr assign && assign.getTarget() instanceof NameExpr target) {
                    boolean value = taint.tainted(assign.getValue());
                    if (assign.getOperator() == AssignExpr.Operator.ASSIGN) {
                        taint.set(target.getNameAsString(), at, value);
                    } else if (value) {
                        taint.set(target.getNameAsString(), at, true);
                    }
                } else if (node instanceof ForEachStmt loop && taint.tainted(loop.getIterable())) {
                    loop.getVariable().getVariables().forEach(v -> taint.set(v.getNameAsString(), at, true));
                } else if (node instanceof IfStmt check) {
                    for (MethodCallExpr call : check.getCondition().findAll(MethodCallExpr.class,
                            c -> VALIDATING.contains(c.getNameAsString()) || c.getNameAsString().startsWith("validate")
                                    || c.getNameAsString().startsWith("isValid"))) {
                        for (NameExpr name : call.findAll(NameExpr.class)) {
                            taint.set(name.getNameAsString(), at, false);
                        }
                    }
                }
            }
            taint.memo.clear();
        }
        return taint;
    }

    private void set(String name, Position at, boolean tainted) {
        List<Event> list = events.computeIfAbsent(name, n -> new ArrayList<>());
        list.removeIf(e -> e.at().equals(at));
        list.add(new Event(at, tainted));
        list.sort((a, b) -> a.at().compareTo(b.at()));
    }

    /** True when {@code e} carries request data at its position. */
    boolean tainted(Expression e) {
        Boolean known = memo.get(e);
        if (known != null) {
            return known;
        }
        boolean result = compute(Ast.unwrap(e));
        memo.put(e, result);
        return result;
    }

    private boolean compute(Expression e) {
        if (e instanceof NameExpr name) {
            List<Event> list = events.get(name.getNameAsString());
            if (list == null) {
                return false;
            }
            Position at = e.getBegin().orElseThrow();
            boolean state = false;
            for (Event event : list) {
                if (event.at().isBefore(at)) {
                    state = event.tainted();
                }
            }
            return state;
        }
        if (e instanceof BinaryExpr binary) {
            return binary.getOperator() == BinaryExpr.Operator.PLUS && (tainted(binary.getLeft()) || tainted(binary.getRight()));
        }
        if (e instanceof ConditionalExpr conditional) {
            return tainted(conditional.getThenExpr()) || tainted(conditional.getElseExpr());
        }
        if (e instanceof ArrayAccessExpr access) {
            return tainted(access.getName());
        }
        if (e instanceof ObjectCreationExpr creation) {
            return CARRYING_TYPES.contains(creation.getType().getNameAsString())
                    && creation.getArguments().stream().anyMatch(this::tainted);
        }
        if (e instanceof MethodCallExpr call) {
            return callTainted(call);
        }
        return false;
    }

    private boolean callTainted(MethodCallExpr call) {
        String name = call.getNameAsString();
        if (isSource(call)) {
            return true;
        }
        if (CLEANING.contains(name) || name.startsWith("escape") || name.startsWith("encode") || name.startsWith("sanitize")
                || name.startsWith("validate") || name.startsWith("htmlEscape") || name.startsWith("for")
                && Character.isUpperCase(name.length() > 3 ? name.charAt(3) : 'a')) {
            return false;
        }
        if (call.getScope().isPresent()) {
            Expression scope = Ast.unwrap(call.getScope().get());
            if (tainted(scope)) {
                return true;
            }
            boolean staticHelper = scope instanceof NameExpr n && Character.isUpperCase(n.getNameAsString().charAt(0))
                    && Ast.declaredType(n, n.getNameAsString()) == null;
            return staticHelper && call.getArguments().stream().anyMatch(this::tainted);
        }
        return false;
    }

    /** True for a request getter on a servlet request or an {@code HttpExchange}. */
    static boolean isSource(MethodCallExpr call) {
        if (!REQUEST_GETTERS.contains(call.getNameAsString())) {
            return false;
        }
        return call.getScope().map(s -> {
            String type = Ast.typeOf(s);
            return type != null && REQUEST_TYPES.contains(type);
        }).orElse(false);
    }
}
