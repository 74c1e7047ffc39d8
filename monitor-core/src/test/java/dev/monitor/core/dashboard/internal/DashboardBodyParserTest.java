package dev.monitor.core.dashboard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.monitor.core.dashboard.YAxis;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of "Dashboard Body Structure and Syntax"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html)
 * read to the values they describe, and bad bodies refused with PutDashboard's messages and data paths
 * (the recorded ones quoted from PutDashboard answers users published).
 */
class DashboardBodyParserTest {
    private static final String DOCS = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html";

    private static List<DashboardValidationMessage> refused(String body) {
        return assertThrows(DashboardInvalidInputException.class, () -> DashboardBodyParser.parse(body)).validationMessages();
    }

    private static DashboardValidationMessage message(String path, String text) {
        return new DashboardValidationMessage(path, text);
    }

    /** The page's first example: a metric widget and a text widget, six hours, each graph's period obeyed. */
    @Test
    void theOverallStructureExample() {
        DashboardBody body = DashboardBodyParser.parse("""
                {"start": "-PT6H", "periodOverride": "inherit", "widgets": [
                  {"type":"metric", "x":0, "y":0, "width":12, "height":6, "properties":{
                     "metrics":[["AWS/EC2", "CPUUtilization", "InstanceId", "i-012345"]],
                     "period":300, "stat":"Average", "region":"us-east-1", "title":"EC2 Instance CPU", "liveData": false,
                     "legend": {"position": "right"}}},
                  {"type":"text", "x":0, "y":7, "width":3, "height":3, "properties":{"markdown":"Hello world"}}]}
                """);
        assertEquals("-PT6H", body.start());
        assertEquals("inherit", body.periodOverride());
        assertEquals(new MetricWidget(new Placement(0, 0, 12, 6),
                List.of(new MetricRow.Metric("AWS/EC2", "CPUUtilization", List.of(new Dimension("InstanceId", "i-012345")))),
                "EC2 Instance CPU", MetricWidget.View.TIME_SERIES, false, "Average", 300, YAxis.AUTO, Annotations.NONE, false, false,
                null, null, "right", null, null), body.widgets().get(0));
        assertEquals(new TextWidget(new Placement(0, 7, 3, 3), "Hello world", false), body.widgets().get(1));
        assertEquals(List.of(), body.unsupported());
    }

    /** Two metrics with the "." shorthand and a math expression summing them; then a search expression. */
    @Test
    void theMathAndSearchExpressionExample() {
        DashboardBody body = DashboardBodyParser.parse("""
                {"start": "-PT9H", "periodOverride": "inherit", "widgets": [
                  {"type":"metric", "x":0, "y":0, "width":12, "height":6, "properties":{
                     "metrics":[
                        [ "AWS/EC2", "DiskReadBytes", "InstanceId", "i-123",{ "id": "m1" } ],
                        [ ".", ".", ".", "i-abc", { "id": "m2" } ],
                        [ { "expression": "SUM(METRICS())", "label": "Sum of DiskReadbytes", "id": "e3" } ]],
                     "view": "timeSeries", "stacked": false, "period":300, "stat":"Average", "region":"us-east-1",
                     "title":"EC2 Instance CPU"}},
                  {"type":"metric", "x":0, "y":0, "width":18, "height":9, "properties":{
                     "metrics":[[ { "expression": "SEARCH('{AWS/EC2,InstanceId} MetricName=\\"CPUUtilization\\"', 'Average', 300)", "id": "e1" } ]],
                     "view": "timeSeries", "stacked": false, "region":"us-east-1", "title":"EC2 Instance CPU"}}]}
                """);
        MetricWidget first = assertInstanceOf(MetricWidget.class, body.widgets().get(0));
        assertEquals(List.of(
                new MetricRow.Metric("AWS/EC2", "DiskReadBytes", List.of(new Dimension("InstanceId", "i-123")), RenderOptions.NONE.withId("m1")),
                new MetricRow.Metric("AWS/EC2", "DiskReadBytes", List.of(new Dimension("InstanceId", "i-abc")), RenderOptions.NONE.withId("m2")),
                new MetricRow.Expression("SUM(METRICS())", RenderOptions.NONE.withId("e3").withLabel("Sum of DiskReadbytes"))),
                first.metrics());
        MetricWidget second = assertInstanceOf(MetricWidget.class, body.widgets().get(1));
        assertTrue(((MetricRow.Expression) second.metrics().get(0)).isSearch());
        assertEquals(List.of("/widgets/1/properties/metrics/0"), body.unsupported().stream().map(UnsupportedPart::dataPath).toList());
    }

