package dev.monitor.xray;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.internal.AwsCliTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/**
 * The service map of some traces, built as X-Ray builds it: a node per service (the segments'
 * names), an inferred node per remote or AWS call no traced service answered, a {@code client}
 * node for the requests that entered from outside, and an edge from caller to callee. Node
 * statistics come from the service's own segments; an edge's from the caller's view (its
 * subsegment), except the client's edges, which only the entry segment can describe.
 */
final class ServiceGraph {
    private static final String CLIENT = "client";

    /** X-Ray's summary statistics plus a response-time histogram and the users who met errors and faults. */
    static final class Statistics {
        long ok;
        long throttles;
        long otherErrors;
        long faults;
        long total;
        double totalResponseTime;
        double start = Double.MAX_VALUE;
        double end = -Double.MAX_VALUE;
        final Histogram micros = new Histogram(2);
        final TreeSet<String> errorUsers = new TreeSet<>();
        final TreeSet<String> faultUsers = new TreeSet<>();

        void add(Trace.Span span, String user) {
            total++;
            double seconds = span.responseTime();
            totalResponseTime += seconds;
            micros.recordValue(Math.max(1, Math.round(seconds * 1_000_000)));
            start = Math.min(start, span.start());
            end = Math.max(end, span.end());
            if (span.fault()) {
                faults++;
                if (user != null) {
                    faultUsers.add(user);
                }
            } else if (span.error()) {
                if (span.throttle()) {
                    throttles++;
                } else {
                    otherErrors++;
                }
                if (user != null) {
                    errorUsers.add(user);
                }
            } else {
                ok++;
            }
        }

        /** The response time at {@code percentile} in seconds, within 1%. */
        double percentile(double percentile) {
            return total == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1e6;
        }

        void write(ObjectNode out) {
            ObjectNode summary = out.putObject("SummaryStatistics");
            summary.put("OkCount", ok);
            summary.putObject("ErrorStatistics").put("ThrottleCount", throttles).put("OtherCount", otherErrors)
                    .put("TotalCount", throttles + otherErrors);
            summary.putObject("FaultStatistics").put("OtherCount", faults).put("TotalCount", faults);
            summary.put("TotalCount", total);
            summary.put("TotalResponseTime", round(totalResponseTime));
            ArrayNode histogram = out.putArray("ResponseTimeHistogram");
            histogram(micros).forEach((value, count) -> histogram.addObject().put("Value", value).put("Count", count));
            // Monitor's additions: percentiles, and who was affected.
            out.putObject("ResponseTimePercentiles").put("p50", round(percentile(50))).put("p90", round(percentile(90)))
                    .put("p99", round(percentile(99)));
            ObjectNode users = out.putObject("UsersImpacted");
            errorUsers.forEach(users.putArray("Error")::add);
            faultUsers.forEach(users.putArray("Fault")::add);
        }
    }

    private static final class Node {
        final int referenceId;
        final String name;
        final String type;
        boolean root;
        final Statistics statistics = new Statistics();
        final Map<String, Statistics> edges = new LinkedHashMap<>();

        Node(int referenceId, String name, String type) {
            this.referenceId = referenceId;
            this.name = name;
            this.type = type;
        }
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();

    ServiceGraph(Iterable<Trace> traces) {
        for (Trace trace : traces) {
            add(trace);
        }
    }

    private Node node(String name, String type) {
        return nodes.computeIfAbsent(type + "\u0000" + name, key -> new Node(nodes.size(), name, type));
    }

    private void add(Trace trace) {
        Map<String, Trace.Span> byId = trace.byId();
        Map<String, Trace.Span> calledBy = new HashMap<>();
        String user = null;
        for (Trace.Span segment : trace.segments()) {
            user = user != null ? user : segment.user();
        }
        for (Trace.Span segment : trace.segments()) {
            if (segment.inProgress()) {
                continue;
            }
            Node service = node(segment.name(), segment.origin() != null ? segment.origin() : "service");
            service.statistics.add(segment, user);
            Trace.Span caller = segment.parentId() == null ? null : byId.get(segment.parentId());
            if (caller == null) {
                service.root = true;
                node(CLIENT, CLIENT).edges.computeIfAbsent(key(service), k -> new Statistics()).add(segment, user);
            } else {
                calledBy.put(caller.id(), segment);
                Node from = node(caller.service(), trace.serviceType(caller.service()));
                from.edges.computeIfAbsent(key(service), k -> new Statistics()).add(caller, user);
            }
        }
        // Calls that no traced service answered become inferred nodes, as X-Ray infers them.
        for (Trace.Span span : trace.spans()) {
            if (span.isSegment() || span.namespace() == null || span.inProgress() || calledBy.containsKey(span.id())) {
                continue;
            }
            Node inferred = node(span.name(), Trace.inferredType(span));
            inferred.statistics.add(span, user);
            Node from = node(span.service(), trace.serviceType(span.service()));
            from.edges.computeIfAbsent(key(inferred), k -> new Statistics()).add(span, user);
        }
    }

