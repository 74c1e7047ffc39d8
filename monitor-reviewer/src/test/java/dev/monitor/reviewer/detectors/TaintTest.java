package dev.monitor.reviewer.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.MethodCallExpr;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The taint analysis itself: which arguments of {@code sink(...)} calls carry request data. */
class TaintTest {
    private static List<Boolean> sinks(String body) {
        CompilationUnit unit = StaticJavaParser.parse("""
                import javax.servlet.http.HttpServletRequest;
                class T {
                    void m(HttpServletRequest request, @RequestParam String param, @RequestParam int page, String plain) {
                """ + body + """
                    }
                }
                """);
        return unit.findAll(MethodCallExpr.class, c -> c.getNameAsString().equals("sink"))
                .stream().map(c -> Taint.around(c).tainted(c.getArgument(0))).toList();
    }

    @Test
    void requestDataFlowsThroughVariablesConcatenationAndStringMethods() {
        assertEquals(List.of(true, true, true, true, false, false, true), sinks("""
                String a = request.getParameter("a");
                sink(a);
                String b = "x" + a.trim();
                sink(b);
                sink(param);
                sink(String.format("%s", b));
                sink(page);
                sink(plain);
                sink(request.getHeader("h").toLowerCase());
                """));
    }

    @Test
    void parsingReassignmentAndValidationCleanIt() {
        assertEquals(List.of(false, false, true, false, false), sinks("""
                String a = request.getParameter("a");
                int n = Integer.parseInt(a);
                sink(n);
                a = "constant";
                sink(a);
                String c = request.getParameter("c");
                sink(c);
                if (!c.matches("[a-z]+")) {
                    throw new IllegalArgumentException(c);
                }
                sink(c);
                sink(c.length());
                """));
    }

    @Property
    void taintSurvivesAnyChainOfCopies(@ForAll @IntRange(min = 1, max = 30) int copies, @ForAll boolean cleanAtEnd) {
        StringBuilder body = new StringBuilder("String v0 = request.getParameter(\"q\");\n");
        for (int i = 1; i <= copies; i++) {
            body.append("String v").append(i).append(" = v").append(i - 1).append(i % 2 == 0 ? " + \"-\";\n" : ".strip();\n");
        }
        if (cleanAtEnd) {
            body.append("v").append(copies).append(" = String.valueOf(v").append(copies).append(".length());\n");
        }
        body.append("sink(v").append(copies).append(");\n");
        assertEquals(List.of(!cleanAtEnd), sinks(body.toString()));
    }
}
