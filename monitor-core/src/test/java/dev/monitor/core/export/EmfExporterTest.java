package dev.monitor.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmfExporterTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final MetricRegistry registry = new MetricRegistry("Shop", clock, Resolution.STANDARD, 100);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Exporter<Datapoint> exporter = EmfExporter.toStream(new EmfFormat(1000),
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            new ExporterContext("out", new dev.monitor.core.files.DataLayout(Path.of(".")), clock, registry.forNamespace(MetricRegistry.SELF_NAMESPACE)));

    @Test
    void stdoutExporterPrintsOneDocumentPerLine() throws Exception {
        Datapoint point = Datapoint.single(new MetricId("Shop", "Orders", List.of(), Unit.COUNT, Resolution.STANDARD), T0, 3);
        exporter.export(List.of(point));
        exporter.close();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(1, lines.length);
        assertEquals(List.of(point), EmfReader.parse(lines[0]));
    }

    @Test
    void whatEmfCannotCarryIsCountedAsDropped() throws Exception {
        List<Dimension> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(new Dimension("d" + i, "v"));
        }
        try (StderrCapture stderr = new StderrCapture()) {
            exporter.export(List.of(Datapoint.single(new MetricId("Shop", "Wide", ten, Unit.COUNT, Resolution.STANDARD), T0, 1)));
            assertTrue(stderr.text().contains("metric 'Wide' cannot be written as EMF"), stderr.text());
        }
        double dropped = registry.collect(Resolution.STANDARD, T0).stream()
                .filter(d -> d.metric().name().equals("Dropped"))
                .filter(d -> d.metric().hasDimensions(List.of(new Dimension("Exporter", "out"),
                        new Dimension("Reason", "NotExpressibleAsEmf"), new Dimension("Signal", "metrics"))))
                .mapToDouble(Datapoint::sum).sum();
        assertEquals(1.0, dropped);
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
