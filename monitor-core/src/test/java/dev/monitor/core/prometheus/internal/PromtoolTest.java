package dev.monitor.core.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.monitor.core.prometheus.PrometheusSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The exposition passes Prometheus' own linter, {@code promtool check metrics}
 * (https://prometheus.io/docs/prometheus/latest/command-line/promtool/#promtool-check-metrics),
 * which parses the text format and checks names, suffixes and units as Prometheus' practices ask.
 * Debian's {@code prometheus} package has it; on CI ({@code CI=true}) its absence fails the test.
 */
class PromtoolTest {

    /** The path of {@code tool} on the PATH; skips the test when there is none, or fails it on CI. */
    static Path tool(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = tool + " is not on the PATH; install Debian's prometheus package (apt-get install prometheus)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + ": CI must run this check");
        }
        Assumptions.abort(message + " to run this check");
        return null;
    }

    @Test
    void classicHistogramsPassPromtool() throws Exception {
        check(Fixture.recorded(PrometheusSettings.builder().enabled(true).build()).endpoint.render(Exposition.Format.TEXT));
    }

    @Test
    void summariesPassPromtool() throws Exception {
        check(Fixture.recorded(PrometheusSettings.builder().enabled(true).histograms(PrometheusSettings.Histograms.SUMMARY).build())
                .endpoint.render(Exposition.Format.TEXT));
    }

    private static void check(String exposition) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(tool("promtool").toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool did not finish");
        }
        assertEquals(0, process.exitValue(), "promtool check metrics found:\n" + output + "\nin:\n" + exposition);
        assertEquals("", output.trim(), "promtool's lint findings for:\n" + exposition);
    }
}
