package dev.monitor.console.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.monitor.console.ApiRequest;
import dev.monitor.console.ConsoleApi;
import dev.monitor.core.dashboard.DashboardServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The open streams of server-sent events. A stream holds no worker of the server: its exchange is
 * detached, and its events are written by whoever sends them. At most {@value #MAX_STREAMS} are open
 * at once (each is a browser tab); one more is answered 503. A comment line every
 * {@link #KEEP_ALIVE} finds the clients that left while nothing was sent, so a quiet live tail
 * does not keep its subscription after its tab has closed.
 */
final class Streams implements AutoCloseable {
    static final int MAX_STREAMS = 16;
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "monitor-console-streams");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    Streams() {
        this(KEEP_ALIVE);
    }

    Streams(Duration keepAliveEvery) {
        keepAlive.scheduleWithFixedDelay(() -> clients.forEach(client -> client.write(": keep-alive\n\n")),
                keepAliveEvery.toMillis(), keepAliveEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    void open(HttpExchange exchange, ConsoleApi.Stream stream, ApiRequest request) throws IOException {
        if (closed || clients.size() >= MAX_STREAMS) {
            ConsoleServer.json(exchange, 503, Map.of("error", "too many open event streams (at most " + MAX_STREAMS + ")"));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        Client client = new Client(exchange);
        exchange.setAttribute(DashboardServer.DETACHED, Boolean.TRUE);
        clients.add(client);
        client.write(": connected\n\n");
        try {
            client.owner = stream.open(request, client);
        } catch (Exception e) {
            client.close();
            return;
        }
        if (closed) {
            client.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        keepAlive.shutdownNow();
        for (Client client : clients) {
            client.close();
        }
    }

    private final class Client implements ConsoleApi.EventSink {
        private final HttpExchange exchange;
        private final OutputStream out;
        private volatile AutoCloseable owner;
        private volatile boolean gone;

        Client(HttpExchange exchange) {
            this.exchange = exchange;
            this.out = exchange.getResponseBody();
        }

        @Override
        public boolean send(String event, Object data) {
            if (gone) {
                return false;
            }
            try {
                String json = ConsoleServer.JSON.writeValueAsString(data);
                return write("event: " + event.replaceAll("[\\r\\n]", "") + "\ndata: " + json + "\n\n");
            } catch (IOException e) {
                close();
                return false;
            }
        }

        private synchronized boolean write(String text) {
            if (gone) {
                return false;
            }
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return true;
            } catch (IOException e) {
                gone = true;
                closeQuietly();
                return false;
            }
        }

        void close() {
            gone = true;
            closeQuietly();
        }

        private void closeQuietly() {
            clients.remove(this);
            AutoCloseable o = owner;
            if (o != null) {
                try {
                    o.close();
                } catch (Exception ignored) {
                    // the client has gone; nothing is left to tell
                }
            }
            exchange.close();
        }
    }
}
