package dev.monitor.console.traces;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.console.ApiRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The service map as the page draws it, read from what GetServiceGraph answers: a node's requests
 * are split into ok, fault, error (other than throttles) and throttle counts that add up to the
 * whole, so that their shares colour it; latencies are in seconds.
 */
final class ServiceMapView {
    private ServiceMapView() {
    }

    /** {@code client} is X-Ray's node for requests from outside: it has no segments, its counts are those of its edges. */
    record Node(int id, String name, String type, boolean root, boolean client, Counts counts, Latency latency) {
    }

    record Edge(int source, int target, Counts counts, Latency latency) {
    }

    /** Requests: {@code ok + faults + errors + throttles == requests}; shares are of {@code requests}. */
    record Counts(long requests, long ok, long faults, long errors, long throttles, double faultShare, double errorShare,
                  double throttleShare) {
        static Counts of(JsonNode summary) {
            long requests = summary.path("TotalCount").asLong();
            long faults = summary.at("/FaultStatistics/TotalCount").asLong();
            long throttles = summary.at("/ErrorStatistics/ThrottleCount").asLong();
            long errors = summary.at("/ErrorStatistics/OtherCount").asLong();
            return new Counts(requests, summary.path("OkCount").asLong(), faults, errors, throttles, share(faults, requests),
                    share(errors, requests), share(throttles, requests));
        }

        Counts plus(Counts other) {
            long requests = this.requests + other.requests;
            long faults = this.faults + other.faults;
            long errors = this.errors + other.errors;
            long throttles = this.throttles + other.throttles;
            return new Counts(requests, ok + other.ok, faults, errors, throttles, share(faults, requests), share(errors, requests),
                    share(throttles, requests));
        }

        private static double share(long part, long whole) {
            return whole == 0 ? 0 : (double) part / whole;
        }
    }

    /** Seconds: the average (TotalResponseTime over TotalCount) and Monitor's percentiles. */
    record Latency(double average, double p50, double p90, double p99) {
        static Latency of(JsonNode statistics) {
            JsonNode summary = statistics.path("SummaryStatistics");
            long count = summary.path("TotalCount").asLong();
            JsonNode percentiles = statistics.path("ResponseTimePercentiles");
            return new Latency(count == 0 ? 0 : summary.path("TotalResponseTime").asDouble() / count,
                    percentiles.path("p50").asDouble(), percentiles.path("p90").asDouble(), percentiles.path("p99").asDouble());
        }
    }

    record Answer(boolean tracing, String message, Instant start, Instant end, List<Node> nodes, List<Edge> edges) {
    }

    static Answer of(JsonNode graph, ApiRequest.TimeRange range) {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (JsonNode service : graph.path("Services")) {
            int id = service.path("ReferenceId").asInt();
            Counts outgoing = new Counts(0, 0, 0, 0, 0, 0, 0, 0);
            for (JsonNode edge : service.path("Edges")) {
                Counts counts = Counts.of(edge.path("SummaryStatistics"));
                outgoing = outgoing.plus(counts);
                edges.add(new Edge(id, edge.path("ReferenceId").asInt(), counts, Latency.of(edge)));
            }
            String type = service.path("Type").asText();
            boolean client = type.equals("client");
            nodes.add(new Node(id, service.path("Name").asText(), type, service.path("Root").asBoolean(), client,
                    client ? outgoing : Counts.of(service.path("SummaryStatistics")), client ? null : Latency.of(service)));
        }
        return new Answer(true, null, range.start(), range.end(), nodes, edges);
    }
}
