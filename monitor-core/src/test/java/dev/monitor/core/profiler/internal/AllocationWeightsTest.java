package dev.monitor.core.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** JFR's first-sample weight error (JDK-8307488) caught by what the thread really allocated. */
class AllocationWeightsTest {
    private static volatile byte[] sink;

    @Test
    void aSampleWeighingMoreThanItsThreadAllocatedSinceTheStartIsDroppedAndCounted() {
        long self = Thread.currentThread().getId();
        AllocationWeights weights = new AllocationWeights();
        for (int i = 0; i < 64; i++) {
            sink = new byte[64 * 1024]; // 4 MB allocated by this thread since the start
        }
        assertTrue(weights.plausible(self, 1024 * 1024), "1 MB of the 4 MB allocated");
        assertFalse(weights.plausible(self, 198L << 30), "198 GB, the weight a CI run saw on a 2.5 s program");
        // what the thread allocated before the start does not count: this thread has allocated more than 4 MB in its life,
        // but not 64 MB since the start
        assertFalse(weights.plausible(self, 64L << 20));
        assertEquals(2, weights.takeDropped());
        assertEquals(0, weights.takeDropped(), "taken, so counted once");
    }

    @Test
    void aThreadThatHasEndedCannotBeCheckedAndItsSamplesAreKept() throws InterruptedException {
        AllocationWeights weights = new AllocationWeights();
        Thread ended = new Thread(() -> sink = new byte[1024]);
        ended.start();
        ended.join();
        assertTrue(weights.plausible(ended.getId(), 1L << 40));
        assertTrue(weights.plausible(-1, 1L << 40), "no thread recorded");
        assertEquals(0, weights.takeDropped());
    }
}