    /** The stacked-area example: a right-axis metric with its own period and stat, axis bounds and a shaded annotation. */
    @Test
    void theStackedAreaExample() {
        DashboardBody body = DashboardBodyParser.parse("""
                {"widgets": [{"type":"metric", "x":0, "y":0, "width":12, "height":6, "properties":{
                   "metrics":[["AWS/EC2","CPUUtilization","InstanceId","i-012345"],
                              ["AWS/EC2","NetworkIn","InstanceId","i-012345",
                               {"yAxis":"right","label":"NetworkIn","period":3600,"stat":"Maximum"}]],
                   "period":300, "stat":"Average", "region":"us-east-1", "timezone":"+0300", "title":"EC2 Instance CPU",
                   "stacked":true, "view":"timeSeries", "liveData":false,
                   "yAxis":{"left":{"min":0,"max":100},"right":{"min":50}},
                   "annotations":{"horizontal":[{"visible":true,"color":"#9467bd","label":"Critical range","value":20,
                                                 "fill":"above","yAxis":"right"}]}}}]}
                """);
        MetricWidget widget = (MetricWidget) body.widgets().get(0);
        MetricRow networkIn = widget.metrics().get(1);
        assertEquals(new RenderOptions(null, "NetworkIn", null, "Maximum", 3600, true, Side.RIGHT), networkIn.options());
        assertEquals("Maximum", widget.statOf(networkIn));
        assertEquals(3600, widget.periodOf(networkIn));
        assertEquals(300, widget.periodOf(widget.metrics().get(0)));
        assertTrue(widget.stacked());
        assertEquals("+0300", widget.timezone());
        assertEquals(new YAxis(new YAxis.Axis(0.0, 100.0, null, true), new YAxis.Axis(50.0, null, null, true)), widget.yAxis());
        assertEquals(List.of(new Annotations.Horizontal(20, "Critical range", "#9467bd", "above", Side.RIGHT, true, null, null)),
                widget.annotations().horizontal());
    }

    /** The same example's gauge widget is written with an unquoted type and a ';': not JSON, refused as PutDashboard refuses it. */
    @Test
    void theDocumentationsBrokenGaugeExampleIsNotJson() {
        DashboardInvalidInputException refused = assertThrows(DashboardInvalidInputException.class, () -> DashboardBodyParser.parse("""
                {"widgets": [{"type": metric, "x": 18, "y"; 60, "width": 6, "height": 6, "properties": {}}]}
                """));
        assertEquals("The field DashboardBody must be a valid JSON object", refused.getMessage());
        assertEquals("InvalidParameterInput", refused.code());
    }

    @Test
    void aBandAndAHiddenAnnotation() {
        DashboardBody body = DashboardBodyParser.parse("""
                {"widgets": [{"type":"metric","properties":{"metrics":[["A","B"]],"annotations": {"horizontal": [
                    [{"label": "Band top", "value": 200, "color": "#9467bd", "visible": true, "yAxis": "right"},
                     {"value": 95.5, "label": "Band bottom"}],
                    {"visible": false, "color": "#aaa", "label": "Hidden annotation", "value": 150}],
                  "vertical": [{"visible": true, "color": "#9467bd", "label": "Bug fix deployed",
                                "value": "2018-08-28T15:25:26Z", "fill": "after"}]}}}]}
                """);
        Annotations annotations = ((MetricWidget) body.widgets().get(0)).annotations();
        assertEquals(List.of(new Annotations.Horizontal(200, "Band top", "#9467bd", null, Side.RIGHT, true, 95.5, "Band bottom"),
                new Annotations.Horizontal(150, "Hidden annotation", "#aaa", null, Side.LEFT, false, null, null)), annotations.horizontal());
        assertEquals(java.time.Instant.parse("2018-08-28T15:25:26Z"), annotations.vertical().get(0).value());
        assertEquals("after", annotations.vertical().get(0).fill());
    }

    /** The log widget example: two SOURCE clauses, then the query with its \n| line breaks. */
    @Test
    void theLogWidgetExample() {
        DashboardBody body = DashboardBodyParser.parse("""
                {"widgets": [{"type": "log", "x": 12, "y": 24, "width": 12, "height": 6, "properties": {
                   "region": "us-east-1", "title": "Errors (Application Log)",
                   "query": "SOURCE 'application1.log' | SOURCE 'application2.log' | filter @message like \\"[ERROR]\\"\\n| sort errCount DESC",
                   "view": "table"}}]}
                """);
        LogWidget log = (LogWidget) body.widgets().get(0);
        assertEquals(new Placement(12, 24, 12, 6), log.placement());
        assertEquals(List.of("application1.log", "application2.log"), log.logGroups());
        assertEquals("filter @message like \"[ERROR]\"\n| sort errCount DESC", log.insightsQuery());
        assertEquals(LogWidget.View.TABLE, log.view());
        assertEquals("Errors (Application Log)", log.title());
    }

