package dev.monitor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --otlp URL}: the demo sends its metrics, logs and traces to an OTLP/HTTP collector at that
 * URL; and the README's {@code type: otlp} block is a configuration a monitor accepts.
 */
class ShopDemoOtlpTest {
    @TempDir
    Path dataDir;

    @Test
    void theReadmesOtlpConfigurationIsAccepted() throws Exception {
        Matcher block = Pattern.compile("(?s)```yaml\n(# with monitor-otlp on the class path\n.*?)```")
                .matcher(Files.readString(ReadmeTest.README));
        assertTrue(block.find(), "the README shows a monitor-otlp block");
        Map<String, String> contentTypes = new ConcurrentHashMap<>();
        HttpServer collector = collector(contentTypes);
        try {
            Path file = Files.writeString(dataDir.resolve("otlp.yaml"), block.group(1)
                    .replace("http://localhost:4318", "http://127.0.0.1:" + collector.getAddress().getPort()));
            dev.monitor.core.Monitor.builder().config(file).dataDir(dataDir.resolve("data")).tickEvery(Duration.ZERO).build().close();
        } finally {
            collector.stop(0);
        }
    }

    /** A collector that answers 200 to everything and notes each request's method, path and content type. */
    private static HttpServer collector(Map<String, String> contentTypes) throws java.io.IOException {
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                contentTypes.put(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
                        String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        collector.start();
        return collector;
    }

    @Test
    void withOtlpTheDemoPostsEachSignalToItsPathAsProtobuf() throws Exception {
        Map<String, String> contentTypes = new ConcurrentHashMap<>();
        HttpServer collector = collector(contentTypes);
        try (DatagramSocket daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String url = "http://127.0.0.1:" + collector.getAddress().getPort();
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            int status = ShopDemo.run(new String[] {"--data-dir", dataDir.toString(), "--duration", "5s", "--port", "0", "--no-fault",
                    "--daemon-address", "127.0.0.1:" + daemon.getLocalPort(), "--otlp", url},
                    new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertEquals(0, status, printed.toString(StandardCharsets.UTF_8));
        } finally {
            collector.stop(0);
        }
        assertTrue(contentTypes.keySet().containsAll(Set.of("POST /v1/metrics", "POST /v1/logs", "POST /v1/traces")),
                contentTypes.toString());
        assertEquals(Set.of("application/x-protobuf"), Set.copyOf(contentTypes.values()));
    }
}
