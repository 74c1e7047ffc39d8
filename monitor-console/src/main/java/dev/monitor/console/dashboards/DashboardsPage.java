package dev.monitor.console.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.console.ApiException;
import dev.monitor.console.ApiRequest;
import dev.monitor.console.ApiRequest.TimeRange;
import dev.monitor.console.ConsoleApi;
import dev.monitor.console.ConsolePage;
import dev.monitor.core.Monitor;
import dev.monitor.core.dashboard.AlarmWidget;
import dev.monitor.core.dashboard.AutomaticDashboard;
import dev.monitor.core.dashboard.DashboardBody;
import dev.monitor.core.dashboard.DashboardDocument;
import dev.monitor.core.dashboard.DashboardEntry;
import dev.monitor.core.dashboard.DashboardInvalidInputException;
import dev.monitor.core.dashboard.DashboardNotFoundException;
import dev.monitor.core.dashboard.DashboardService;
import dev.monitor.core.dashboard.DashboardValidationMessage;
import dev.monitor.core.dashboard.LogWidget;
import dev.monitor.core.dashboard.MetricWidget;
import dev.monitor.core.dashboard.Placement;
import dev.monitor.core.dashboard.UnsupportedPart;
import dev.monitor.core.dashboard.Widget;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CloudWatch dashboards: the dashboards put with {@code monitor.dashboards()} (in code, in the
 * configuration or under the data directory) and the automatic one per namespace, each drawn from
 * its dashboard-body JSON on CloudWatch's 24-column grid.
 *
 * <ul>
 *   <li>{@code GET /api/dashboards/list}: every dashboard, its name and kind ({@code custom} or {@code automatic});</li>
 *   <li>{@code GET /api/dashboards/dashboard/NAME}: the body as AWS's JSON, each widget's place on the grid, and the
 *       parts of the body not drawn here;</li>
 *   <li>{@code GET /api/dashboards/widget-data?dashboard=NAME&widget=INDEX&start=-PT3H&end=..}: what widget INDEX shows
 *       over the console's range (unless the body or the widget sets its own): a metric widget's lines (metric math
 *       evaluated here), a log widget's query results, an alarm widget's states.</li>
 * </ul>
 */
