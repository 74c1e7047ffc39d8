package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Every form of the X-Ray developer guide's filter-expression page, on one trace:
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-console-filters.html
 *
 * <p>The trace: {@code gateway} (the entry point, 200 OK after 2.5 s, user ann, annotations)
 * calls {@code backend.example.com} (its call got a 404; the Lambda function's segment faulted
 * in its {@code deserialize} subsegment, which threw) and DynamoDB (no traced service answers:
 * an inferred node, throttled). The gateway handled both: the trace is not a fault trace.
 */
class FilterExpressionGuideTest {
    private static final String TRACE_ID = "1-6b000000-000000000000000000000001";

    static Trace trace(boolean partial) throws Exception {
        Trace trace = new Trace(TRACE_ID);
        trace.add(XRayTracerTest.JSON.readTree("""
                {"name": "gateway", "id": "a000000000000001", "trace_id": "%s", "start_time": 1795341600.0, "end_time": 1795341602.5,
                 "user": "ann", "http": {"request": {"url": "http://api.example.com/v2/orders", "method": "GET",
                 "user_agent": "curl/8.0", "client_ip": "10.0.0.9"}, "response": {"status": 200}},
                 "annotations": {"gameid": "817DL6VO", "age": 30, "vip": false},
                 "aws": {"ec2": {"availability_zone": "eu-west-1a", "instance_id": "i-0abc"}},
                 "subsegments": [
                   {"name": "backend.example.com", "id": "a000000000000002", "namespace": "remote", "start_time": 1795341600.1,
                    "end_time": 1795341602.1, "error": true, "http": {"response": {"status": 404}}},
                   {"name": "DynamoDB", "id": "a000000000000003", "namespace": "aws", "start_time": 1795341602.1,
                    "end_time": 1795341602.2, "error": true, "throttle": true, "http": {"response": {"status": 429}}}]}
                """.formatted(TRACE_ID)));
        trace.add(XRayTracerTest.JSON.readTree("""
                {"name": "backend.example.com", "id": "b000000000000001", "trace_id": "%s", "parent_id": "a000000000000002",
                 "origin": "AWS::Lambda::Function", "start_time": 1795341600.2, "end_time": 1795341602.0, "fault": true,
                 "http": {"response": {"status": 500}},
                 "subsegments": [{"name": "deserialize", "id": "b000000000000002", "start_time": 1795341600.3, "end_time": 1795341601.9,
                   "fault": true, "cause": {"exceptions": [{"id": "c000000000000001", "type": "AccessDeniedException",
                   "message": "Access Denied for account_id: 1234567890"}]}}]}
                """.formatted(TRACE_ID)));
        if (partial) {
            trace.add(XRayTracerTest.JSON.readTree("""
                    {"name": "audit", "id": "d000000000000001", "trace_id": "%s", "parent_id": "b000000000000002",
                     "start_time": 1795341601.0, "in_progress": true}
                    """.formatted(TRACE_ID)));
        }
        return trace;
    }

    private static boolean matches(String expression) throws Exception {
        return FilterExpression.parse(expression).test(trace(false));
    }

    private static String refused(String expression) {
        return assertThrows(IllegalArgumentException.class, () -> FilterExpression.parse(expression)).getMessage();
    }

    @Test
    void booleanKeywordsDescribeTheTraceAsItsRootSegmentAnswered() throws Exception {
        assertTrue(matches("ok"));
        assertEquals(false, matches("!ok"));
        assertEquals(false, matches("ok = false"));
        assertTrue(matches("ok = true") && matches("ok != false"));
        assertEquals(false, matches("fault"), "the gateway handled the downstream fault: not a fault trace");
        assertEquals(false, matches("error") || matches("throttle"));
        assertTrue(matches("inferred"), "DynamoDB is an inferred node");
        assertEquals(false, matches("partial"));
        assertTrue(FilterExpression.parse("partial").test(trace(true)));
        assertTrue(matches("ok !partial duration <3"), "terms side by side are joined by AND");
    }

    @Test
    void numberAndStringKeywords() throws Exception {
        assertTrue(matches("responsetime > 2") && !matches("responsetime > 5"));
        assertTrue(matches("duration >= 2 AND duration <= 8"));
        assertEquals(false, matches("http.status != 200"));
        assertTrue(matches("http.url CONTAINS \"/v2/\"") && matches("http.method = \"GET\""));
        assertTrue(matches("http.useragent BEGINSWITH \"curl\"") && matches("http.clientip = \"10.0.0.9\""));
        assertTrue(matches("user CONTAINS \"\""), "the guide's test that a field is set");
        assertTrue(matches("user = \"ann\"") && !matches("user = \"bob\""));
        assertTrue(matches("availabilityzone = \"eu-west-1a\"") && matches("instance.id ENDSWITH \"abc\""));
        assertEquals(false, matches("resource.arn"));
        assertTrue(matches("http.url AND responseTime > 2"), "a string keyword alone is true when set; keywords ignore case");
        assertTrue(matches("http.url BEGINSWITH \"http://api.example.com/\" AND http.url CONTAINS \"/v2/\" AND !service(\"api.example.com\")"));
    }

    @Test
    void annotationsAloneNegatedAndCompared() throws Exception {
        assertTrue(matches("annotation.gameid = \"817DL6VO\""));
        assertTrue(matches("annotation.age"));
        assertEquals(false, matches("!annotation.age"));
        assertTrue(matches("!annotation.missing"));
        assertTrue(matches("annotation.age > 29") && !matches("annotation.age > 30"));
        assertEquals(false, matches("annotation.vip"), "a boolean annotation alone is its value");
        assertTrue(matches("annotation.vip = false"));
    }

