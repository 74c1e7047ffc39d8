package dev.monitor.reviewer.detectors;

import com.github.javaparser.Position;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who is responsible for releasing a resource an expression creates, within one method: the intraprocedural
 * "closed on every path" question CodeGuru's resource-leak detector answers. A resource handed to someone else
 * (returned, stored in a field, passed to a method or constructor, captured by a lambda) is that someone's to
 * release, so it is never reported: the analysis prefers missing a leak to inventing one.
 */
final class Ownership {
    /** What happens to a resource in the method that creates it. */
    enum Fate {
        /** Released in a try-with-resources or a finally block, or handed to code that owns it from then on. */
        SAFE,
        /** Never released and never handed on. */
        NEVER_RELEASED,
        /** Released, but not when an exception or an early return leaves the method first. */
        NOT_ON_EVERY_PATH
    }

    /** Calls that read a stream to its end but leave it open: passing a fresh stream to one leaks it. */
    private static final Set<String> NON_CLOSING_CONSUMERS = Set.of("load", "loadFromXML", "store", "storeToXML");

    /** Stream stages that return the same underlying stream (closing the result closes the source). */
    private static final Set<String> STREAM_STAGES = Set.of("filter", "map", "mapToObj", "mapToInt", "mapToLong",
            "flatMap", "sorted", "distinct", "limit", "skip", "peek", "onClose", "parallel", "sequential", "unordered",
            "takeWhile", "dropWhile");

    private Ownership() {
    }

    /**
     * The fate of the resource {@code creation} makes. {@code release} says which method names release it
     * ({@code close}; {@code shutdown} for executors); {@code isCreation} recognises another resource creation, so a
     * resource wrapped by another is left to the wrapper's analysis.
     */
    static Fate fate(Expression creation, Set<String> release, Predicate<Expression> isCreation) {
        Node child = creation;
        Node parent = creation.getParentNode().orElse(null);
        while (parent instanceof EnclosedExpr || parent instanceof CastExpr) {
            child = parent;
            parent = parent.getParentNode().orElse(null);
        }
        if (parent instanceof VariableDeclarator variable) {
            Node declaration = variable.getParentNode().orElse(null);
            if (declaration instanceof FieldDeclaration) {
                return Fate.SAFE;
            }
            if (declaration instanceof VariableDeclarationExpr && declaration.getParentNode().orElse(null) instanceof TryStmt) {
                return Fate.SAFE;
            }
            return tracked(creation, variable.getNameAsString(), release);
        }
        if (parent instanceof AssignExpr assign && assign.getValue() == child) {
            if (assign.getTarget() instanceof NameExpr target && Ast.localDeclaration(assign, target.getNameAsString()) != null) {
                return tracked(creation, target.getNameAsString(), release);
            }
            return Fate.SAFE; // a field, an array element: the object owns it
        }
        Node wrapped = child;
        if (parent instanceof MethodCallExpr call) {
            if (call.getScope().map(scope -> scope == wrapped).orElse(false)) {
                if (STREAM_STAGES.contains(call.getNameAsString())) {
                    return fate(call, release, isCreation); // the same stream, one stage on: follow it
                }
                return release.contains(call.getNameAsString()) ? Fate.SAFE : Fate.NEVER_RELEASED;
            }
            return NON_CLOSING_CONSUMERS.contains(call.getNameAsString()) ? Fate.NEVER_RELEASED : Fate.SAFE;
        }
        if (parent instanceof ObjectCreationExpr) {
            return Fate.SAFE; // a wrapper owns it (and is analysed itself when it is a resource) or a constructor took it
        }
        if (parent instanceof ExpressionStmt statement) {
            // An expression lambda's body is its result: () -> Files.newInputStream(p) hands the stream on.
            return statement.getParentNode().orElse(null) instanceof LambdaExpr ? Fate.SAFE : Fate.NEVER_RELEASED;
        }
        return Fate.SAFE;
    }