    /** The alarm status widget example, showing only alarms not OK. */
    @Test
    void theAlarmWidgetExample() {
        DashboardBody body = DashboardBodyParser.parse("""
                {"widgets": [{"type": "alarm", "x": 0, "y": 0, "width": 12, "height": 6, "properties": {
                   "alarms": ["arn:aws:cloudwatch:us-east-1:012345678901:alarm:EC2FrontendCPU",
                              "arn:aws:cloudwatch:eu-west-1:987654321098:alarm:EC2BackendCPU"],
                   "sortBy": "stateUpdatedTimestamp", "states": ["ALARM", "INSUFFICIENT_DATA"],
                   "title": "EC2 alarms that are not currently OK"}}]}
                """);
        AlarmWidget alarm = (AlarmWidget) body.widgets().get(0);
        assertEquals(List.of("EC2FrontendCPU", "EC2BackendCPU"), alarm.alarmNames());
        assertEquals(List.of("ALARM", "INSUFFICIENT_DATA"), alarm.states());
        assertEquals("stateUpdatedTimestamp", alarm.sortBy());
    }

    /** The metrics explorer example and the Lambda example's variables are accepted and listed as not drawn. */
    @Test
    void explorerWidgetsAndVariablesAreListedAsUnsupported() {
        DashboardBody body = DashboardBodyParser.parse("""
                {"widgets": [{"type": "explorer", "width": 24, "height": 15, "x": 0, "y": 0, "properties": {
                    "metrics": [{"metricName": "CPUUtilization", "resourceType": "AWS::EC2::Instance", "stat": "Average"}],
                    "period": 300, "splitBy": "AvailabilityZone", "title": "Running EC2 Instances by AZ"}},
                  {"height": 6, "width": 6, "y": 6, "x": 0, "type": "metric", "properties": {"view": "timeSeries",
                    "stacked": false, "metrics": ["AWS/Lambda", "Invocations", "FunctionName", "my-function-name"],
                    "region": "us-east-1", "liveData": true}}],
                 "variables": [{"type": "property", "property": "FunctionName", "inputType": "select",
                    "id": "LambdaFunction_Variable", "label": "Function", "visible": true,
                    "search": "{AWS/Lambda,FunctionName} MetricName=\\"Duration\\"", "populateFrom": "FunctionName"}]}
                """);
        assertEquals(new UnsupportedWidget(new Placement(0, 0, 24, 15), "explorer", "/widgets/0"), body.widgets().get(0));
        assertEquals(List.of("/variables", "/widgets/0"),
                body.unsupported().stream().map(UnsupportedPart::dataPath).sorted().toList());
        MetricWidget lambda = (MetricWidget) body.widgets().get(1);
        assertEquals(List.of(new MetricRow.Metric("AWS/Lambda", "Invocations", List.of(new Dimension("FunctionName", "my-function-name")))),
                lambda.metrics(), "a single metric given unwrapped, as the page's Lambda example gives it");
        assertTrue(lambda.liveData());
    }

    @Test
    void widgetsWithoutAPositionTakeTheNextAvailableOne() {
        DashboardBody body = DashboardBodyParser.parse("""
                {"widgets": [{"type":"text","x":0,"y":0,"width":12,"properties":{"markdown":"a"}},
                             {"type":"text","properties":{"markdown":"b"}},
                             {"type":"text","width":12,"properties":{"markdown":"c"}},
                             {"type":"text","width":24,"height":2,"properties":{"markdown":"d"}}]}
                """);
        assertEquals(List.of(new Placement(0, 0, 12, 6), new Placement(12, 0, 6, 6), new Placement(0, 6, 12, 6), new Placement(0, 12, 24, 2)),
                body.widgets().stream().map(w -> w.placement()).toList());
    }

