package dev.monitor.core.dashboard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.core.dashboard.AlarmWidget;
import dev.monitor.core.dashboard.Annotations;
import dev.monitor.core.dashboard.DashboardBody;
import dev.monitor.core.dashboard.DashboardInvalidInputException;
import dev.monitor.core.dashboard.DashboardValidationMessage;
import dev.monitor.core.dashboard.LogWidget;
import dev.monitor.core.dashboard.MetricRow;
import dev.monitor.core.dashboard.MetricWidget;
import dev.monitor.core.dashboard.Placement;
import dev.monitor.core.dashboard.RenderOptions;
import dev.monitor.core.dashboard.Side;
import dev.monitor.core.dashboard.TextWidget;
import dev.monitor.core.dashboard.Widget;
import dev.monitor.core.dashboard.YAxis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The dashboard-body parser over generated bodies: a body written from values reads back to the same values;
 * the {@code "."} shorthand reads as the rows written out in full; a body broken anywhere is refused with
 * {@link DashboardInvalidInputException} and never anything else; a wrong metric field is reported at its path.
 */
class DashboardBodyProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Object> ODD_VALUES = List.of("null", "1", "-5", "1.5", "\"x\"", "\".\"", "\"...\"", "true", "[]", "{}",
            "[\"a\"]", "{\"a\":1}", "1e400", "\"2018-08-28T15:25:26Z\"", "[[\"A\",\"B\"]]", "-1e9", "\"SOURCE 'g' |\"");

    @Property(tries = 200)
    void aWrittenBodyReadsBackToTheSameValues(@ForAll("bodies") DashboardBody body) {
        DashboardBody read = DashboardBodyParser.parse(DashboardBodyWriter.write(body));
        assertEquals(body.widgets(), read.widgets());
        assertEquals(body.start(), read.start());
        assertEquals(body.periodOverride(), read.periodOverride());
    }

    @Property(tries = 200)
    void theDotShorthandReadsAsTheRowsWrittenInFull(@ForAll("metricLists") List<MetricRow.Metric> rows, @ForAll long seed) {
        Random random = new Random(seed);
        ArrayNode metrics = JSON.createArrayNode();
        List<String> previous = null;
        for (MetricRow.Metric row : rows) {
            List<String> items = new ArrayList<>(List.of(row.namespace(), row.metricName()));
            row.dimensions().forEach(d -> {
                items.add(d.name());
                items.add(d.value());
            });
            ArrayNode written = metrics.addArray();
            for (int i = 0; i < items.size(); i++) {
                boolean repeat = previous != null && i < previous.size() && previous.get(i).equals(items.get(i)) && random.nextBoolean();
                written.add(repeat ? "." : items.get(i));
            }
            previous = items;
        }
        ObjectNode root = JSON.createObjectNode();
        root.putArray("widgets").addObject().put("type", "metric").putObject("properties").set("metrics", metrics);
        MetricWidget widget = (MetricWidget) DashboardBodyParser.parse(root.toString()).widgets().get(0);
        assertEquals(rows, widget.metrics());
    }

    @Property(tries = 250)
    void aBodyBrokenAnywhereIsRefusedOnlyWithTheValidationException(@ForAll("bodies") DashboardBody body, @ForAll long seed)
            throws Exception {
        Random random = new Random(seed);
        JsonNode tree = JSON.readTree(DashboardBodyWriter.write(body));
        List<ContainerNode<?>> parents = new ArrayList<>();
        collect(tree, parents);
        ContainerNode<?> parent = parents.get(random.nextInt(parents.size()));
        JsonNode odd = JSON.readTree(String.valueOf(ODD_VALUES.get(random.nextInt(ODD_VALUES.size()))));
        if (parent instanceof ObjectNode object && object.size() > 0) {
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            String key = keys.get(random.nextInt(keys.size()));
            if (random.nextInt(4) == 0) {
                object.remove(key);
            } else {
                object.set(key, odd);
            }
        } else if (parent instanceof ArrayNode array && array.size() > 0) {
            array.set(random.nextInt(array.size()), odd);
        }
        parsesOrIsRefused(tree.toString());
    }

    @Property(tries = 250)
    void anyTextIsParsedOrRefusedWithTheValidationException(@ForAll("almostJson") String text) {
        parsesOrIsRefused(text);
    }

    private static void parsesOrIsRefused(String text) {
        try {
            DashboardBodyParser.parse(text);
        } catch (DashboardInvalidInputException expected) {
            // the one refusal
        }
    }

    @Property(tries = 200)
    void aMetricFieldThatIsNoStringIsReportedAtItsPath(@ForAll("metricLists") List<MetricRow.Metric> rows, @ForAll long seed) {
        Random random = new Random(seed);
        DashboardBody body = DashboardBody.of(List.of(MetricWidget.of(new Placement(0, 0, 6, 6), "t", new ArrayList<>(rows))));
        ObjectNode tree = (ObjectNode) JSON.valueToTree(readTree(DashboardBodyWriter.write(body)));
        int row = random.nextInt(rows.size());
        ArrayNode items = (ArrayNode) tree.get("widgets").get(0).get("properties").get("metrics").get(row);
        int field = 1 + random.nextInt(items.size() - 1);
        items.set(field, JSON.getNodeFactory().numberNode(7));
        List<DashboardValidationMessage> messages = org.junit.jupiter.api.Assertions.assertThrows(DashboardInvalidInputException.class,
                () -> DashboardBodyParser.parse(tree.toString())).validationMessages();
        assertEquals(List.of(new DashboardValidationMessage("/widgets/0/properties/metrics/" + row + "/" + field,
                "Invalid metric field type, only 'String' type is allowed")), messages);
    }

    /** A broken widget field, the value that breaks it, and PutDashboard's message for it. */
    private record Breakage(String field, String value, String message) {
    }

    private static final List<Breakage> BREAKAGES = List.of(
            new Breakage("width", "25", "Should be <= 24"),
            new Breakage("height", "0", "Should be >= 1"),
            new Breakage("height", "1001", "Should be <= 1000"),
            new Breakage("x", "-1", "Should be >= 0"),
            new Breakage("x", "24", "Should be <= 23"),
            new Breakage("y", "2.5", "Should be integer"),
            new Breakage("type", "5", "Should be string"),
            new Breakage("properties", "[]", "Should be object"));

    @Property(tries = 200)
    void eachBrokenWidgetFieldIsReportedOnceAtItsPath(@ForAll("bodies") DashboardBody body, @ForAll long seed) throws Exception {
        if (body.widgets().isEmpty()) {
            return;
        }
        Random random = new Random(seed);
        JsonNode tree = JSON.readTree(DashboardBodyWriter.write(body));
        int widget = random.nextInt(body.widgets().size());
        Breakage breakage = BREAKAGES.get(random.nextInt(BREAKAGES.size()));
        ((ObjectNode) tree.get("widgets").get(widget)).set(breakage.field(), JSON.readTree(breakage.value()));
        List<DashboardValidationMessage> messages = org.junit.jupiter.api.Assertions.assertThrows(DashboardInvalidInputException.class,
                () -> DashboardBodyParser.parse(tree.toString())).validationMessages();
        String path = "/widgets/" + widget + "/" + breakage.field();
        assertEquals(List.of(new DashboardValidationMessage(path, breakage.message())), messages);
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void collect(JsonNode node, List<ContainerNode<?>> into) {
        if (node instanceof ContainerNode<?> container) {
            into.add(container);
            node.forEach(child -> collect(child, into));
        }
    }

    // --- generators ---

    @Provide
    Arbitrary<String> almostJson() {
        Arbitrary<String> pieces = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"widgets\"", "\"type\"", "\"metric\"", "\"properties\"",
                "\"metrics\"", "\".\"", "\"...\"", "1", "-1", "1e999", "null", "true", "\"x\"", " ", "\"", "\\", "\"markdown\"", "\"text\"");
        return Arbitraries.oneOf(pieces.list().ofMaxSize(40).map(list -> String.join("", list)), Arbitraries.strings().ofMaxLength(60));
    }

    /** Text without the shorthands "." and "...", which a body cannot hold as a literal item. */
    private static Arbitrary<String> names() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(12).filter(s -> !s.equals(".") && !s.equals("..."));
    }

    @Provide
    Arbitrary<List<MetricRow.Metric>> metricLists() {
        Arbitrary<String> few = Arbitraries.of("AWS/EC2", "Shop", "CPU", "InstanceId", "i-1", "i-2", "Route");
        Arbitrary<String> name = Arbitraries.oneOf(few, few, names());
        Arbitrary<Dimension> dimension = Combinators.combine(name, name).as(Dimension::new);
        return Combinators.combine(name, name, dimension.list().ofMaxSize(3))
                .as((ns, metric, dims) -> new MetricRow.Metric(ns, metric, dims)).list().ofMinSize(1).ofMaxSize(6);
    }

    private static Arbitrary<Placement> placements() {
        return Combinators.combine(Arbitraries.integers().between(0, 23), Arbitraries.integers().between(0, 5000),
                Arbitraries.integers().between(1, 24), Arbitraries.integers().between(1, 1000)).as(Placement::new);
    }

    private static Arbitrary<String> maybe(Arbitrary<String> values) {
        return Arbitraries.oneOf(Arbitraries.just(null), values);
    }

    private static Arbitrary<RenderOptions> options(int index) {
        return Combinators.combine(maybe(Arbitraries.just("m" + index)), maybe(names()), maybe(Arbitraries.of("#1f77b4", "#aaa")),
                maybe(Arbitraries.of("Sum", "Average", "p99", "p99.9", "Maximum", "SampleCount", "tm90")),
                Arbitraries.of(null, 1, 60, 300, 3600), Arbitraries.of(true, false), Arbitraries.of(Side.LEFT, Side.RIGHT))
                .as(RenderOptions::new);
    }

    private static Arbitrary<MetricRow> row(int index) {
        Arbitrary<MetricRow> metric = Combinators.combine(names(), names(),
                Combinators.combine(names(), names()).as(Dimension::new).list().ofMaxSize(3), options(index)).as(MetricRow.Metric::new);
        Arbitrary<MetricRow> expression = Combinators.combine(Arbitraries.of("m0 + m1", "SUM(METRICS())", "RATE(m0)", "m0 * 100"),
                options(index)).as(MetricRow.Expression::new);
        return Arbitraries.oneOf(metric, metric, expression);
    }

    private static Arbitrary<List<MetricRow>> rows() {
        return Arbitraries.integers().between(0, 5).flatMap(n -> {
            List<Arbitrary<MetricRow>> each = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                each.add(row(i));
            }
            return Combinators.combine(each).as(list -> list);
        });
    }

    private static Arbitrary<YAxis> yAxes() {
        Arbitrary<Double> bound = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.doubles().between(-1e6, 1e6));
        Arbitrary<YAxis.Axis> axis = Combinators.combine(bound, bound, maybe(names()), Arbitraries.of(true, false)).as(YAxis.Axis::new);
        return Combinators.combine(axis, axis).as(YAxis::new);
    }

    private static Arbitrary<Annotations> annotations() {
        Arbitrary<Annotations.Horizontal> horizontal = Combinators.combine(Arbitraries.doubles().between(-1e6, 1e6), maybe(names()),
                maybe(Arbitraries.just("#9467bd")), maybe(Arbitraries.of("above", "below", "none")), Arbitraries.of(Side.LEFT, Side.RIGHT),
                Arbitraries.of(true, false), Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.doubles().between(-10, 10)), maybe(names()))
                .as((v, l, c, f, y, vis, band, bandLabel) -> new Annotations.Horizontal(v, l, c, f, y, vis, band, band == null ? null : bandLabel));
        Arbitrary<Instant> time = Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond);
        Arbitrary<Annotations.Vertical> vertical = Combinators.combine(time, maybe(names()), maybe(Arbitraries.of("before", "after")),
                Arbitraries.of(true, false), Arbitraries.oneOf(Arbitraries.just(null), time))
                .as((v, l, f, vis, band) -> new Annotations.Vertical(v, l, null, f, vis, band, null));
        return Combinators.combine(horizontal.list().ofMaxSize(3), vertical.list().ofMaxSize(2))
                .as((h, v) -> new Annotations(h, v, List.of()));
    }

    private static Arbitrary<Widget> metricWidgets() {
        Arbitrary<MetricWidget.View> views = Arbitraries.of(MetricWidget.View.TIME_SERIES, MetricWidget.View.BAR, MetricWidget.View.PIE,
                MetricWidget.View.SINGLE_VALUE, MetricWidget.View.TABLE);
        return Combinators.combine(placements(), rows(), maybe(names()), views, Arbitraries.of(true, false),
                Arbitraries.of("Average", "Sum", "p50"), Arbitraries.of(60, 300, 10), yAxes())
                .flatAs((p, rows, title, view, stacked, stat, period, yAxis) -> Combinators.combine(annotations(), Arbitraries.of(true, false),
                        maybe(Arbitraries.of("-PT3H", "2026-01-01T00:00:00Z")), maybe(Arbitraries.of("right", "hidden")),
                        Arbitraries.of(null, true, false), maybe(Arbitraries.of("+0130", "-0500")))
                        .as((annotations, live, start, legend, sparkline, tz) -> new MetricWidget(p, rows, title, view, stacked, stat, period,
                                yAxis, annotations, live, !live, start, null, legend, sparkline, tz)));
    }

    private static Arbitrary<Widget> otherWidgets() {
        Arbitrary<Widget> text = Combinators.combine(placements(), Arbitraries.strings(), Arbitraries.of(true, false)).as(TextWidget::new);
        Arbitrary<String> group = Arbitraries.strings().alpha().numeric().withChars('/', '-', '_').ofMinLength(1).ofMaxLength(20);
        Arbitrary<Widget> log = Combinators.combine(placements(), group.list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of("fields @message", "stats count(*) by bin(5m)", "filter level = \"ERROR\"\n| limit 20"), maybe(names()),
                Arbitraries.of(LogWidget.View.values())).as((p, groups, q, title, view) -> {
                    StringBuilder query = new StringBuilder();
                    groups.forEach(g -> query.append("SOURCE '").append(g).append("' | "));
                    return new LogWidget(p, query + q, groups, q, title, view);
                });
        Arbitrary<String> arn = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(n -> "arn:aws:cloudwatch:local:000000000000:alarm:" + n);
        Arbitrary<Widget> alarm = Combinators.combine(placements(), arn.list().ofMinSize(1).ofMaxSize(4),
                maybe(Arbitraries.of("default", "timestamp")), Arbitraries.subsetOf("ALARM", "OK").map(List::copyOf), maybe(names()))
                .as(AlarmWidget::new);
        return Arbitraries.oneOf(text, log, alarm);
    }

    @Provide
    Arbitrary<DashboardBody> bodies() {
        return Combinators.combine(Arbitraries.oneOf(metricWidgets(), otherWidgets()).list().ofMaxSize(6),
                maybe(Arbitraries.of("-PT6H", "-P7D", "-P3M")), maybe(Arbitraries.of("auto", "inherit")))
                .as((widgets, start, override) -> new DashboardBody(widgets, start, null, override, List.of()));
    }
}