    private static Fate tracked(Expression creation, String name, Set<String> release) {
        Node body = Ast.enclosingBody(creation);
        if (body == null) {
            return Fate.SAFE;
        }
        Position created = creation.getEnd().orElseThrow();
        List<MethodCallExpr> releases = new ArrayList<>();
        for (NameExpr use : body.findAll(NameExpr.class, n -> n.getNameAsString().equals(name))) {
            if (use.getBegin().map(p -> p.isBefore(created)).orElse(true)) {
                continue;
            }
            if (Ast.enclosingBody(use) != body) {
                return Fate.SAFE; // captured by a lambda or an anonymous class: released there or later
            }
            Node parent = use.getParentNode().orElse(null);
            while (parent instanceof EnclosedExpr || parent instanceof CastExpr) {
                parent = parent.getParentNode().orElse(null);
            }
            if (parent instanceof MethodCallExpr call) {
                if (call.getScope().map(scope -> scope == use || scope instanceof EnclosedExpr || scope instanceof CastExpr)
                        .orElse(false) && call.getArguments().stream().noneMatch(a -> a == use)) {
                    if (release.contains(call.getNameAsString())) {
                        releases.add(call);
                    }
                    continue;
                }
                if (call.getNameAsString().startsWith("close") || call.getNameAsString().startsWith("shutdown")) {
                    releases.add(call); // IOUtils.closeQuietly(in), Closeables.close(in, true), shutdownAndAwait(pool)
                    continue;
                }
                return Fate.SAFE; // handed to another method
            }
            if (parent instanceof ObjectCreationExpr || parent instanceof ReturnStmt || parent instanceof VariableDeclarator
                    || parent instanceof MethodReferenceExpr || parent instanceof TryStmt
                    || parent instanceof AssignExpr assign && assign.getValue() == use
                    || parent instanceof com.github.javaparser.ast.expr.ConditionalExpr
                    || parent instanceof com.github.javaparser.ast.expr.ArrayInitializerExpr
                    || parent instanceof com.github.javaparser.ast.stmt.YieldStmt
                    || parent instanceof com.github.javaparser.ast.expr.SwitchExpr
                    || parent instanceof com.github.javaparser.ast.expr.ArrayAccessExpr) {
                return Fate.SAFE;
            }
            if (parent instanceof VariableDeclarationExpr || parent instanceof ExpressionStmt && parent.getParentNode()
                    .map(p -> p instanceof TryStmt).orElse(false)) {
                return Fate.SAFE;
            }
        }
        if (releases.isEmpty()) {
            return Fate.NEVER_RELEASED;
        }
        for (MethodCallExpr call : releases) {
            if (inFinally(call) || inCatchThatRethrows(call)) {
                return Fate.SAFE;
            }
        }
        Position firstRelease = releases.stream().map(c -> c.getBegin().orElseThrow()).min(Position::compareTo).orElseThrow();
        for (Node node : body.findAll(Node.class, n -> n instanceof MethodCallExpr || n instanceof ObjectCreationExpr
                || n instanceof ThrowStmt || n instanceof ReturnStmt)) {
            Position at = node.getBegin().orElse(null);
            if (at == null || !created.isBefore(at) || !at.isBefore(firstRelease) || Ast.enclosingBody(node) != body) {
                continue;
            }
            if (node instanceof MethodCallExpr call && releases.contains(call)) {
                continue;
            }
            return Fate.NOT_ON_EVERY_PATH;
        }
        return Fate.SAFE;
    }

    /** True when {@code node} is inside the finally block of a try statement. */
    static boolean inFinally(Node node) {
        Node child = node;
        for (Node parent = node.getParentNode().orElse(null); parent != null; parent = parent.getParentNode().orElse(null)) {
            Node inner = child;
            if (parent instanceof TryStmt tryStmt && tryStmt.getFinallyBlock().map(f -> f == inner).orElse(false)) {
                return true;
            }
            if (parent instanceof LambdaExpr) {
                return false;
            }
            child = parent;
        }
        return false;
    }

    /** The {@code catch (E e) { x.close(); throw e; }} idiom, paired with a close after the try. */
    private static boolean inCatchThatRethrows(Node node) {
        for (Node parent = node.getParentNode().orElse(null); parent != null; parent = parent.getParentNode().orElse(null)) {
            if (parent instanceof com.github.javaparser.ast.stmt.CatchClause clause) {
                return clause.getBody().findFirst(ThrowStmt.class).isPresent();
            }
            if (parent instanceof LambdaExpr || parent instanceof TryStmt) {
                return false;
            }
        }
        return false;
    }
}
