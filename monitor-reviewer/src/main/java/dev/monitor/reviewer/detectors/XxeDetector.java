package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import dev.monitor.reviewer.SourceFile;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code java/xxe}: an XML parser factory created without secure processing or with DTDs allowed. A document with
 * a DOCTYPE can then read local files ({@code <!ENTITY x SYSTEM "file:///etc/passwd">}), call internal URLs, or
 * expand entities until memory runs out.
 */
final class XxeDetector extends RuleDetector {
    static final Rule RULE = new Rule("java/xxe", "XML parser open to external entities", Severity.HIGH, Category.SECURITY,
            "An XML parser factory is used without disallowing DOCTYPE declarations, external entities or enabling "
            + "secure processing: a crafted document reads local files, reaches internal URLs or exhausts memory (XXE).", 611);
    private static final Map<String, String> FACTORIES = Map.of("DocumentBuilderFactory", "newInstance|newDefaultInstance|newNSInstance|newDefaultNSInstance",
            "SAXParserFactory", "newInstance|newDefaultInstance|newNSInstance|newDefaultNSInstance",
            "XMLInputFactory", "newInstance|newFactory|newDefaultFactory",
            "TransformerFactory", "newInstance|newDefaultInstance",
            "SchemaFactory", "newInstance|newDefaultInstance",
            "XMLReaderFactory", "createXMLReader");
    /** Any of these in the class means its parsers are configured on purpose. */
    private static final String[] HARDENING = {"FEATURE_SECURE_PROCESSING", "disallow-doctype-decl", "external-general-entities",
            "ACCESS_EXTERNAL_DTD", "ACCESS_EXTERNAL_SCHEMA", "SUPPORT_DTD", "IS_SUPPORTING_EXTERNAL_ENTITIES",
            "javax.xml.stream.supportDTD", "setExpandEntityReferences(false)", "load-external-dtd",
            "http://javax.xml.XMLConstants/feature/secure-processing"};

    XxeDetector() {
        super(RULE);
    }

    @Override
    public void inspect(SourceFile file, Consumer<Finding> findings) {
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class)) {
            String factory = FACTORIES.entrySet().stream().filter(f -> call.getNameAsString().matches(f.getValue())
                    && Ast.isStaticCall(call, f.getKey(), call.getNameAsString())).map(Map.Entry::getKey).findFirst().orElse(null);
            if (factory != null && !hardened(call)) {
                report(file, findings, call, factory);
            }
        }
        for (ObjectCreationExpr creation : file.unit().findAll(ObjectCreationExpr.class,
                c -> c.getType().getNameAsString().equals("SAXReader") || c.getType().getNameAsString().equals("SAXBuilder"))) {
            if (!hardened(creation)) {
                report(file, findings, creation, creation.getType().getNameAsString());
            }
        }
    }

    private static void report(SourceFile file, Consumer<Finding> findings, Node at, String factory) {
        findings.accept(file.finding(RULE, at, "This " + factory + " parses DOCTYPEs and external entities: an "
                        + "XML document from outside can read local files or internal URLs through them (XXE).",
                "Disallow DOCTYPEs before parsing: factory.setFeature(\"http://apache.org/xml/features/disallow-doctype-decl\", "
                        + "true), or set XMLConstants.FEATURE_SECURE_PROCESSING and empty ACCESS_EXTERNAL_DTD/SCHEMA "
                        + "(XMLInputFactory: SUPPORT_DTD false)."));
    }

    private static boolean hardened(Node at) {
        Node scope = at;
        for (Node node = at; node != null; node = node.getParentNode().orElse(null)) {
            if (node instanceof TypeDeclaration<?>) {
                scope = node;
            }
        }
        String text = scope.toString();
        for (String hardening : HARDENING) {
            if (text.contains(hardening)) {
                return true;
            }
        }
        return false;
    }
}