    @Test
    void theDotShorthandRepeatsThePreviousMetricsItemAtTheSamePosition() {
        MetricWidget widget = (MetricWidget) DashboardBodyParser.parse("""
                {"widgets": [{"type":"metric","properties":{"metrics":[
                   ["AWS/EC2", "DiskReadBytes", "InstanceId", "i-xyz"],
                   [".", ".", ".", "i-abc"],
                   [".", "DiskWriteBytes", ".", ".", {"label": "writes"}],
                   [{"expression": "m1 + m2", "id": "e1"}],
                   ["...", "i-123"],
                   ["...", {"stat": "p99"}]]}}]}
                """).widgets().get(0);
        List<String> read = widget.metrics().stream().map(row -> row instanceof MetricRow.Metric m
                ? m.namespace() + " " + m.metricName() + " " + m.dimensions() : ((MetricRow.Expression) row).expression()).toList();
        assertEquals(List.of("AWS/EC2 DiskReadBytes [Dimension[name=InstanceId, value=i-xyz]]",
                "AWS/EC2 DiskReadBytes [Dimension[name=InstanceId, value=i-abc]]",
                "AWS/EC2 DiskWriteBytes [Dimension[name=InstanceId, value=i-abc]]",
                "m1 + m2",
                "AWS/EC2 DiskWriteBytes [Dimension[name=InstanceId, value=i-123]]",
                "AWS/EC2 DiskWriteBytes [Dimension[name=InstanceId, value=i-123]]"), read,
                "an expression row is skipped: \".\" repeats the previous metric");
        assertEquals("p99", widget.metrics().get(5).options().stat());
    }

    @Test
    void aDotWithNothingToRepeatIsRefusedAtItsPath() {
        assertEquals(List.of(message("/widgets/0/properties/metrics/0/0",
                        "\".\" repeats the previous metric's item, and there is no metric before this one")),
                refused("{\"widgets\":[{\"type\":\"metric\",\"properties\":{\"metrics\":[[\".\",\"CPU\"]]}}]}"));
        assertEquals(List.of(message("/widgets/0/properties/metrics/1/2",
                        "\".\" repeats the previous metric's item at this position, and the previous metric has none there")),
                refused("{\"widgets\":[{\"type\":\"metric\",\"properties\":{\"metrics\":[[\"A\",\"B\"],[\".\",\".\",\".\",\"v\"]]}}]}"));
    }

    /** Recorded: {@code "dataPath": "/widgets/0/properties/metrics/0/2", "message": "Invalid metric field type, only 'String' type is allowed"}. */
    @Test
    void dimensionsGivenAsAnObjectInTheMiddleAreRefusedAsPutDashboardRefusesThem() {
        List<DashboardValidationMessage> messages = refused("""
                {"widgets":[{"type":"metric","properties":{"metrics":[["AWS/Lambda","Invocations",{"FunctionName":"f"},{"stat":"Sum"}]]}}]}
                """);
        assertEquals(List.of(message("/widgets/0/properties/metrics/0/2", "Invalid metric field type, only 'String' type is allowed")), messages);
    }

    /** Recorded: a metrics entry that is no array gets "Should be array" and the Field "metrics" line, both at its path. */
    @Test
    void aMetricThatIsNoArrayGetsBothRecordedMessages() {
        DashboardInvalidInputException refused = assertThrows(DashboardInvalidInputException.class, () -> DashboardBodyParser.parse("""
                {"widgets":[{"type":"metric","properties":{"metrics":[{"namespace":"A"}]}}]}
                """));
        assertEquals(List.of(message("/widgets/0/properties/metrics/0", "Should be array"),
                message("/widgets/0/properties/metrics/0", "Field \"metrics\" has to be an array of array of strings, "
                        + "with an optional metricRenderer object as last element")), refused.validationMessages());
        assertEquals("""
                The dashboard body is invalid, there are 2 validation errors:
                [
                  {
                    "dataPath": "/widgets/0/properties/metrics/0",
                    "message": "Should be array"
                  },
                  {
                    "dataPath": "/widgets/0/properties/metrics/0",
                    "message": "Field \\"metrics\\" has to be an array of array of strings, with an optional metricRenderer object as last element"
                  }
                ]""", refused.getMessage());
    }

