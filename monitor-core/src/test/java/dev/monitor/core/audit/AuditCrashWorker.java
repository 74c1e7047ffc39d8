package dev.monitor.core.audit;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A process that records audit events in sync mode from two threads as fast as it can and prints
 * each request id once its call has returned (acknowledged), until it is killed.
 */
public final class AuditCrashWorker {
    private AuditCrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        AuditTrail trail = AuditTrail.builder().dataDir(Path.of(args[0])).sync().deliverEvery(Duration.ofMillis(200), 50).build();
        Runnable burst = () -> {
            for (long i = 0; ; i++) {
                String id = Thread.currentThread().getName() + "-" + i;
                trail.record(AuditEvent.builder("PlaceOrder").requestId(id).build());
                synchronized (System.out) {
                    System.out.println("ack " + id);
                    System.out.flush();
                }
            }
        };
        new Thread(burst, "a").start();
        new Thread(burst, "b").start();
    }
}
