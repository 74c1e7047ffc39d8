package dev.monitor.api.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

    @Test
    void closingRemovesOnceEvenWhenThreadsCloseAtOnce() throws Exception {
        for (int round = 0; round < 100; round++) {
            AtomicInteger removals = new AtomicInteger();
            Subscription subscription = Subscription.of(removals::incrementAndGet);
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    subscription.close();
                });
                t.start();
                threads.add(t);
            }
            start.countDown();
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
            subscription.close();
            assertEquals(1, removals.get());
        }
    }

    @Test
    void aNoopObservationGivesAHandleThatClosesQuietly() {
        try (Subscription gauge = Telemetry.noop().metrics().gaugeBuilder("Depth").observe(() -> 1);
             Subscription counter = Telemetry.noop().metrics().counterBuilder("Total").observe(() -> 1)) {
            assertTrue(gauge != null && counter != null);
        }
    }
}
