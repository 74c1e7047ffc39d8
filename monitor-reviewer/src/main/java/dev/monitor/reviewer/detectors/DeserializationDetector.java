package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import dev.monitor.reviewer.SourceFile;
import java.util.function.Consumer;

/**
 * {@code java/insecure-deserialization}: {@code ObjectInputStream.readObject} (or {@code XMLDecoder}) without an
 * {@code ObjectInputFilter}. Deserialization instantiates whatever classes the bytes name; with the usual
 * libraries on the classpath a crafted stream runs code (gadget chains).
 */
final class DeserializationDetector extends RuleDetector {
    static final Rule RULE = new Rule("java/insecure-deserialization", "Deserialization without a class filter",
            Severity.HIGH, Category.SECURITY, "Objects are read with ObjectInputStream or XMLDecoder without an "
            + "ObjectInputFilter: bytes from outside choose which classes are instantiated, enough to run code through "
            + "gadget chains.", 502);

    DeserializationDetector() {
        super(RULE);
    }

    @Override
    public void inspect(SourceFile file, Consumer<Finding> findings) {
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class, c -> c.getNameAsString().equals("readObject")
                || c.getNameAsString().equals("readUnshared"))) {
            if (call.getScope().isEmpty() || !call.getArguments().isEmpty()) {
                continue;
            }
            Expression scope = Ast.unwrap(call.getScope().get());
            String type = scope instanceof ObjectCreationExpr creation && creation.getAnonymousClassBody().isEmpty()
                    ? creation.getType().getNameAsString() : Ast.typeOf(scope);
            if (!"ObjectInputStream".equals(type) && !"XMLDecoder".equals(type)) {
                continue;
            }
            Node body = Ast.enclosingBody(call);
            String text = body == null ? "" : body.toString();
            if (text.contains("setObjectInputFilter") || anonymousSubclass(call, scope) || serializationHook(call)
                    || !openedHere(call, scope)) {
                continue;
            }
            findings.accept(file.finding(RULE, call, type + "." + call.getNameAsString() + "() instantiates whatever "
                    + "classes the bytes name: from an untrusted source that runs code through gadget chains.",
                    "Set an ObjectInputFilter allowing only the expected classes (ois.setObjectInputFilter("
                    + "ObjectInputFilter.Config.createFilter(\"com.example.Dto;!*\"))), or read a data format such as JSON."));
        }
    }

    /**
     * A class's own {@code readObject(ObjectInputStream)} or {@code readExternal(ObjectInput)} hook reads its fields
     * from a stream someone else opened: the filter belongs where that stream is created.
     */
    private static boolean serializationHook(MethodCallExpr call) {
        return Ast.enclosingCallable(call).map(m -> (m.getNameAsString().equals("readObject")
                || m.getNameAsString().equals("readExternal") || m.getNameAsString().equals("readObjectNoData"))
                && m.getParameters().size() == 1).orElse(false);
    }

    /**
     * True when the stream is created in this method: one received as a parameter was opened (and should have been
     * filtered) by the caller, which is where the finding belongs.
     */
    private static boolean openedHere(MethodCallExpr call, Expression scope) {
        if (scope instanceof ObjectCreationExpr) {
            return true;
        }
        String name = Ast.nameOf(scope);
        var local = name == null ? null : Ast.localDeclaration(call, name);
        return local != null && local.getInitializer().map(Ast::unwrap).map(i -> i instanceof ObjectCreationExpr).orElse(false);
    }

    /** An ObjectInputStream subclass overriding resolveClass checks the classes itself. */
    private static boolean anonymousSubclass(MethodCallExpr call, Expression scope) {
        String name = Ast.nameOf(scope);
        if (name == null) {
            return false;
        }
        var local = Ast.localDeclaration(call, name);
        return local != null && local.getInitializer().map(Ast::unwrap).filter(ObjectCreationExpr.class::isInstance)
                .map(init -> ((ObjectCreationExpr) init).getAnonymousClassBody().isPresent()).orElse(false);
    }
}