    @Test
    void serviceAndEdgeFiltersFindWhatHappenedDownstream() throws Exception {
        assertTrue(matches("service(\"backend.example.com\") { fault }"));
        assertTrue(matches("service() { fault }"), "a fault anywhere on the map");
        assertEquals(false, matches("service(\"gateway\") { fault }"));
        assertTrue(matches("service(\"gateway\") {root = true and fault = false}"));
        assertEquals(false, matches("service(\"backend.example.com\") { root }"));
        assertTrue(matches("service(\"DynamoDB\") { throttle }") && matches("service() { inferred and type = \"AWS::DynamoDB\" }"));
        assertTrue(matches("service(\"backend.example.com\")") && !matches("service(\"nowhere\")"));
        assertTrue(matches("edge(\"gateway\", \"backend.example.com\") { error }"), "the call, seen by its caller, got a 404");
        assertEquals(false, matches("edge(\"gateway\", \"backend.example.com\") { fault }"));
        assertEquals(false, matches("edge(\"backend.example.com\", \"gateway\")"));
        assertTrue(matches("edge(\"gateway\", \"DynamoDB\") { throttle }"));
        assertTrue(matches("service(id(name: \"backend.example.com\", type: \"AWS::Lambda::Function\")) { fault }"));
        assertEquals(false, matches("service(id(name: \"backend.example.com\", type: \"AWS::EC2::Instance\")) { fault }"));
        assertTrue(matches("service(id(type: \"AWS::Lambda::Function\")) { fault }"));
        assertTrue(matches("edge(id(name: \"gateway\"), id(name: \"backend.example.com\", type: \"AWS::Lambda::Function\")) { error }"));
        assertTrue(matches("!service(\"nowhere\") AND NOT edge(\"gateway\", \"nowhere\")"));
    }

    @Test
    void rootCauseKeywordsEnumerateTheFaultsPath() throws Exception {
        assertTrue(matches("rootcause.fault.service { name = \"backend.example.com\" }"));
        assertTrue(matches("rootcause.fault.entity { last and name = \"deserialize\" }"));
        assertTrue(matches("rootcause.fault.exception { last and message = \"Access Denied for account_id: 1234567890\" }"));
        assertTrue(matches("rootcause.fault.exception { name = \"AccessDeniedException\" }"));
        assertEquals(false, matches("rootcause.fault.service { index > 5 }"));
        assertTrue(matches("rootcause.fault.service { index = 1 and last }") && matches("rootcause.fault.service { first and name = \"gateway\" }"));
        assertEquals(false, matches("rootcause.fault.service { inferred and name = traces and type = \"AWS::DynamoDB\" }"));
        assertTrue(matches("rootcause.error.service { inferred and type = \"AWS::DynamoDB\" }"));
        assertTrue(matches("rootcause.responsetime.entity { last and coverage > 0.6 }"), "deserialize took 1.6 of 2.5 s");
        assertTrue(matches("rootcause.responsetime.service { last and type = \"AWS::Lambda::Function\" }"));
        assertEquals(false, matches("rootcause.responsetime.entity { remote and coverage > 0.9 and name = \"traces\" }"));
    }

    @Test
    void whatMonitorDoesNotKeepIsRefusedByName() {
        assertTrue(refused("group.name = \"high_response_time\" AND user = \"alice\"").contains("X-Ray groups are not kept by Monitor"));
        assertTrue(refused("group.arn = \"arn:aws:xray:eu-west-1:1:group/x\"").contains("'group.arn' cannot be used"));
        assertTrue(refused("rootcause.json = #[{ \"Services\": [] }]").contains("'rootcause.json' (a JSON root-cause object) is not supported"));
        assertTrue(refused("service(\"a\") { annotation.x }").contains("'annotation.x' cannot be used inside service() { }"));
        assertTrue(refused("name = \"a\"").contains("'name' cannot be used in a trace"));
        assertTrue(refused("rootcause.fault.exception { coverage > 1 }").contains("'coverage' cannot be used in rootcause.*.exception"));
        assertTrue(refused("ok = 1").endsWith("column 6: ok is compared with true or false; expected true or false but found '1'"));
        assertTrue(refused("service(id(kind: \"x\"))").contains("id(...) takes name and type, not 'kind'"));
        assertTrue(refused("edge(\"a\")").contains("expected ',' between the edge's source and destination"));
    }

    /** Issue 12: nesting is refused with a depth limit, never StackOverflowError; a long flat expression still works. */
    @Test
    void deepNestingIsRefusedByDepthNotByStackOverflow() throws Exception {
        String parentheses = "(".repeat(20_000) + "ok" + ")".repeat(20_000);
        assertTrue(refused(parentheses).contains("nested deeper than 100 levels of parentheses, braces and NOT"));
        assertTrue(refused("NOT ".repeat(5_000) + "ok").contains("nested deeper than 100 levels"));
        assertTrue(refused("!".repeat(5_000) + "ok").contains("nested deeper than 100 levels"));
        assertTrue(refused("service() {".repeat(2) + "ok }}").contains("cannot be used inside service() { }"));
        assertTrue(matches("(".repeat(50) + "ok" + ")".repeat(50)), "50 levels are fine");
        assertTrue(matches("NOT ".repeat(98) + "ok"), "an even number of NOTs");
        assertTrue(matches("ok" + " AND ok".repeat(50_000)), "long but flat");
        assertTrue(matches("fault" + " OR fault".repeat(50_000) + " OR ok"));
    }
}
