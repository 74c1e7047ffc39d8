package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
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
}
