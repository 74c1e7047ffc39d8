package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The index answers while the tracer keeps adding documents to the traces it reads. */
class TraceIndexTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static String segment(int trace, int n) {
        String traceId = "1-6740%04x-%024x".formatted(0, trace);
        return ("{\"name\":\"orders\",\"id\":\"%016x\",\"trace_id\":\"%s\",\"start_time\":%d.%06d,\"end_time\":%d.%06d,"
                + "\"subsegments\":[{\"name\":\"db\",\"id\":\"%016x\",\"namespace\":\"remote\",\"start_time\":%d.%06d,\"end_time\":%d.%06d}]}")
                .formatted(trace * 1_000_000L + n, traceId, T0.getEpochSecond(), n, T0.getEpochSecond() + 1, n,
                        (trace * 1_000_000L + n) | 1L << 60, T0.getEpochSecond(), n, T0.getEpochSecond(), n + 1);
    }

    @Test
    void queriesWhileDocumentsArriveNeverFailAndSeeWholeDocuments() throws Exception {
        TraceIndex index = new TraceIndex(1_000_000);
        AtomicBoolean adding = new AtomicBoolean(true);
        CompletableFuture<Void> emitter = CompletableFuture.runAsync(() -> {
            for (int n = 0; n < 15_000; n++) {
                index.add("1-6740%04x-%024x".formatted(0, n % 20), segment(n % 20, n));
            }
            adding.set(false);
        });
        int queries = 0;
        while (adding.get() || queries < 10) {
            JsonNode graph = index.serviceGraphTree(T0, T0.plusSeconds(60));
            for (JsonNode service : graph.get("Services")) {
                if (service.get("Name").asText().equals("orders")) {
                    // Every document brings one segment and one call: the counts move together.
                    long requests = service.at("/SummaryStatistics/TotalCount").asLong();
                    long calls = service.at("/Edges/0/SummaryStatistics/TotalCount").asLong();
                    assertEquals(requests, calls, graph.toString());
                }
            }
            index.traceSummariesTree("service(\"orders\")", T0, T0.plusSeconds(60));
            queries++;
        }
        emitter.get();
        assertEquals(20, index.traceSummariesTree("service(\"db\")", T0, T0.plusSeconds(60)).get("TraceSummaries").size());
        assertTrue(queries >= 10);
    }

    /**
     * As BatchGetTraces answers (https://docs.aws.amazon.com/xray/latest/api/API_BatchGetTraces.html):
     * each trace with its duration and segment documents, and the ids it does not know apart.
     */
    @Test
    void batchGetTracesGivesEachTracesSegmentsWithStreamedSubsegmentsPutBack() throws Exception {
        TraceIndex index = new TraceIndex(100);
        String trace = "1-67400000-000000000000000000000001";
        index.add(trace, "{\"name\":\"web\",\"id\":\"a000000000000001\",\"trace_id\":\"" + trace
                + "\",\"start_time\":1.0,\"in_progress\":true}");
        // Streamed subsegments, the inner one first: each joins its parent whatever the order.
        index.add(trace, "{\"type\":\"subsegment\",\"name\":\"sql\",\"id\":\"c000000000000003\",\"trace_id\":\"" + trace
                + "\",\"parent_id\":\"b000000000000002\",\"start_time\":1.2,\"end_time\":1.3}");
        index.add(trace, "{\"type\":\"subsegment\",\"name\":\"db\",\"id\":\"b000000000000002\",\"trace_id\":\"" + trace
                + "\",\"parent_id\":\"a000000000000001\",\"start_time\":1.1,\"end_time\":1.4}");
        index.add(trace, "{\"name\":\"web\",\"id\":\"a000000000000001\",\"trace_id\":\"" + trace
                + "\",\"start_time\":1.0,\"end_time\":1.5,\"subsegments\":[{\"name\":\"cache\",\"id\":\"d000000000000004\","
                + "\"start_time\":1.0,\"end_time\":1.05}]}");
        index.add(trace, "{\"name\":\"orders\",\"id\":\"e000000000000005\",\"trace_id\":\"" + trace
                + "\",\"parent_id\":\"d000000000000004\",\"start_time\":1.01,\"end_time\":1.04}");
        JsonNode answer = TraceIndex.JSON.readTree(index.batchGetTraces(List.of(trace, "1-67400000-000000000000000000000009", trace)));
        assertEquals("[\"1-67400000-000000000000000000000009\"]", answer.get("UnprocessedTraceIds").toString());
        assertEquals(1, answer.get("Traces").size(), "an id asked twice is answered once");
        JsonNode found = answer.get("Traces").get(0);
        assertEquals(trace, found.get("Id").asText());
        assertEquals(0.5, found.get("Duration").asDouble(), 1e-9);
        assertEquals(false, found.get("LimitExceeded").asBoolean());
        JsonNode segments = found.get("Segments");
        assertEquals(2, segments.size(), "the streamed subsegments are inside their segment, not beside it: " + segments);
        JsonNode web = TraceIndex.JSON.readTree(segments.get(0).get("Document").asText());
        assertEquals("a000000000000001", segments.get(0).get("Id").asText());
        assertEquals(1.5, web.get("end_time").asDouble(), "the completed document replaced the one in progress");
        assertEquals("cache", web.at("/subsegments/0/name").asText());
        JsonNode db = web.at("/subsegments/1");
        assertEquals("db", db.get("name").asText());
        assertTrue(db.path("type").isMissingNode() && db.path("parent_id").isMissingNode(), "written as an embedded subsegment: " + db);
        assertEquals("sql", db.at("/subsegments/0/name").asText());
        assertEquals("orders", TraceIndex.JSON.readTree(segments.get(1).get("Document").asText()).get("name").asText());
        assertEquals(5, index.documentCount(), "the documents held are not changed by the answer");
        assertEquals(2, TraceIndex.JSON.readTree(index.batchGetTraces(List.of(trace))).at("/Traces/0/Segments").size());
    }
}
