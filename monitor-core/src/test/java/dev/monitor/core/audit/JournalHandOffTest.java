package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.Await;
import dev.monitor.core.audit.internal.FileModes;
import dev.monitor.core.audit.internal.Journal;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BUFFERED mode's hand-off to the writer thread: an audit caller that finds the queue full waits
 * for room and is never dropped, and one still waiting when the journal closes hears that its
 * record was not written rather than waiting forever.
 */
class JournalHandOffTest {
    @TempDir
    Path dir;

    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    /** Released by the test: until then the writer thread is stuck making the first line. */
    private final CountDownLatch release = new CountDownLatch(1);

    private Journal.Line line(String name, boolean stuck) {
        return new Journal.Line() {
            @Override
            public byte[] bytes() {
                if (stuck) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return ("{\"eventName\":\"" + name + "\"}\n").getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public void written() {
                outcomes.add(name + " written");
            }

            @Override
            public void notWritten(IOException cause) {
                outcomes.add(name + " lost: " + cause.getMessage());
            }
        };
    }

    /** A queue of 2 behind a writer stuck on its first line: the 4th caller waits. */
    private Thread fillAndBlock(Journal journal) throws Exception {
        journal.append(line("stuck", true));
        journal.append(line("a", false)); // should the writer not have taken the stuck line yet, "b" waits until it does
        journal.append(line("b", false));
        Thread caller = new Thread(() -> journal.append(line("c", false)), "audit-caller");
        caller.start();
        Await.until(Duration.ofSeconds(10), () -> caller.getState() == Thread.State.TIMED_WAITING,
                () -> "the caller waits for room, in state " + caller.getState());
        return caller;
    }

    @Test
    void aCallerThatFindsTheQueueFullWaitsAndIsWrittenOnceThereIsRoom() throws Exception {
        try (Journal journal = new Journal(dir, Journal.Durability.BUFFERED, 10, 2, 100,
                new ManualClock(Instant.parse("2026-12-02T10:00:00Z")), FileModes.OWNER_ONLY, error -> outcomes.add("error " + error))) {
            Thread caller = fillAndBlock(journal);
            assertTrue(caller.isAlive(), "still waiting: nothing dropped it");
            assertEquals(List.of(), outcomes);
            release.countDown();
            caller.join(10_000);
            assertFalse(caller.isAlive());
            journal.awaitWritten();
            assertEquals(List.of("stuck written", "a written", "b written", "c written"), outcomes);
        }
    }

    @Test
    void aCallerStillWaitingWhenTheJournalClosesHearsItsRecordWasNotWritten() throws Exception {
        Journal journal = new Journal(dir, Journal.Durability.BUFFERED, 10, 2, 100,
                new ManualClock(Instant.parse("2026-12-02T10:00:00Z")), FileModes.OWNER_ONLY, error -> outcomes.add("error " + error));
        Thread caller = fillAndBlock(journal);
        Thread closing = new Thread(() -> {
            try {
                journal.close();
            } catch (IOException e) {
                outcomes.add("close failed: " + e);
            }
        });
        closing.start();
        caller.join(10_000);
        assertFalse(caller.isAlive(), "closing woke the waiting caller");
        assertEquals(List.of("c lost: the audit journal is closed; the record was not written"), outcomes);
        release.countDown();
        closing.join(20_000);
        assertFalse(closing.isAlive());
        assertEquals(List.of("c lost: the audit journal is closed; the record was not written", "stuck written", "a written",
                "b written"), outcomes, "what was queued before the close is written");
    }
}
