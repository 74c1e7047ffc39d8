package dev.monitor.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmfExporterTest {
    @Test
    void stdoutExporterPrintsOneDocumentPerLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MetricExporter exporter = EmfExporter.toStream(new EmfFormat(1000), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Datapoint point = Datapoint.single(new MetricId("Shop", "Orders", List.of(), Unit.COUNT, Resolution.STANDARD),
                Instant.parse("2026-11-22T10:00:00Z"), 3);
        exporter.export(List.of(point));
        exporter.close();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(1, lines.length);
        List<Datapoint> back = EmfReader.parse(lines[0]);
        assertEquals(List.of(point), back);
    }
}
