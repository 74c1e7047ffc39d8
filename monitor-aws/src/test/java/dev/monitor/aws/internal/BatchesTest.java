package dev.monitor.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The splitting every AWS exporter uses, at and just past each limit. */
class BatchesTest {
    private static final Batches.Limits LIMITS = new Batches.Limits(3, 100, 10);

    @Test
    void exactlyTheByteLimitIsOneRequestAndOneByteMoreIsTwo() {
        assertEquals(List.of(List.of(40L, 50L)), Batches.split(List.of(40L, 50L), LIMITS, Long::longValue));
        assertEquals(List.of(List.of(40L), List.of(51L)), Batches.split(List.of(40L, 51L), LIMITS, Long::longValue));
    }

    @Test
    void exactlyTheItemLimitIsOneRequestAndOneMoreIsTwo() {
        assertEquals(1, Batches.split(List.of(1L, 1L, 1L), LIMITS, Long::longValue).size());
        assertEquals(List.of(List.of(1L, 1L, 1L), List.of(2L)), Batches.split(List.of(1L, 1L, 1L, 2L), LIMITS, Long::longValue));
    }

    @Test
    void anItemThatCannotFitAloneIsRefused() {
        assertEquals(1, Batches.split(List.of(90L), LIMITS, Long::longValue).size());
        assertThrows(IllegalArgumentException.class, () -> Batches.split(List.of(91L), LIMITS, Long::longValue));
    }

    @Property
    void requestsKeepEveryItemInOrderWithinTheLimits(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 90) Integer> sizes) {
        List<Long> items = sizes.stream().map(Integer::longValue).toList();
        List<List<Long>> requests = Batches.split(items, LIMITS, Long::longValue);
        assertEquals(items, requests.stream().flatMap(List::stream).toList());
        for (int i = 0; i < requests.size(); i++) {
            List<Long> request = requests.get(i);
            long bytes = 10 + request.stream().mapToLong(Long::longValue).sum();
            assertEquals(true, request.size() <= 3 && bytes <= 100, request.toString());
            if (i + 1 < requests.size()) { // greedy: the next request's first item did not fit in this one
                long next = requests.get(i + 1).get(0);
                assertEquals(true, request.size() == 3 || bytes + next > 100, request + " then " + next);
            }
        }
        assertEquals(Collections.emptyList(), Batches.split(List.<Long>of(), LIMITS, Long::longValue));
    }
}