public final class DashboardsPage implements ConsolePage {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return "dashboards";
    }

    @Override
    public String title() {
        return "Dashboards";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public void install(ConsoleApi api, Monitor monitor) {
        api.get("list", request -> list(monitor.dashboards()));
        api.get("dashboard", request -> dashboard(monitor.dashboards(), request.rest()));
        api.get("widget-data", request -> widgetData(monitor, request));
    }

    /** One dashboard in the list; the fields a kind does not have are null. */
    record Listed(String name, String kind, String section, String namespace, String arn, Instant lastModified, Long size) {
    }

    /** A widget's place on the grid, as CloudWatch places it (a widget given without x and y takes the next free place). */
    record Layout(String type, int x, int y, int width, int height) {
    }

    /**
     * A dashboard to draw.
     *
     * @param body        the body as AWS's JSON, as put
     * @param layout      each widget's place, in the order of {@code body.widgets}
     * @param unsupported what the body holds and is not drawn here
     * @param invalid     why a stored body cannot be drawn at all (edited by hand since it was put); empty otherwise
     */
    record Drawn(String name, String kind, String section, String namespace, String arn, Instant lastModified, JsonNode body,
                 List<Layout> layout, List<UnsupportedPart> unsupported, List<DashboardValidationMessage> invalid) {
    }

    static java.util.Map<String, Object> list(DashboardService dashboards) {
        List<Listed> listed = new ArrayList<>();
        for (DashboardEntry entry : dashboards.listDashboards(null)) {
            listed.add(new Listed(entry.dashboardName(), "custom", null, null, entry.dashboardArn(), entry.lastModified(), entry.size()));
        }
        for (AutomaticDashboard automatic : dashboards.automaticDashboards()) {
            listed.add(new Listed(automatic.name(), "automatic", automatic.section().name().toLowerCase(Locale.ROOT), automatic.namespace(),
                    null, null, null));
        }
        return java.util.Map.of("dashboards", listed);
    }

    /** A dashboard found by name: a stored one first, else an automatic one. */
    private record Found(String kind, String section, String namespace, String arn, Instant lastModified, String json,
                         DashboardBody body, List<DashboardValidationMessage> invalid) {
    }

    private static Found find(DashboardService dashboards, String name) {
        if (name == null || name.isEmpty()) {
            throw ApiException.badRequest("name a dashboard: /api/dashboards/dashboard/NAME");
        }
        try {
            DashboardDocument document = dashboards.getDashboard(name);
            DashboardBody body = null;
            List<DashboardValidationMessage> invalid = List.of();
            try {
                body = dashboards.parse(document.dashboardBody());
            } catch (DashboardInvalidInputException e) {
                invalid = e.validationMessages().isEmpty() ? List.of(new DashboardValidationMessage("", e.getMessage())) : e.validationMessages();
            }
            return new Found("custom", null, null, document.dashboardArn(), document.lastModified(), document.dashboardBody(), body, invalid);
        } catch (DashboardNotFoundException e) {
            for (AutomaticDashboard automatic : dashboards.automaticDashboards()) {
                if (automatic.name().equals(name)) {
                    return new Found("automatic", automatic.section().name().toLowerCase(Locale.ROOT), automatic.namespace(), null, null,
                            dashboards.toJson(automatic.body()), automatic.body(), List.of());
                }
            }
            throw ApiException.notFound("no dashboard named '" + name + "'");
        }
    }

    static Drawn dashboard(DashboardService dashboards, String name) throws JsonProcessingException {
        Found found = find(dashboards, name);
        JsonNode body;
        try {
            body = JSON.readTree(found.json());
        } catch (JsonProcessingException e) {
            body = JSON.getNodeFactory().textNode(found.json()); // not JSON at all: shown as the text it is
        }
        List<Layout> layout = new ArrayList<>();
        if (found.body() != null) {
            List<Placement> placed = apart(found.body().widgets().stream().map(Widget::placement).toList());
            for (int i = 0; i < placed.size(); i++) {
                Placement p = placed.get(i);
                layout.add(new Layout(found.body().widgets().get(i).type(), p.x(), p.y(), p.width(), p.height()));
            }
        }
        return new Drawn(name, found.kind(), found.section(), found.namespace(), found.arn(), found.lastModified(), body, layout,
                found.body() == null ? List.of() : found.body().unsupported(), found.invalid());
    }

    /**
     * The places with overlaps pushed down, as CloudWatch's grid moves a widget that lands on another:
     * taken from the top (then the left), each goes down until it overlaps none placed before it.
     */
    static List<Placement> apart(List<Placement> given) {
        Integer[] order = new Integer[given.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt((Integer i) -> given.get(i).y()).thenComparingInt(i -> given.get(i).x()));
        Placement[] out = new Placement[given.size()];
        List<Placement> placed = new ArrayList<>();
        for (int index : order) {
            Placement p = given.get(index);
            boolean moved = true;
            while (moved) {
                moved = false;
                for (Placement other : placed) {
                    if (p.overlaps(other)) {
                        p = new Placement(p.x(), other.y() + other.height(), p.width(), p.height());
                        moved = true;
                    }
                }
            }
            placed.add(p);
            out[index] = p;
        }
        return List.of(out);
    }

    static Object widgetData(Monitor monitor, ApiRequest request) {
        Found found = find(monitor.dashboards(), request.required("dashboard"));
        if (found.body() == null) {
            throw ApiException.badRequest("dashboard '" + request.required("dashboard") + "' has a body that cannot be drawn: "
                    + found.invalid().get(0).message());
        }
        List<Widget> widgets = found.body().widgets();
        if (widgets.isEmpty()) {
            throw ApiException.badRequest("dashboard '" + request.required("dashboard") + "' has no widgets");
        }
        Widget widget = widgets.get(request.integer("widget", -1, 0, widgets.size() - 1));
        TimeRange console = request.range();
        Instant now = monitor.clock().instant();
        DashboardBody body = found.body();
        TimeRange range = console;
        String source = "console";
        if (body.start() != null) {
            range = range(body.start(), body.end(), now);
            source = "dashboard";
        }
        boolean auto = !"inherit".equals(body.periodOverride());
        if (widget instanceof MetricWidget metric) {
            if (metric.start() != null) {
                range = range(metric.start(), metric.end(), now);
                source = "widget";
            }
            return WidgetData.metric(monitor, metric, range, source, auto);
        }
        if (widget instanceof LogWidget log) {
            return WidgetData.log(monitor, log, range, source);
        }
        if (widget instanceof AlarmWidget alarm) {
            return WidgetData.alarms(monitor, alarm);
        }
        throw ApiException.badRequest("widget " + widgets.indexOf(widget) + " is a " + widget.type() + " widget, which has no data to read");
    }

    /**
     * A body's or widget's range: {@code start} relative to {@code now} ({@code -PT6H}, {@code -P7D}) or an
     * ISO 8601 time, {@code end} an ISO 8601 time or now.
     */
    static TimeRange range(String start, String end, Instant now) {
        Instant to = end == null ? now : instant(end, "end");
        Instant from;
        if (start.startsWith("-P")) {
            try {
                from = now.minus(Duration.parse(start.substring(1)));
            } catch (DateTimeParseException e) {
                try {
                    from = now.atOffset(ZoneOffset.UTC).minus(Period.parse(start.substring(1))).toInstant();
                } catch (DateTimeParseException again) {
                    throw ApiException.badRequest("start '" + start + "' is neither a duration before now (-PT6H, -P7D) nor an ISO 8601 time");
                }
            }
        } else {
            from = instant(start, "start");
        }
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("the range's start " + from + " must be before its end " + to);
        }
        return new TimeRange(from, to);
    }

    private static Instant instant(String text, String name) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " '" + text + "' is not an ISO 8601 time such as 2026-12-02T10:00:00.000Z");
        }
    }
}
