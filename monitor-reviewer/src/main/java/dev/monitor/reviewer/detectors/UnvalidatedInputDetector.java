package dev.monitor.reviewer.detectors;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.monitor.reviewer.Category;
import dev.monitor.reviewer.Finding;
import dev.monitor.reviewer.Rule;
import dev.monitor.reviewer.Severity;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code java/unvalidated-input}: request data used without a check where its content decides what happens:
 * a redirect target (open redirect), a response header (header splitting), the response body (cross-site
 * scripting), a class name (unsafe reflection), a URL the server fetches (server-side request forgery), or the
 * SQL text itself.
 */
final class UnvalidatedInputDetector extends TaintDetector {
    static final Rule RULE = new Rule("java/unvalidated-input", "Request data used without validation", Severity.HIGH,
            Category.INPUT_VALIDATION, "Data from the HTTP request is used unchecked where its content matters: as a "
            + "redirect target, a header, HTML in the response, a class name, a URL to fetch, or SQL.", 20);
    private static final Set<String> WRITES = Set.of("write", "print", "println", "append", "printf", "format");

    UnvalidatedInputDetector() {
        super(RULE);
    }

    @Override
    void call(TaintSinks sinks, Consumer<Finding> findings, MethodCallExpr call) {
        String name = call.getNameAsString();
        String kind = null;
        if (name.equals("sendRedirect")) {
            kind = "redirect";
        } else if ((name.equals("setHeader") || name.equals("addHeader")) && call.getArguments().size() == 2) {
            kind = "header";
        } else if (WRITES.contains(name) && writesResponse(call)) {
            kind = "html";
        } else if (Ast.isStaticCall(call, "Class", "forName") || name.equals("loadClass")) {
            kind = "class";
        } else if (Ast.isStaticCall(call, "URI", "create") || name.equals("uri")
                && call.getScope().map(s -> s.toString().contains("HttpRequest")).orElse(false)) {
            kind = "url";
        } else if ((name.equals("execute") || name.equals("executeQuery") || name.equals("executeUpdate")
                || name.equals("prepareStatement")) && call.getScope().map(s -> {
                    String type = Ast.typeOf(s);
                    return type != null && (type.endsWith("Statement") || type.equals("Connection"));
                }).orElse(false)) {
            kind = "sql";
        }
        if (kind != null) {
            Expression tainted = sinks.taintedArgument(call);
            if (tainted != null && !(kind.equals("sql") && SqlInjectionDetector.built(Ast.unwrap(call.getArgument(0))))) {
                report(sinks, findings, call, kind, tainted);
            }
        }
    }

    @Override
    void creation(TaintSinks sinks, Consumer<Finding> findings, ObjectCreationExpr creation) {
        if (creation.getType().getNameAsString().equals("URL")) {
            Expression tainted = sinks.taintedArgument(creation);
            if (tainted != null) {
                report(sinks, findings, creation, "url", tainted);
            }
        }
    }

    /** {@code response.getWriter().write(...)}, {@code exchange.getResponseBody().write(...)}, or a writer held from them. */
    private static boolean writesResponse(MethodCallExpr call) {
        return call.getScope().map(s -> {
            String text = Ast.unwrap(s).toString();
            if (text.endsWith("getWriter()") || text.endsWith("getResponseBody()") || text.endsWith("getOutputStream()")) {
                return true;
            }
            String name = Ast.nameOf(s);
            if (name == null) {
                return false;
            }
            var local = Ast.localDeclaration(call, name);
            return local != null && local.getInitializer().map(i -> {
                String init = i.toString();
                return init.endsWith("getWriter()") || init.endsWith("getResponseBody()");
            }).orElse(false);
        }).orElse(false);
    }

    private static void report(TaintSinks sinks, Consumer<Finding> findings, com.github.javaparser.ast.Node at, String kind,
                               Expression tainted) {
        String what = switch (kind) {
            case "redirect" -> "is the redirect target: a link to this endpoint can send users to any site (open redirect, CWE-601)";
            case "header" -> "goes into a response header: line breaks in it add headers or split the response (CWE-113)";
            case "html" -> "is written into the response unescaped: script in it runs in the user's browser (XSS, CWE-79)";
            case "class" -> "names the class to load: the requester picks what code is instantiated (CWE-470)";
            case "url" -> "is the URL the server fetches: the requester reaches internal hosts through it (SSRF, CWE-918)";
            default -> "is executed as SQL (CWE-89)";
        };
        String fix = switch (kind) {
            case "redirect" -> "Redirect only to relative paths or to hosts on an allow-list; map an id to a known URL.";
            case "header" -> "Reject values with CR or LF, or encode the value; better, choose the header value from a fixed set.";
            case "html" -> "HTML-escape it for its context (OWASP Encoder's Encode.forHtml) or render through a template that escapes.";
            case "class" -> "Map the request value to one of a fixed set of classes instead of loading a name.";
            case "url" -> "Allow only known hosts and schemes (an allow-list), and resolve and refuse private addresses.";
            default -> "Never execute request text as SQL; use constant SQL with bound parameters.";
        };
        sinks.report(findings, RULE, at, "'" + tainted + "' comes from the request and " + what + ".", fix);
    }
}
