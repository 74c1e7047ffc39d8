package dev.monitor.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * count_distinct is exact for ordinary fields and an estimate within a few percent for fields of
 * very many values, as https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Stats.html
 * allows ("just an approximation"), in bounded memory.
 */
class DistinctCounterTest {

    @Test
    void exactUpToTenThousandValues() {
        DistinctCounter counter = new DistinctCounter();
        for (int i = 0; i < 30_000; i++) {
            counter.add("user-" + (i % DistinctCounter.EXACT));
        }
        assertEquals(DistinctCounter.EXACT, counter.count());
    }

    @Test
    void estimatesManyMoreValuesWithinTwoPercent() {
        for (int distinct : new int[] {10_001, 50_000, 1_000_000}) {
            DistinctCounter counter = new DistinctCounter();
            for (int i = 0; i < distinct; i++) {
                counter.add("request-" + i);
                counter.add("request-" + (i / 2));
            }
            double error = Math.abs(counter.count() - distinct) / (double) distinct;
            assertTrue(error < 0.02, distinct + " counted as " + counter.count());
        }
    }
}
