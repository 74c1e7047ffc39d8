package dev.monitor.core.dashboard.internal;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.monitor.core.dashboard.UnsupportedPart;
import dev.monitor.core.dashboard.UnsupportedWidget;
import dev.monitor.core.dashboard.Widget;
import dev.monitor.core.dashboard.YAxis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a dashboard body as CloudWatch's PutDashboard validates it
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html):
 * every problem is collected with its data path, and a body with any is refused with one
 * {@link DashboardInvalidInputException}, the only thing this class throws.
 *
 * <p>Messages: where PutDashboard's answer was recorded, its words are used (the whole-body message,
 * {@code Should be array}, {@code Should NOT have more than N items}, {@code Invalid metric field type,
 * only 'String' type is allowed}, the {@code Field "metrics" has to be ...} line, {@code The field
 * DashboardBody must be a valid JSON object}). CloudWatch validates with a JSON schema whose other messages
 * were not found recorded; those are written in the same schema-validator style ({@code Should have required
 * property 'x'}, {@code Should be <= 23}) and, where the documentation states the rule, in its words.
 */
public final class DashboardBodyParser {
    /** The largest body Monitor keeps, in UTF-8 bytes. CloudWatch documents no size limit that we found; this bounds memory. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** The message for a body that is not a JSON object, as PutDashboard answers it. */
    public static final String NOT_A_JSON_OBJECT = "The field DashboardBody must be a valid JSON object";
    static final int MAX_METRICS = 500;
    static final int MAX_ALARMS = 100;
    private static final String METRICS_SHAPE =
            "Field \"metrics\" has to be an array of array of strings, with an optional metricRenderer object as last element";
    private static final String FIELD_TYPE = "Invalid metric field type, only 'String' type is allowed";
    private static final Pattern ID = Pattern.compile("^[a-z][a-zA-Z0-9_]*$");
    private static final Pattern COLOR = Pattern.compile("^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$");
    private static final Pattern TIMEZONE = Pattern.compile("^[+-]\\d{4}$");
    private static final Pattern STAT = Pattern.compile("SampleCount|Average|Sum|Minimum|Maximum|IQM"
            + "|p(\\d{1,2}(\\.\\d{1,10})?|100)|(tm|wm|tc|ts)(\\d{1,2}(\\.\\d{1,10})?|100)|(TM|WM|TC|TS|PR)\\([^()]*\\)");
    private static final Pattern SOURCE = Pattern.compile("\\s*SOURCE\\s+'([^']*)'\\s*\\|");
    /** Widget types CloudWatch has that Monitor accepts and does not draw. */
    static final List<String> UNSUPPORTED_TYPES = List.of("explorer", "custom", "chart");
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final List<DashboardValidationMessage> problems = new ArrayList<>();
    private final List<UnsupportedPart> unsupported = new ArrayList<>();

    private DashboardBodyParser() {
    }

