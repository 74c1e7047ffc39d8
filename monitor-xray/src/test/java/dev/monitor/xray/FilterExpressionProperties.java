package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.syntax.ParseException;
import java.util.List;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Filter expressions checked against the same question asked directly of the trace. */
class FilterExpressionProperties {

    /** What a generated trace is: an entry segment of {@code service} calling {@code payments}. */
    record Shape(String service, double responseTime, int status, boolean downstreamFault, String user, int amount) {
        Trace trace() {
            ObjectNode root = TraceIndex.JSON.createObjectNode().put("name", service).put("id", "a000000000000001")
                    .put("trace_id", "1-6b000000-000000000000000000000001").put("start_time", 1_795_341_600.0)
                    .put("end_time", 1_795_341_600.0 + responseTime);
            root.putObject("http").putObject("response").put("status", status);
            if (status >= 500) {
                root.put("fault", true);
            } else if (status >= 400) {
                root.put("error", true).put("throttle", status == 429);
            }
            if (user != null) {
                root.put("user", user);
            }
            ObjectNode call = root.putArray("subsegments").addObject().put("name", "payments").put("id", "a000000000000002")
                    .put("namespace", "remote").put("start_time", 1_795_341_600.0).put("end_time", 1_795_341_600.0 + responseTime / 2);
            call.putObject("annotations").put("amount", amount);
            ObjectNode payments = TraceIndex.JSON.createObjectNode().put("name", "payments").put("id", "a000000000000003")
                    .put("trace_id", "1-6b000000-000000000000000000000001").put("parent_id", "a000000000000002")
                    .put("start_time", 1_795_341_600.0).put("end_time", 1_795_341_600.0 + responseTime / 2);
            if (downstreamFault) {
                payments.put("fault", true);
            }
            Trace trace = new Trace("1-6b000000-000000000000000000000001");
            trace.add(root);
            trace.add(payments);
            return trace;
        }
    }

    @Provide
    Arbitrary<Shape> shapes() {
        return Combinators.combine(Arbitraries.of("gateway", "orders"), Arbitraries.doubles().between(0, 10).ofScale(3),
                        Arbitraries.of(200, 201, 404, 429, 500, 503), Arbitraries.of(true, false),
                        // The amount's edges (0, 100) decide nothing here; without them the edge cases of a
                        // shape and a limit stay under the tries, and jqwik has nothing to warn about.
                        Arbitraries.of("ann", "bob").injectNull(0.3), Arbitraries.integers().between(0, 100).withoutEdgeCases())
                .as(Shape::new);
    }

    private static boolean matches(String expression, Shape shape) {
        return FilterExpression.parse(expression).test(shape.trace());
    }

    @Property
    void comparisonsAnswerAsTheTraceDoes(@ForAll("shapes") Shape shape, @ForAll @DoubleRange(min = 0, max = 10) double limit) {
        String x = String.format(java.util.Locale.ROOT, "%.3f", limit);
        double l = Double.parseDouble(x);
        assertEquals(shape.responseTime() > l, matches("responsetime > " + x, shape));
        assertEquals(shape.responseTime() <= l, matches("responsetime <= " + x, shape));
        assertEquals(shape.status() == 500, matches("http.status = 500", shape));
        // https://docs.aws.amazon.com/xray/latest/devguide/xray-console-filters.html: simple keywords describe the
        // trace (the root segment, as TraceSummary's HasFault); a fault downstream is found with service() { fault }.
        assertEquals(shape.status() >= 500, matches("fault", shape), "the root segment's fault");
        assertEquals(shape.status() >= 500 || shape.downstreamFault(), matches("service() { fault }", shape), "any service's fault");
        assertEquals(shape.downstreamFault(), matches("service(\"payments\") { fault }", shape));
        assertEquals(shape.status() < 400, matches("ok", shape));
        assertEquals(shape.status() >= 400, matches("ok = false", shape));
        assertEquals(shape.status() >= 400, matches("!ok", shape));
        assertEquals(shape.status() == 429, matches("throttle", shape));
        assertEquals(shape.status() >= 400 && shape.status() < 500, matches("error", shape));
        assertEquals("ann".equals(shape.user()), matches("user = \"ann\"", shape));
        assertEquals(shape.amount() >= 50, matches("annotation.amount >= 50", shape));
        assertEquals(shape.service().equals("orders"), matches("service(\"orders\")", shape));
        assertTrue(matches("service(\"payments\")", shape), "the called service is in every trace");
    }

    @Property
    void booleanOperatorsCombineAsLogicDoes(@ForAll("shapes") Shape shape) {
        List<String> atoms = List.of("fault", "error", "responsetime > 5", "user = \"ann\"", "annotation.amount < 30");
        for (String a : atoms) {
            for (String b : atoms) {
                boolean ma = matches(a, shape);
                boolean mb = matches(b, shape);
                assertEquals(ma && mb, matches(a + " AND " + b, shape));
                assertEquals(ma || mb, matches(a + " || " + b, shape));
                assertEquals(!ma, matches("NOT " + a, shape));
                assertEquals(!(ma && mb), matches("!(" + a + " && " + b + ")", shape));
                // AND binds tighter than OR, as in X-Ray.
                assertEquals(ma || ma && mb, matches(a + " OR " + a + " AND " + b, shape));
            }
        }
    }

    @Property
    void anyTextParsesOrFailsWithAPosition(@ForAll @StringLength(max = 60) String text) {
        try {
            Predicate<Trace> filter = FilterExpression.parse(text);
            filter.test(new Shape("orders", 1, 200, false, null, 1).trace());
        } catch (ParseException e) {
            assertTrue(e.column() >= 1 && e.column() <= text.length() + 1 && e.offset() <= text.length(), e.getMessage());
        }
    }

    @Test
    void errorsPointAtTheProblem() {
        assertEquals("X-Ray filter expression 'responsetime > ', line 1, column 16: expected a number after > but found the end "
                + "of the expression",
                assertThrows(ParseException.class, () -> FilterExpression.parse("responsetime > ")).getMessage());
        assertTrue(assertThrows(ParseException.class, () -> FilterExpression.parse("error AND bogus"))
                .getMessage().contains("column 11: unknown keyword 'bogus'; expected a keyword such as service(\"name\"), error or "
                        + "responsetime but found 'bogus'"));
        assertTrue(assertThrows(ParseException.class, () -> FilterExpression.parse("service(orders)"))
                .getMessage().endsWith("column 9: expected a service name in double quotes or id(name: \"...\", type: \"...\") but "
                        + "found 'orders'"));
        assertTrue(assertThrows(ParseException.class, () -> FilterExpression.parse("(fault OR error"))
                .getMessage().endsWith("column 16: expected ')' but found the end of the expression"));
        assertTrue(assertThrows(ParseException.class, () -> FilterExpression.parse("user = \"ann"))
                .getMessage().endsWith("column 8: this text in double quotes is never closed; expected a closing '\"' but found '\"'"));
        assertTrue(FilterExpression.parse("  ").test(new Shape("orders", 1, 200, false, null, 1).trace()), "empty matches all");
    }
}
