package dev.monitor.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.monitor.console.ApiRequest;
import dev.monitor.core.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Server-sent event streams over a real socket on loopback. */
class StreamsTest {
    @Test
    void aClientThatLeftWhileNothingWasSentIsFoundByTheKeepAliveAndItsStreamClosed() throws Exception {
        Streams streams = new Streams(Duration.ofMillis(100));
        AtomicBoolean ownerClosed = new AtomicBoolean();
        AtomicReference<dev.monitor.console.ConsoleApi.EventSink> sink = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> streams.open(exchange, (request, events) -> {
            sink.set(events);
            return () -> ownerClosed.set(true);
        }, new ApiRequest("", null, "", Clock.systemUTC())));
        server.start();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(in.readLine().startsWith("HTTP/1.1 200"));
            Await.until(Duration.ofSeconds(5), () -> sink.get() != null, () -> "the stream opened");
            assertTrue(sink.get().send("tick", java.util.Map.of("n", 1)), "a client still there takes events");
            String line;
            boolean sawEvent = false;
            while ((line = in.readLine()) != null && !sawEvent) {
                sawEvent = line.equals("data: {\"n\":1}");
            }
            assertTrue(sawEvent, "the event arrived as JSON");
        }
        Await.until(Duration.ofSeconds(10), ownerClosed::get, () -> "the keep-alive found the client gone and closed its stream");
        assertEquals(false, sink.get().send("tick", java.util.Map.of("n", 2)), "a client gone takes no events");
        streams.close();
        server.stop(0);
    }
}