    /**
     * The body {@code text} as values.
     *
     * @throws DashboardInvalidInputException naming every problem, with its data path
     */
    public static DashboardBody parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new DashboardInvalidInputException("The parameter DashboardBody is required.");
        }
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_BODY_BYTES) {
            throw new DashboardInvalidInputException("The field DashboardBody is " + size + " bytes; Monitor keeps bodies of at most "
                    + MAX_BODY_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (Exception notJson) { // every Jackson failure, constraint violations included
            throw new DashboardInvalidInputException(NOT_A_JSON_OBJECT);
        }
        return parse(root);
    }

    /** A body already read as a JSON tree (from a configuration file). */
    static DashboardBody parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new DashboardInvalidInputException(NOT_A_JSON_OBJECT);
        }
        DashboardBodyParser parser = new DashboardBodyParser();
        DashboardBody body = parser.body(root);
        if (!parser.problems.isEmpty()) {
            throw new DashboardInvalidInputException(parser.problems);
        }
        return body;
    }

    private void problem(String path, String message) {
        problems.add(new DashboardValidationMessage(path, message));
    }

    private static String at(String path, String key) {
        return path + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    private static String at(String path, int index) {
        return path + "/" + index;
    }

    // --- the top level ---

    private DashboardBody body(JsonNode root) {
        String start = string(root, "", "start");
        String end = string(root, "", "end");
        if (start != null && !isRelativeStart(start) && !isTime(start)) {
            problem("/start", "Should be a relative time such as -PT6H or -P7D, or an ISO 8601 time such as 2018-12-17T06:00:00.000Z");
        }
        if (end != null) {
            if (!isTime(end)) {
                problem("/end", "Should be an ISO 8601 time such as 2018-12-17T06:00:00.000Z");
            }
            if (start == null) {
                problem("", "Should have property start when property end is present");
            } else if (!isTime(start)) {
                problem("/start", "Should be an ISO 8601 time when end is present: a relative start ends now");
            }
        }
        String periodOverride = choice(root, "", "periodOverride", "auto", "inherit");
        if (root.has("variables")) {
            if (!root.get("variables").isArray()) {
                problem("/variables", "Should be array");
            } else if (root.get("variables").size() > 25) {
                problem("/variables", "Should NOT have more than 25 items");
            } else if (!root.get("variables").isEmpty()) {
                unsupported.add(new UnsupportedPart("/variables", "dashboard variables are not offered: widgets show the values written in them"));
            }
        }
        List<Widget> widgets = List.of();
        JsonNode list = root.get("widgets");
        if (list == null) {
            problem("", "Should have required property 'widgets'");
        } else if (!list.isArray()) {
            problem("/widgets", "Should be array");
        } else if (list.size() > DashboardBody.MAX_WIDGETS) {
            problem("/widgets", "Should NOT have more than " + DashboardBody.MAX_WIDGETS + " items");
        } else {
            widgets = widgets(list);
        }
        return new DashboardBody(widgets, start, end, periodOverride, unsupported);
    }

    private static boolean isRelativeStart(String start) {
        if (!start.startsWith("-P")) {
            return false;
        }
        try {
            Duration.parse(start);
            return true;
        } catch (DateTimeParseException notDuration) {
            try {
                Period.parse(start);
                return true;
            } catch (DateTimeParseException notPeriod) {
                return false;
            }
        }
    }

    static boolean isTime(String text) {
        return time(text) != null;
    }

    static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // --- widgets ---

    /** A widget read: its placement when x and y were given, the size it asks for, and how to make it once placed. */
    private record Pending(Placement placement, int width, int height, WidgetMaker maker) {
    }

    private interface WidgetMaker {
        Widget make(Placement placement);
    }

    private List<Widget> widgets(JsonNode list) {
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Pending read = widget(list.get(i), at("/widgets", i));
            if (read != null) {
                pending.add(read);
            }
        }
        if (!problems.isEmpty()) {
            return List.of();
        }
        List<Placement> placements = GridLayout.place(pending.stream()
                .map(p -> new GridLayout.Item(p.placement(), p.width(), p.height())).toList());
        List<Widget> widgets = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            widgets.add(pending.get(i).maker().make(placements.get(i)));
        }
        return widgets;
    }

    private Pending widget(JsonNode node, String path) {
        if (!node.isObject()) {
            problem(path, "Should be object");
            return null;
        }
        Integer x = integer(node, path, "x", 0, Placement.COLUMNS - 1);
        Integer y = integer(node, path, "y", 0, Integer.MAX_VALUE);
        Integer width = integer(node, path, "width", 1, Placement.COLUMNS);
        Integer height = integer(node, path, "height", 1, Placement.MAX_HEIGHT);
        if (node.has("x") && !node.has("y")) {
            problem(path, "Should have property y when property x is present");
        }
        if (node.has("y") && !node.has("x")) {
            problem(path, "Should have property x when property y is present");
        }
        int w = width == null ? Placement.DEFAULT_SIZE : width;
        int h = height == null ? Placement.DEFAULT_SIZE : height;
        Placement placement = x != null && y != null ? new Placement(x, y, w, h) : null;
        JsonNode typeNode = node.get("type");
        JsonNode properties = node.get("properties");
        String propertiesPath = at(path, "properties");
        if (properties == null) {
            problem(path, "Should have required property 'properties'");
        } else if (!properties.isObject()) {
            problem(propertiesPath, "Should be object");
            properties = null;
        }
        if (typeNode == null) {
            problem(path, "Should have required property 'type'");
            return null;
        }
        if (!typeNode.isTextual()) {
            problem(at(path, "type"), "Should be string");
            return null;
        }
        String type = typeNode.asText();
        if (properties == null) {
            return null;
        }
        JsonNode props = properties;
        WidgetMaker maker = switch (type) {
            case "metric" -> metricWidget(props, propertiesPath);
            case "text" -> textWidget(props, propertiesPath);
            case "log" -> logWidget(props, propertiesPath);
            case "alarm" -> alarmWidget(props, propertiesPath);
            default -> {
                if (UNSUPPORTED_TYPES.contains(type)) {
                    unsupported.add(new UnsupportedPart(path, type + " widgets are not drawn by Monitor"));
                    yield p -> new UnsupportedWidget(p, type, path);
                }
                problem(at(path, "type"), "Should be equal to one of the allowed values: metric, text, log, alarm, "
                        + String.join(", ", UNSUPPORTED_TYPES));
                yield null;
            }
        };
        return maker == null ? null : new Pending(placement, w, h, maker);
    }

    private WidgetMaker textWidget(JsonNode props, String path) {
        String markdown = requiredString(props, path, "markdown");
        String background = choice(props, path, "background", "solid", "transparent");
        return markdown == null ? null : p -> new TextWidget(p, markdown, "transparent".equals(background));
    }

    private WidgetMaker logWidget(JsonNode props, String path) {
        String query = requiredString(props, path, "query");
        String title = string(props, path, "title");
        String view = choice(props, path, "view", "table", "timeSeries", "bar", "pie");
        if (query == null) {
            return null;
        }
        List<String> groups = new ArrayList<>();
        var sources = SOURCE.matcher(query);
        int end = 0;
        while (sources.find(end) && sources.start() == end) {
            groups.add(sources.group(1));
            end = sources.end();
        }
        if (groups.isEmpty()) {
            if (query.stripLeading().startsWith("SOURCE")) {
                unsupported.add(new UnsupportedPart(at(path, "query"), "log groups chosen other than as SOURCE 'name' are not read"));
            } else {
                problem(at(path, "query"), "The query must start with the log groups to query, each as SOURCE 'name' followed by a pipe character (|)");
                return null;
            }
        }
        String rest = query.substring(end).strip();
        return p -> new LogWidget(p, query, groups, rest, title, LogWidget.View.of(view));
    }

    private WidgetMaker alarmWidget(JsonNode props, String path) {
        String title = string(props, path, "title");
        String sortBy = choice(props, path, "sortBy", "default", "stateUpdatedTimestamp", "timestamp");
        List<String> states = new ArrayList<>();
        JsonNode statesNode = props.get("states");
        if (statesNode != null) {
            if (!statesNode.isArray()) {
                problem(at(path, "states"), "Should be array");
            } else {
                for (int i = 0; i < statesNode.size(); i++) {
                    JsonNode state = statesNode.get(i);
                    if (!state.isTextual() || !List.of("ALARM", "INSUFFICIENT_DATA", "OK").contains(state.asText())) {
                        problem(at(at(path, "states"), i), "Should be equal to one of the allowed values: ALARM, INSUFFICIENT_DATA, OK");
                    } else {
                        states.add(state.asText());
                    }
                }
            }
        }
        JsonNode alarmsNode = props.get("alarms");
        if (alarmsNode == null) {
            problem(path, "Should have required property 'alarms'");
            return null;
        }
        List<String> alarms = alarmArns(alarmsNode, at(path, "alarms"), 1, MAX_ALARMS);
        return alarms == null ? null : p -> new AlarmWidget(p, alarms, sortBy, states, title);
    }

    private List<String> alarmArns(JsonNode node, String path, int min, int max) {
        if (!node.isArray()) {
            problem(path, "Should be array");
            return null;
        }
        if (node.size() < min) {
            problem(path, "Should NOT have fewer than " + min + " items");
            return null;
        }
        if (node.size() > max) {
            problem(path, "Should NOT have more than " + max + " items");
            return null;
        }
        List<String> arns = new ArrayList<>();
        int before = problems.size();
        for (int i = 0; i < node.size(); i++) {
            JsonNode arn = node.get(i);
            if (!arn.isTextual()) {
                problem(at(path, i), "Should be string");
            } else if (!arn.asText().matches("arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:.+")) {
                problem(at(path, i), "Should be an alarm ARN: arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME");
            } else {
                arns.add(arn.asText());
            }
        }
        return problems.size() == before ? arns : null;
    }

    // --- metric widgets ---

    private WidgetMaker metricWidget(JsonNode props, String path) {
        int before = problems.size();
        String title = string(props, path, "title");
        String viewText = choice(props, path, "view", "timeSeries", "singleValue", "gauge", "bar", "pie", "table");
        MetricWidget.View view = viewText == null ? MetricWidget.View.TIME_SERIES : MetricWidget.View.of(viewText);
        boolean stacked = bool(props, path, "stacked", false);
        String stat = stat(props, path, "stat");
        Integer period = period(props, path, "period");
        boolean liveData = bool(props, path, "liveData", false);
        boolean setPeriodToTimeRange = bool(props, path, "setPeriodToTimeRange", false);
        Boolean sparkline = props.has("sparkline") ? bool(props, path, "sparkline", true) : null;
        String start = string(props, path, "start");
        if (start != null && !isRelativeStart(start) && !isTime(start)) {
            problem(at(path, "start"), "Should be a relative time such as -PT3H or an ISO 8601 time");
        }
        String end = string(props, path, "end");
        if (end != null && !isTime(end)) {
            problem(at(path, "end"), "Should be an ISO 8601 time");
        }
        String timezone = string(props, path, "timezone");
        if (timezone != null && !TIMEZONE.matcher(timezone).matches()) {
            problem(at(path, "timezone"), "Should match pattern \"" + TIMEZONE.pattern() + "\"");
        }
        String legendPosition = null;
        JsonNode legend = props.get("legend");
        if (legend != null) {
            if (!legend.isObject()) {
                problem(at(path, "legend"), "Should be object");
            } else {
                legendPosition = choice(legend, at(path, "legend"), "position", "right", "bottom", "hidden");
            }
        }
        YAxis yAxis = yAxis(props.get("yAxis"), at(path, "yAxis"));
        Annotations annotations = annotations(props.get("annotations"), at(path, "annotations"));
        List<MetricRow> rows = List.of();
        JsonNode metrics = props.get("metrics");
        if (metrics != null) {
            rows = metricRows(metrics, at(path, "metrics"));
        }
        if (annotations != null) {
            if (metrics == null && annotations.alarms().isEmpty()) {
                problem(path, "Should have required property 'metrics'");
            }
            if (metrics != null && !annotations.alarms().isEmpty()) {
                problem(at(at(path, "annotations"), "alarms"), "If you specify an alarm annotation, you cannot also specify a metrics array in the same widget");
            }
            if (!annotations.alarms().isEmpty() && (!annotations.horizontal().isEmpty() || !annotations.vertical().isEmpty())) {
                problem(at(path, "annotations"), "A single widget can't have both an alarm and horizontal or vertical annotations");
            }
        }
        if (view == MetricWidget.View.GAUGE && yAxis != null && (yAxis.left().min() == null || yAxis.left().max() == null)) {
            problem(at(path, "yAxis"), "If you specify gauge, you must set a value for min and max on the left side of yAxis");
        }
        if (problems.size() > before) {
            return null;
        }
        List<MetricRow> metricRows = rows;
        String legendAt = legendPosition;
        int widgetPeriod = period == null ? MetricWidget.DEFAULT_PERIOD : period;
        return p -> new MetricWidget(p, metricRows, title, view, stacked, stat, widgetPeriod, yAxis, annotations, liveData,
                setPeriodToTimeRange, start, end, legendAt, sparkline, timezone);
    }

    private YAxis yAxis(JsonNode node, String path) {
        if (node == null) {
            return YAxis.AUTO;
        }
        if (!node.isObject()) {
            problem(path, "Should be object");
            return null;
        }
        YAxis.Axis left = axis(node.get("left"), at(path, "left"));
        YAxis.Axis right = axis(node.get("right"), at(path, "right"));
        return left == null || right == null ? null : new YAxis(left, right);
    }

    private YAxis.Axis axis(JsonNode node, String path) {
        if (node == null) {
            return YAxis.Axis.AUTO;
        }
        if (!node.isObject()) {
            problem(path, "Should be object");
            return null;
        }
        return new YAxis.Axis(number(node, path, "min"), number(node, path, "max"), string(node, path, "label"),
                bool(node, path, "showUnits", true));
    }

    private Annotations annotations(JsonNode node, String path) {
        if (node == null) {
            return Annotations.NONE;
        }
        if (!node.isObject()) {
            problem(path, "Should be object");
            return null;
        }
        List<Annotations.Horizontal> horizontal = new ArrayList<>();
        JsonNode list = node.get("horizontal");
        if (list != null && !list.isArray()) {
            problem(at(path, "horizontal"), "Should be array");
        } else if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                Annotations.Horizontal one = horizontal(list.get(i), at(at(path, "horizontal"), i));
                if (one != null) {
                    horizontal.add(one);
                }
            }
        }
        List<Annotations.Vertical> vertical = new ArrayList<>();
        list = node.get("vertical");
        if (list != null && !list.isArray()) {
            problem(at(path, "vertical"), "Should be array");
        } else if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                Annotations.Vertical one = vertical(list.get(i), at(at(path, "vertical"), i));
                if (one != null) {
                    vertical.add(one);
                }
            }
        }
        List<String> alarms = List.of();
        if (node.has("alarms")) {
            alarms = alarmArns(node.get("alarms"), at(path, "alarms"), 0, 1);
        }
        return alarms == null ? null : new Annotations(horizontal, vertical, alarms);
    }

    /** The first object of a band, or a single annotation, and the band's second object or null. */
    private JsonNode[] annotationObjects(JsonNode node, String path) {
        if (node.isObject()) {
            return new JsonNode[] {node, null};
        }
        if (!node.isArray()) {
            problem(path, "Should be object");
            return null;
        }
        if (node.size() != 2) {
            problem(path, node.size() < 2 ? "Should NOT have fewer than 2 items" : "Should NOT have more than 2 items");
            return null;
        }
        for (int i = 0; i < 2; i++) {
            if (!node.get(i).isObject()) {
                problem(at(path, i), "Should be object");
                return null;
            }
        }
        return new JsonNode[] {node.get(0), node.get(1)};
    }

    private Annotations.Horizontal horizontal(JsonNode node, String path) {
        JsonNode[] parts = annotationObjects(node, path);
        if (parts == null) {
            return null;
        }
        String first = parts[1] == null ? path : at(path, 0);
        Double value = requiredNumber(parts[0], first, "value");
        String label = string(parts[0], first, "label");
        String color = color(parts[0], first, "color");
        String fill = choice(parts[0], first, "fill", "above", "below", "none");
        Side yAxis = side(parts[0], first, "yAxis");
        boolean visible = bool(parts[0], first, "visible", true);
        Double bandValue = null;
        String bandLabel = null;
        if (parts[1] != null) {
            bandValue = requiredNumber(parts[1], at(path, 1), "value");
            bandLabel = string(parts[1], at(path, 1), "label");
            if (bandValue == null) {
                return null;
            }
        }
        return value == null ? null : new Annotations.Horizontal(value, label, color, fill, yAxis, visible, bandValue, bandLabel);
    }

    private Annotations.Vertical vertical(JsonNode node, String path) {
        JsonNode[] parts = annotationObjects(node, path);
        if (parts == null) {
            return null;
        }
        String first = parts[1] == null ? path : at(path, 0);
        Instant value = requiredTime(parts[0], first, "value");
        String label = string(parts[0], first, "label");
        String color = color(parts[0], first, "color");
        String fill = choice(parts[0], first, "fill", "before", "after", "none");
        boolean visible = bool(parts[0], first, "visible", true);
        Instant bandValue = null;
        String bandLabel = null;
        if (parts[1] != null) {
            bandValue = requiredTime(parts[1], at(path, 1), "value");
            bandLabel = string(parts[1], at(path, 1), "label");
            if (bandValue == null) {
                return null;
            }
        }
        return value == null ? null : new Annotations.Vertical(value, label, color, fill, visible, bandValue, bandLabel);
    }

    private Instant requiredTime(JsonNode node, String path, String key) {
        String text = requiredString(node, path, key);
        if (text == null) {
            return null;
        }
        Instant time = time(text);
        if (time == null) {
            problem(at(path, key), "Should be an ISO 8601 time such as 2018-08-28T15:25:26Z");
        }
        return time;
    }

    /**
     * The rows of a {@code metrics} array, each {@code "."} resolved against the previous metric row at the same
     * position (the documented shorthand), and a leading {@code "..."} (the console's shorthand in bodies it
     * writes) standing for the previous metric row's items up to the ones the row gives after it.
     */
    private List<MetricRow> metricRows(JsonNode metrics, String path) {
        if (!metrics.isArray()) {
            problem(path, "Should be array");
            return List.of();
        }
        if (metrics.size() > MAX_METRICS) {
            problem(path, "Should NOT have more than " + MAX_METRICS + " items");
            return List.of();
        }
        // A widget with a single metric may give it unwrapped: ["AWS/Lambda", "Invocations", ...], as the
        // documentation's own Lambda example does.
        if (!metrics.isEmpty() && metrics.get(0).isTextual()) {
            com.fasterxml.jackson.databind.node.ArrayNode wrapped = JSON.createArrayNode();
            wrapped.add(metrics);
            metrics = wrapped;
        }
        List<MetricRow> rows = new ArrayList<>();
        List<String> previous = null;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < metrics.size(); i++) {
            String rowPath = at(path, i);
            JsonNode row = metrics.get(i);
            if (!row.isArray()) {
                problem(rowPath, "Should be array");
                problem(rowPath, METRICS_SHAPE);
                continue;
            }
            if (row.isEmpty()) {
                problem(rowPath, "Should NOT have fewer than 1 items");
                continue;
            }
            MetricRow read;
            if (row.get(0).isObject()) {
                read = expressionRow(row, rowPath);
            } else {
                List<String> strings = new ArrayList<>();
                read = metricRow(row, rowPath, previous, strings);
                if (read != null) {
                    previous = strings;
                }
            }
            if (read == null) {
                continue;
            }
            String id = read.options().id();
            if (id != null && !ids.add(id)) {
                problem(rowPath, "Duplicate id '" + id + "': each id of a widget's metrics array must be unique");
            }
            if (read instanceof MetricRow.Expression expression && (expression.isSearch() || expression.isMetricsInsightsQuery())) {
                unsupported.add(new UnsupportedPart(rowPath, (expression.isSearch() ? "search expressions" : "Metrics Insights queries")
                        + " are not evaluated by Monitor: '" + expression.expression() + "'"));
            }
            rows.add(read);
        }
        return rows;
    }

    private MetricRow expressionRow(JsonNode row, String rowPath) {
        if (row.size() > 1) {
            problem(rowPath, "Should NOT have more than 1 items");
            return null;
        }
        String objectPath = at(rowPath, 0);
        String expression = requiredString(row.get(0), objectPath, "expression");
        RenderOptions options = options(row.get(0), objectPath);
        return expression == null || options == null ? null : new MetricRow.Expression(expression, options);
    }

    private MetricRow metricRow(JsonNode row, String rowPath, List<String> previous, List<String> strings) {
        int before = problems.size();
        int last = row.size() - 1;
        RenderOptions options = RenderOptions.NONE;
        if (row.get(last).isObject()) {
            options = options(row.get(last), at(rowPath, last));
            last--;
        }
        List<String> given = new ArrayList<>();
        for (int j = 0; j <= last; j++) {
            if (!row.get(j).isTextual()) {
                problem(at(rowPath, j), FIELD_TYPE);
            } else {
                given.add(row.get(j).asText());
            }
        }
        if (problems.size() > before) {
            return null;
        }
        int shift = 0; // the JSON index of given.get(0)
        if (!given.isEmpty() && given.get(0).equals("...")) {
            if (previous == null) {
                problem(at(rowPath, 0), "\"...\" repeats the previous metric, and there is none before this one");
                return null;
            }
            int explicit = given.size() - 1;
            if (explicit > previous.size()) {
                problem(rowPath, "\"...\" repeats the previous metric's items before the " + explicit
                        + " given after it, and the previous metric has only " + previous.size());
                return null;
            }
            strings.addAll(previous.subList(0, previous.size() - explicit));
            shift = 1;
            given = given.subList(1, given.size());
        }
        for (int j = 0; j < given.size(); j++) {
            String item = given.get(j);
            int position = strings.size();
            if (item.equals(".")) {
                if (previous == null || position >= previous.size()) {
                    problem(at(rowPath, j + shift), previous == null
                            ? "\".\" repeats the previous metric's item, and there is no metric before this one"
                            : "\".\" repeats the previous metric's item at this position, and the previous metric has none there");
                    return null;
                }
                item = previous.get(position);
            }
            strings.add(item);
        }
        if (strings.size() < 2) {
            problem(rowPath, "Should NOT have fewer than 2 items");
            return null;
        }
        if (strings.size() % 2 != 0) {
            problem(rowPath, "Dimension '" + strings.get(strings.size() - 1)
                    + "' has no value: dimensions are given as name, value pairs");
            return null;
        }
        List<Dimension> dimensions = new ArrayList<>();
        for (int k = 2; k < strings.size(); k += 2) {
            dimensions.add(new Dimension(strings.get(k), strings.get(k + 1)));
        }
        return options == null ? null : new MetricRow.Metric(strings.get(0), strings.get(1), dimensions, options);
    }

    private RenderOptions options(JsonNode node, String path) {
        int before = problems.size();
        String id = string(node, path, "id");
        if (id != null && !ID.matcher(id).matches()) {
            problem(at(path, "id"), "Should match pattern \"" + ID.pattern() + "\": an id starts with a lowercase letter");
        }
        String label = string(node, path, "label");
        String color = color(node, path, "color");
        String stat = stat(node, path, "stat");
        Integer period = period(node, path, "period");
        boolean visible = bool(node, path, "visible", true);
        Side yAxis = side(node, path, "yAxis");
        return problems.size() > before ? null : new RenderOptions(id, label, color, stat, period, visible, yAxis);
    }

    // --- values ---

    private String string(JsonNode node, String path, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problem(at(path, key), "Should be string");
            return null;
        }
        return value.asText();
    }

    private String requiredString(JsonNode node, String path, String key) {
        if (!node.has(key)) {
            problem(path, "Should have required property '" + key + "'");
            return null;
        }
        return string(node, path, key);
    }

    private String choice(JsonNode node, String path, String key, String... allowed) {
        String value = string(node, path, key);
        if (value != null && !List.of(allowed).contains(value)) {
            problem(at(path, key), "Should be equal to one of the allowed values: " + String.join(", ", allowed));
            return null;
        }
        return value;
    }

    private Side side(JsonNode node, String path, String key) {
        String value = choice(node, path, key, "left", "right");
        return "right".equals(value) ? Side.RIGHT : Side.LEFT;
    }

    private String color(JsonNode node, String path, String key) {
        String value = string(node, path, key);
        if (value != null && !COLOR.matcher(value).matches()) {
            problem(at(path, key), "Should be an HTML hex color such as #1f77b4");
            return null;
        }
        return value;
    }

    private String stat(JsonNode node, String path, String key) {
        String value = string(node, path, key);
        if (value != null && !STAT.matcher(value).matches()) {
            problem(at(path, key), "Should be a CloudWatch statistic: SampleCount, Average, Sum, Minimum, Maximum or a percentile such as p99");
            return null;
        }
        return value;
    }

    /** A period: 1, 5, 10 or 30 seconds for high-resolution metrics, else a multiple of 60, as CloudWatch's queries take it. */
    private Integer period(JsonNode node, String path, String key) {
        Integer value = integer(node, path, key, 1, Integer.MAX_VALUE);
        if (value != null && value != 1 && value != 5 && value != 10 && value != 30 && value % 60 != 0) {
            problem(at(path, key), "Should be 1, 5, 10, 30 or a multiple of 60");
            return null;
        }
        return value;
    }

    private boolean bool(JsonNode node, String path, String key, boolean fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            problem(at(path, key), "Should be boolean");
            return fallback;
        }
        return value.booleanValue();
    }

    private Integer integer(JsonNode node, String path, String key, int min, int max) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() && !(value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))) {
            problem(at(path, key), "Should be integer");
            return null;
        }
        double number = value.asDouble();
        if (number < min) {
            problem(at(path, key), "Should be >= " + min);
            return null;
        }
        if (number > max) {
            problem(at(path, key), "Should be <= " + max);
            return null;
        }
        return (int) number;
    }

    private Double number(JsonNode node, String path, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            problem(at(path, key), "Should be number");
            return null;
        }
        return value.asDouble();
    }

    private Double requiredNumber(JsonNode node, String path, String key) {
        if (!node.has(key)) {
            problem(path, "Should have required property '" + key + "'");
            return null;
        }
        return number(node, path, key);
    }
}
