package dev.monitor.api.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The scoped context: always restored, and carried across threads by the wrappers. */
class ContextTest {

    @Test
    void scopesNestAndAlwaysRestore() {
        assertSame(Context.root(), Context.current());
        try (Scope outer = Context.current().with("tenant", "acme").makeCurrent()) {
            try (Scope inner = Context.current().with("orderId", "o-1").withTrace("1-abc", "seg").makeCurrent()) {
                assertEquals(Map.of("tenant", "acme", "orderId", "o-1"), Context.current().fields());
                assertEquals("1-abc", Context.current().traceId());
                assertEquals("seg", Context.current().segmentId());
                inner.close();
                inner.close();
                assertEquals(Map.of("tenant", "acme"), Context.current().fields(), "closing twice is harmless");
            }
            assertNull(Context.current().traceId());
        }
        assertSame(Context.root(), Context.current());
    }

    @Test
    void aScopeClosedOnAnotherThreadLeavesBothThreadsAlone() throws Exception {
        Scope scope = Context.current().with("orderId", "o-1").makeCurrent();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertEquals(Map.of(), other.submit(() -> {
                scope.close();
                return Context.current().fields();
            }).get());
            assertEquals(Map.of("orderId", "o-1"), Context.current().fields(), "only the opening thread restores");
        } finally {
            other.shutdown();
        }
        scope.close();
        assertSame(Context.root(), Context.current(), "and it still can");
    }

    @Test
    void wrappersCarryTheSubmittersContext() throws Exception {
        ExecutorService pool = Context.wrap(Executors.newSingleThreadExecutor());
        ScheduledExecutorService scheduler = Context.wrap(Executors.newSingleThreadScheduledExecutor());
        try (Scope ignored = Context.current().with("requestId", "r-7").makeCurrent()) {
            assertEquals("r-7", pool.submit(() -> Context.current().fields().get("requestId")).get());
            assertEquals("r-7", pool.invokeAll(List.of(() -> Context.current().fields().get("requestId"))).get(0).get());
            assertEquals("r-7", scheduler.schedule(() -> Context.current().fields().get("requestId"), 1, TimeUnit.MILLISECONDS).get());
            assertEquals("r-7", CompletableFuture.supplyAsync(() -> Context.current().fields().get("requestId"), pool)
                    .thenApplyAsync(value -> value + "/" + Context.current().fields().get("requestId"), pool).get()
                    .split("/")[1]);
            Runnable task = Context.current().wrap(() -> assertEquals("r-7", Context.current().fields().get("requestId")));
            Executors.newSingleThreadExecutor().submit(task).get();
        }
        assertEquals(Map.of(), pool.submit(() -> Context.current().fields()).get(), "the pool's thread was left clean");
        pool.shutdown();
        scheduler.shutdown();
    }

    @Test
    void typedSlotsAreSetReplacedAndEmptiedWithoutTouchingTheRest() {
        Context.Key<String> tenant = new Context.Key<>("tenant");
        Context.Key<Integer> depth = new Context.Key<>("depth");
        Context base = Context.root().with("orderId", "o-1");
        Context both = base.with(tenant, "acme").with(depth, 1);
        assertEquals("acme", both.get(tenant));
        assertEquals(1, both.get(depth));
        assertNull(base.get(tenant), "contexts are immutable");
        Context replaced = both.with(depth, 2);
        assertEquals(2, replaced.get(depth));
        assertEquals(1, both.get(depth));
        Context emptied = replaced.with(tenant, null);
        assertNull(emptied.get(tenant));
        assertEquals(2, emptied.get(depth));
        assertSame(base, base.with(tenant, null), "emptying an empty slot changes nothing");
        Context.Key<Context.TraceIds> entity = new Context.Key<>("entity");
        int[] asked = new int[1];
        Context.TraceIds ids = new Context.TraceIds() {
            @Override
            public String traceId() {
                return "1-abc";
            }

            @Override
            public String segmentId() {
                asked[0]++;
                return "seg-1";
            }
        };
        Context traced = emptied.withTrace(entity, ids);
        assertEquals(0, asked[0], "ids are read only when asked");
        assertEquals("1-abc", traced.traceId());
        assertEquals("seg-1", traced.segmentId());
        assertSame(ids, traced.get(entity));
        assertEquals(2, traced.get(depth));
        assertEquals(Map.of("orderId", "o-1"), traced.fields());
        Context.TraceIds other = new Context.TraceIds() {
            @Override
            public String traceId() {
                return "1-def";
            }

            @Override
            public String segmentId() {
                return "seg-2";
            }
        };
        Context nested = traced.withTrace(entity, other);
        assertSame(other, nested.get(entity), "a nested entity replaces the slot");
        assertEquals("seg-2", nested.segmentId());
        Context overwritten = nested.with(entity, ids);
        assertSame(ids, overwritten.get(entity), "setting the trace's slot directly is an ordinary slot");
        assertEquals("seg-2", overwritten.segmentId(), "and leaves the ids");
        Context fixed = nested.withTrace("1-fff", "seg-3");
        assertSame(other, fixed.get(entity), "fixed ids leave the entity's slot");
        assertEquals("seg-3", fixed.segmentId());
        assertNull(nested.with(entity, null).get(entity));
        try (Scope outer = base.makeCurrent(); Scope inner = Context.makeCurrentWithTrace(entity, ids)) {
            assertSame(ids, Context.current().get(entity));
            assertEquals(Map.of("orderId", "o-1"), Context.current().fields(), "the current context, inside the trace");
        }
        assertSame(Context.root(), Context.current());
    }
}