    @Test
    void everyProblemIsReportedWithItsPath() {
        List<DashboardValidationMessage> messages = refused("""
                {"end": "2018-12-17T06:00:00Z", "periodOverride": "sometimes", "widgets":[
                   {"type":"metric","x":24,"y":0,"width":0,"properties":{"metrics":[["A","B",{"period":45,"color":"red","id":"M1"}]],
                    "view":"gauge"}},
                   {"type":"text","properties":{}},
                   {"type":"alarm","properties":{"alarms":[]}},
                   {"type":"graph","properties":{}},
                   {"type":"log","properties":{"query":"fields @message"}},
                   {"x":1,"properties":{}}]}
                """);
        assertEquals(List.of(
                message("", "Should have property start when property end is present"),
                message("/periodOverride", "Should be equal to one of the allowed values: auto, inherit"),
                message("/widgets/0/x", "Should be <= 23"),
                message("/widgets/0/width", "Should be >= 1"),
                message("/widgets/0/properties/metrics/0/2/id", "Should match pattern \"^[a-z][a-zA-Z0-9_]*$\": an id starts with a lowercase letter"),
                message("/widgets/0/properties/metrics/0/2/color", "Should be an HTML hex color such as #1f77b4"),
                message("/widgets/0/properties/metrics/0/2/period", "Should be 1, 5, 10, 30 or a multiple of 60"),
                message("/widgets/0/properties/yAxis", "If you specify gauge, you must set a value for min and max on the left side of yAxis"),
                message("/widgets/1/properties", "Should have required property 'markdown'"),
                message("/widgets/2/properties/alarms", "Should NOT have fewer than 1 items"),
                message("/widgets/3/type", "Should be equal to one of the allowed values: metric, text, log, alarm, explorer, custom, chart"),
                message("/widgets/4/properties/query",
                        "The query must start with the log groups to query, each as SOURCE 'name' followed by a pipe character (|)"),
                message("/widgets/5", "Should have property y when property x is present"),
                message("/widgets/5", "Should have required property 'type'")), messages);
    }

    @Test
    void limitsAreCloudWatchs() {
        StringBuilder widgets = new StringBuilder();
        for (int i = 0; i < 501; i++) {
            widgets.append(i == 0 ? "" : ",").append("{\"type\":\"text\",\"properties\":{\"markdown\":\"x\"}}");
        }
        assertEquals(List.of(message("/widgets", "Should NOT have more than 500 items")), refused("{\"widgets\":[" + widgets + "]}"));
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 501; i++) {
            rows.append(i == 0 ? "" : ",").append("[\"A\",\"B\"]");
        }
        assertEquals(List.of(message("/widgets/0/properties/metrics", "Should NOT have more than 500 items")),
                refused("{\"widgets\":[{\"type\":\"metric\",\"properties\":{\"metrics\":[" + rows + "]}}]}"));
        assertEquals(List.of(message("", "Should have required property 'widgets'")), refused("{}"));
        DashboardInvalidInputException tooLarge = assertThrows(DashboardInvalidInputException.class,
                () -> DashboardBodyParser.parse("{\"widgets\":[],\"x\":\"" + "a".repeat(DashboardBodyParser.MAX_BODY_BYTES) + "\"}"));
        assertTrue(tooLarge.getMessage().startsWith("The field DashboardBody is 1048"), tooLarge.getMessage());
    }

    @Test
    void pathologicalJsonIsRefusedWithTheValidationExceptionOnly() {
        for (String body : List.of("[".repeat(100_000), "{\"widgets\":[" + "[".repeat(5000) + "]}", "{\"widgets\":[],\"x\":1" + "0".repeat(5000) + "}",
                "{\"widgets\":[{\"type\":\"text\",\"x\":1e99999,\"y\":0,\"properties\":{\"markdown\":\"m\"}}]}", "null", "\"text\"",
                "{\"widgets\":[]} trailing", "")) {
            assertThrows(DashboardInvalidInputException.class, () -> DashboardBodyParser.parse(body), body.length() > 80 ? body.substring(0, 80) : body);
        }
        assertThrows(DashboardInvalidInputException.class, () -> DashboardBodyParser.parse((String) null));
    }

    @Test
    void anAlarmAnnotationStandsForTheMetricsArrayAndExcludesIt() {
        MetricWidget widget = (MetricWidget) DashboardBodyParser.parse("""
                {"widgets":[{"type":"metric","properties":{"annotations":{"alarms":["arn:aws:cloudwatch:local:000000000000:alarm:HighLatency"]}}}]}
                """).widgets().get(0);
        assertEquals(List.of("arn:aws:cloudwatch:local:000000000000:alarm:HighLatency"), widget.annotations().alarms());
        assertEquals(List.of(message("/widgets/0/properties/annotations/alarms",
                        "If you specify an alarm annotation, you cannot also specify a metrics array in the same widget")),
                refused("{\"widgets\":[{\"type\":\"metric\",\"properties\":{\"metrics\":[[\"A\",\"B\"]],"
                        + "\"annotations\":{\"alarms\":[\"arn:aws:cloudwatch:local:000000000000:alarm:A\"]}}}]}"));
        assertEquals(List.of(message("/widgets/0/properties", "Should have required property 'metrics'")),
                refused("{\"widgets\":[{\"type\":\"metric\",\"properties\":{}}]}"));
    }
}
