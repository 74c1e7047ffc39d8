package dev.monitor.console.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.console.ApiException;
import dev.monitor.console.ApiRequest;
import dev.monitor.console.ConsoleApi;
import dev.monitor.console.ConsolePage;
import dev.monitor.core.Monitor;
import dev.monitor.core.syntax.ParseException;
import dev.monitor.xray.TraceIndex;
import dev.monitor.xray.XRayTracer;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Traces: the X-Ray service map, the traces matching a filter expression, and one trace's
 * timeline, from the traces the monitor's X-Ray tracer sent recently ({@link XRayTracer#traces()}).
 *
 * <ul>
 *   <li>{@code GET /api/traces/map?start&end}: the service map as GetServiceGraph answers it, each node with its
 *       requests split into ok, fault, error and throttle counts and shares, each edge with its count and latency;</li>
 *   <li>{@code GET /api/traces/list?filter=EXPR&start&end}: the summaries of the traces matching an X-Ray filter
 *       expression, newest first, as GetTraceSummaries answers (a malformed expression is a 400 naming where and why);</li>
 *   <li>{@code GET /api/traces/trace/ID}: one trace's segments and subsegments as a tree, as BatchGetTraces gives them.</li>
 * </ul>
 * When the monitor's tracer is not monitor-xray's, every answer says tracing is off ({@code tracing: false}).
 */
public final class TracesPage implements ConsolePage {
    /** X-Ray's trace id: version 1, the start's epoch seconds in 8 hex digits, 24 hex digits. */
    private static final Pattern TRACE_ID = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}");
    static final String OFF = "Tracing is off: the monitor's tracer is not monitor-xray's X-Ray tracer, so no traces are kept to show.";
    /** The most summaries one list answer carries; the rest are counted. */
    static final int MAX_LISTED = 1000;
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return "traces";
    }

    @Override
    public String title() {
        return "Traces";
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public void install(ConsoleApi api, Monitor monitor) {
        installOn(api, monitor.tracer() instanceof XRayTracer xray ? xray.traces() : null);
    }

    /** {@code index} null: tracing is off. */
    static void installOn(ConsoleApi api, TraceIndex index) {
        api.get("map", request -> map(index, request));
        api.get("list", request -> list(index, request));
        api.get("trace", request -> trace(index, request));
    }

    static ServiceMapView.Answer map(TraceIndex index, ApiRequest request) throws IOException {
        ApiRequest.TimeRange range = request.range();
        if (index == null) {
            return new ServiceMapView.Answer(false, OFF, range.start(), range.end(), List.of(), List.of());
        }
        return ServiceMapView.of(JSON.readTree(index.serviceGraph(range.start(), range.end())), range);
    }

    /** One trace in the list, from its TraceSummary. */
    record Summary(String id, Instant startTime, double duration, double responseTime, boolean hasFault, boolean hasError,
                   boolean hasThrottle, boolean partial, Integer httpStatus, String httpMethod, String httpUrl,
                   String entryPoint, List<String> services, Map<String, List<Object>> annotations) {
    }

    record ListAnswer(boolean tracing, String message, String filter, Instant start, Instant end, int processed,
                      int matched, List<Summary> traces) {
    }

    static ListAnswer list(TraceIndex index, ApiRequest request) throws IOException {
        ApiRequest.TimeRange range = request.range();
        String filter = request.optional("filter").orElse("");
        if (index == null) {
            return new ListAnswer(false, OFF, filter, range.start(), range.end(), 0, 0, List.of());
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(index.traceSummaries(filter, range.start(), range.end()));
        } catch (ParseException e) { // the message names the line, column, what was expected and what was found
            throw ApiException.badRequest(e.getMessage());
        }
        List<Summary> traces = new ArrayList<>();
        JsonNode summaries = answer.path("TraceSummaries");
        for (JsonNode summary : summaries) {
            if (traces.size() == MAX_LISTED) {
                break;
            }
            traces.add(summary(summary));
        }
        return new ListAnswer(true, null, filter, range.start(), range.end(), answer.path("TracesProcessedCount").asInt(),
                summaries.size(), traces);
    }

    private static Summary summary(JsonNode summary) {
        JsonNode http = summary.path("Http");
        List<String> services = new ArrayList<>();
        summary.path("ServiceIds").forEach(service -> services.add(service.path("Name").asText()));
        Map<String, List<Object>> annotations = new LinkedHashMap<>();
        summary.path("Annotations").fields().forEachRemaining(entry -> {
            List<Object> values = new ArrayList<>();
            for (JsonNode value : entry.getValue()) {
                JsonNode v = value.path("AnnotationValue");
                values.add(v.has("NumberValue") ? (Object) v.get("NumberValue").asDouble()
                        : v.has("BooleanValue") ? (Object) v.get("BooleanValue").asBoolean() : v.path("StringValue").asText());
            }
            annotations.put(entry.getKey(), values);
        });
        return new Summary(summary.path("Id").asText(), OffsetDateTime.parse(summary.path("StartTime").asText()).toInstant(),
                summary.path("Duration").asDouble(), summary.path("ResponseTime").asDouble(), summary.path("HasFault").asBoolean(),
                summary.path("HasError").asBoolean(), summary.path("HasThrottle").asBoolean(), summary.path("IsPartial").asBoolean(),
                http.has("HttpStatus") ? http.get("HttpStatus").asInt() : null, http.path("HttpMethod").textValue(),
                http.path("HttpURL").textValue(), summary.at("/EntryPoint/Name").textValue(), services, annotations);
    }

    static TraceTree.Answer trace(TraceIndex index, ApiRequest request) throws IOException {
        String id = request.rest();
        if (!TRACE_ID.matcher(id).matches()) {
            throw ApiException.badRequest("trace id '" + id + "' is not an X-Ray trace id: 1-, 8 hex digits, -, 24 hex digits "
                    + "(1-5759e988-bd862e3fe1be46a994272793)");
        }
        if (index == null) {
            throw ApiException.notFound(OFF);
        }
        JsonNode traces = JSON.readTree(index.batchGetTraces(List.of(id))).path("Traces");
        if (traces.isEmpty()) {
            throw ApiException.notFound("trace '" + id + "' is not among the traces the tracer kept (it may be older than they are)");
        }
        return TraceTree.of(traces.get(0));
    }
}