    private static String key(Node node) {
        return node.type + "\u0000" + node.name;
    }

    /** The statistics of the service {@code name}, or null when it is not in the graph. */
    Statistics service(String name) {
        for (Node node : nodes.values()) {
            if (node.name.equals(name) && !node.type.equals(CLIENT)) {
                return node.statistics;
            }
        }
        return null;
    }

    /**
     * Every node another traced service called (not the client's entry points), with the calls made
     * to it as its callers saw them: what health takes as a dependency's fault and throttle rates.
     */
    java.util.List<dev.monitor.core.health.DependencyRates.Calls> dependencies() {
        Map<String, Statistics> calls = new LinkedHashMap<>();
        Map<String, java.util.List<String>> callers = new LinkedHashMap<>();
        for (Node caller : nodes.values()) {
            if (caller.type.equals(CLIENT)) {
                continue;
            }
            caller.edges.forEach((target, statistics) -> {
                Statistics sum = calls.computeIfAbsent(target, k -> new Statistics());
                sum.total += statistics.total;
                sum.faults += statistics.faults;
                sum.throttles += statistics.throttles;
                callers.computeIfAbsent(target, k -> new java.util.ArrayList<>()).add(caller.name);
            });
        }
        java.util.List<dev.monitor.core.health.DependencyRates.Calls> out = new java.util.ArrayList<>();
        calls.forEach((target, sum) -> out.add(new dev.monitor.core.health.DependencyRates.Calls(nodes.get(target).name,
                callers.get(target), sum.total, sum.faults, sum.throttles)));
        return out;
    }

    /** In the layout of {@code aws xray get-service-graph}. */
    ObjectNode toJson(Instant start, Instant end) {
        ObjectNode out = TraceIndex.JSON.createObjectNode();
        out.put("StartTime", AwsCliTime.format(start));
        out.put("EndTime", AwsCliTime.format(end));
        ArrayNode services = out.putArray("Services");
        for (Node node : nodes.values()) {
            ObjectNode service = services.addObject();
            service.put("ReferenceId", node.referenceId);
            service.put("Name", node.name);
            service.putArray("Names").add(node.name);
            service.put("Root", node.root);
            service.put("Type", node.type);
            service.put("State", "active");
            ArrayNode edges = service.putArray("Edges");
            node.edges.forEach((target, statistics) -> {
                ObjectNode edge = edges.addObject();
                edge.put("ReferenceId", nodes.get(target).referenceId);
                edge.put("StartTime", time(statistics.start));
                edge.put("EndTime", time(statistics.end));
                statistics.write(edge);
            });
            if (!node.type.equals(CLIENT)) {
                service.put("StartTime", time(node.statistics.start));
                service.put("EndTime", time(node.statistics.end));
                node.statistics.write(service);
            }
        }
        return out;
    }

    /**
     * The response times bucketed as X-Ray's histograms show them: to the millisecond below 0.1 s
     * (X-Ray's HistogramEntry values are seconds to three places), and to two significant digits
     * above, so that the histogram stays small (at most 100 entries below 0.1 s and 90 per decade
     * above) however many distinct values there are. Each bucket is named by its rounded value.
     */
    static java.util.SortedMap<Double, Long> histogram(Histogram micros) {
        java.util.TreeMap<Double, Long> buckets = new java.util.TreeMap<>();
        for (var value : micros.recordedValues()) {
            double seconds = micros.medianEquivalentValue(value.getValueIteratedTo()) / 1e6;
            buckets.merge(bucket(seconds), value.getCountAddedInThisIterationStep(), Long::sum);
        }
        return buckets;
    }

    static double bucket(double seconds) {
        java.math.BigDecimal exact = java.math.BigDecimal.valueOf(seconds);
        if (seconds < 0.1) {
            return exact.setScale(3, java.math.RoundingMode.HALF_UP).doubleValue();
        }
        return exact.round(new java.math.MathContext(2, java.math.RoundingMode.HALF_UP)).doubleValue();
    }

    private static String time(double epochSeconds) {
        return AwsCliTime.format(Instant.ofEpochSecond((long) Math.floor(epochSeconds),
                Math.round((epochSeconds - Math.floor(epochSeconds)) * 1e6) * 1000));
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1e6) / 1e6;
    }
}
