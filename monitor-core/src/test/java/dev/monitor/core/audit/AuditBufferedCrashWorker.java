package dev.monitor.core.audit;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process that records audit events in buffered mode (100 ms) from two threads as fast as it
 * can and prints each request id with the time (ms since start) its call returned, until it is killed.
 */
public final class AuditBufferedCrashWorker {
    private AuditBufferedCrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        AuditTrail trail = AuditTrail.builder().dataDir(Path.of(args[0])).buffered(Duration.ofMillis(100))
                .deliverEvery(Duration.ofHours(1), 1_000_000).build();
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        long started = System.nanoTime();
        Runnable burst = () -> {
            for (long i = 0; ; i++) {
                String id = Thread.currentThread().getName() + "-" + i;
                trail.record(AuditEvent.builder("PlaceOrder").requestId(id).build());
                long ms = (System.nanoTime() - started) / 1_000_000;
                synchronized (out) {
                    out.println("ack " + id + " " + ms);
                    if ((i & 255) == 0) {
                        out.flush(); // an acknowledgment not yet printed is not counted as one: the count errs on the safe side
                    }
                }
            }
        };
        new Thread(burst, "a").start();
        new Thread(burst, "b").start();
    }
}
