package dev.monitor.core.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.profiler.HeapSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Class histograms as {@code jcmd GC.class_histogram} prints them, parsed, cut to the top classes, and compared. */
class HeapHistogramTest {
    private static final String FIRST = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          5765         502696  [B (java.base@17.0.15)
               2:          5347         128328  java.lang.String (java.base@17.0.15)
               3:           900          86400  [Ljava.lang.Object; (java.base@17.0.15)
               4:          4000          64000  com.shop.Order
               5:            10            480  [[I (java.base@17.0.15)
            Total         16022         781904
            """;

    @Test
    void rowsAreParsedWithJavaNamesAndTheRestPassedOver() {
        List<HeapHistogram.Row> rows = HeapHistogram.parse(FIRST);
        assertEquals(List.of(new HeapHistogram.Row("byte[]", 5765, 502696), new HeapHistogram.Row("java.lang.String", 5347, 128328),
                new HeapHistogram.Row("java.lang.Object[]", 900, 86400), new HeapHistogram.Row("com.shop.Order", 4000, 64000),
                new HeapHistogram.Row("int[][]", 10, 480)), rows);
        assertTrue(HeapHistogram.parse("no histogram here\n  x: 1 2 C\n").isEmpty());
    }

    @Test
    void theTopClassesByBytesAndByInstancesWithTheirChange() {
        HeapHistogram histogram = new HeapHistogram();
        HeapSummary first = histogram.summarize("shop", Instant.parse("2026-12-02T10:00:00Z"), HeapHistogram.parse(FIRST), 2);
        // top 2 by bytes (byte[], String) and top 2 by instances (byte[], String) make the same two
        assertEquals(List.of("byte[]", "java.lang.String"), first.entries().stream().map(HeapSummary.Entry::className).toList());
        assertNull(first.entries().get(0).bytesChange(), "the first summary has nothing to compare with");

        String second = FIRST.replace("4000          64000  com.shop.Order", "9000         144000  com.shop.Order")
                .replace("5765         502696  [B", "5000         400000  [B");
        HeapSummary next = histogram.summarize("shop", Instant.parse("2026-12-02T10:05:00Z"), HeapHistogram.parse(second), 2);
        // by instances Order (9000) now beats String (5347): it joins the list
        assertEquals(List.of("byte[]", "com.shop.Order", "java.lang.String"),
                next.entries().stream().map(HeapSummary.Entry::className).toList());
        HeapSummary.Entry order = next.entries().get(1);
        assertEquals(5000L, order.instancesChange());
        assertEquals(80000L, order.bytesChange());
        assertEquals(-102696L, next.entries().get(0).bytesChange());
        assertEquals(0L, next.entries().get(2).bytesChange());
    }

    @Test
    void theJvmsOwnHistogramParses() {
        List<HeapHistogram.Row> rows = HeapHistogram.parse(HeapHistogram.take());
        assertTrue(rows.stream().anyMatch(row -> row.className().equals("java.lang.String") && row.instances() > 0), rows.toString());
    }
}
