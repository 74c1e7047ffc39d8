package dev.monitor.it.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server (Debian's {@code prometheus} package; on CI, {@code CI=true}, its absence
 * fails the test, elsewhere it skips it) on a free loopback port, scraping one target every second,
 * with its HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/) for the test's
 * queries. Stopped by {@link #close}.
 */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path dir;
    private final Process process;
    final URI api;

    private PrometheusServer(Path dir, Process process, URI api) {
        this.dir = dir;
        this.process = process;
        this.api = api;
    }

    /** Starts Prometheus in {@code dir} scraping {@code target} as job {@code shop}, with {@code features} enabled; waits until it is ready. */
    static PrometheusServer start(Path dir, URI target, String... features) throws Exception {
        Path binary = binary();
        int port = freePort();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: shop
                    static_configs:
                      - targets: ['%s:%d']
                """.formatted(target.getHost(), target.getPort()));
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port));
        if (features.length > 0) {
            command.add("--enable-feature=" + String.join(",", features));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(dir, process, URI.create("http://127.0.0.1:" + port + "/"));
        try {
            server.awaitReady();
        } catch (Throwable e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static Path binary() {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, "prometheus");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "prometheus is not on the PATH; install Debian's prometheus package (apt-get install prometheus)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + ": CI must run this test");
        }
        Assumptions.abort(message + " to run this test");
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("prometheus exited: " + log());
            }
            try {
                if (http.send(HttpRequest.newBuilder(api.resolve("-/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        fail("prometheus was not ready in 15 s: " + log());
    }

    /** Waits until Prometheus has scraped the target successfully (it hands discovered targets to its scrapers every 5 s). */
    void awaitScraped() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            JsonNode targets = get("api/v1/targets").path("data").path("activeTargets");
            if (targets.size() == 1 && targets.get(0).path("health").asText().equals("up")) {
                return;
            }
            Thread.sleep(100);
        }
        fail("prometheus did not scrape the monitor in 15 s: " + get("api/v1/targets") + "\n" + log());
    }

    /** Waits up to 10 s for {@code promql} to have a value {@code wanted} accepts. */
    void await(String promql, DoublePredicate wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            last = query(promql, null);
            if (wanted.test(last)) {
                return;
            }
            Thread.sleep(200);
        }
        fail(promql + " was " + last + " after 10 s; targets: " + get("api/v1/targets") + "\n" + log());
    }

    /** The single value of an instant query at {@code time} (seconds; null for now); NaN when it has none. */
    double query(String promql, Double time) throws Exception {
        JsonNode answer = get("api/v1/query?query=" + encode(promql) + (time == null ? "" : "&time=" + time));
        JsonNode result = answer.path("data").path("result");
        if (result.size() != 1) {
            return Double.NaN;
        }
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    String log() throws IOException {
        Path log = dir.resolve("prometheus.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
