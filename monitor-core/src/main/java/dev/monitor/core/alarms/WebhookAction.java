package dev.monitor.core.alarms;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webhook action of {@link AlarmActions#webhook(URI)}: its {@link HttpClient} runs on an
 * executor this action owns, and {@link #close()} (which closing the monitor calls) shuts that
 * executor down and lets go of the client. On JDK 17 {@code HttpClient} has no {@code close()}: its
 * selector thread ends by itself once the client is unreachable, which only this action referenced.
 * On JDK 21 and later the client is closed as well.
 */
final class WebhookAction implements AlarmAction, AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final URI uri;
    private final ExecutorService executor;
    private volatile HttpClient client;

    WebhookAction(URI uri) {
        this.uri = uri;
        // Threads end when idle, and all of them at close(): a closed monitor keeps none.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 4, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "monitor-webhook-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.executor = pool;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(pool).build();
    }

    @Override
    public void run(AlarmStateChange change) throws Exception {
        HttpClient current = client;
        if (current == null) {
            throw new IllegalStateException("webhook " + uri + " is closed");
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("x-monitor-alarm", change.alarmName())
                .POST(HttpRequest.BodyPublishers.ofString(change.notificationJson()))
                .build();
        HttpResponse<Void> response = current.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook " + uri + " answered HTTP " + response.statusCode());
        }
    }

    /** Shuts the client's executor down and drops the client (closing it where the JDK can). Idempotent. */
    @Override
    public void close() {
        HttpClient current = client;
        client = null;
        if (current instanceof AutoCloseable closeable) { // JDK 21 and later
            try {
                closeable.close();
            } catch (Exception ignored) {
                // the executor below is what holds threads
            }
        }
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "webhook " + uri;
    }
}
