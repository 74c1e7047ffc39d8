package dev.monitor.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Reading EMF never fails on a bad line: the line is reported, the others are kept. */
class EmfReaderProperties {
    private static final String GOOD = "{\"_aws\":{\"Timestamp\":1795341600000,\"CloudWatchMetrics\":[{\"Namespace\":\"Shop\","
            + "\"Dimensions\":[[\"Region\"]],\"Metrics\":[{\"Name\":\"Orders\",\"Unit\":\"Count\"}]}]},"
            + "\"Region\":\"eu\",\"Orders\":[1,2,2]}";

    @Provide
    Arbitrary<String> damagedLines() {
        Arbitrary<String> cuts = Arbitraries.integers().between(0, GOOD.length()).map(n -> GOOD.substring(0, n));
        Arbitrary<String> edits = Arbitraries.integers().between(0, GOOD.length() - 1).flatMap(at ->
                Arbitraries.of("\"", "{", "}", "[", "]", ":", ",", "x", "1", "-", "null", "true", "\"\"")
                        .map(insert -> GOOD.substring(0, at) + insert + GOOD.substring(at + 1)));
        Arbitrary<String> swaps = Arbitraries.of(
                GOOD.replace("\"Count\"", "\"Parsecs\""), GOOD.replace("[1,2,2]", "[]"),
                GOOD.replace("[1,2,2]", "[1,\"two\"]"), GOOD.replace("\"eu\"", "7"),
                GOOD.replace("1795341600000", "\"soon\""), GOOD.replace("\"Shop\"", "{}"),
                GOOD.replace("\"Metrics\"", "\"Metric\""), GOOD.replace("\"Unit\":\"Count\"", "\"StorageResolution\":7"),
                "[]", "null", "42", "\"text\"");
        return Arbitraries.oneOf(cuts, edits, swaps, Arbitraries.strings().ofMaxLength(60));
    }

    @Property(tries = 500)
    void aDamagedLineIsReportedNeverThrown(@ForAll("damagedLines") String line) throws IOException {
        try {
            EmfReader.parse(line);
        } catch (IOException | IllegalArgumentException expected) {
            // the two ways a line can be bad
        }
        Path dir = Files.createTempDirectory("emf");
        try {
            // A raw CR or LF ends a line for any line reader, so it cannot sit inside one damaged line.
            String oneLine = line.replace('\n', ' ').replace('\r', ' ');
            Files.write(dir.resolve("emf-20261122T100000Z-0.jsonl"), List.of(GOOD, oneLine, GOOD));
            EmfReader.Result read = EmfReader.readDirectory(dir);
            assertTrue(read.datapoints().size() >= 2, "both good lines are kept");
            assertTrue(read.problems().size() <= 1);
            read.problems().forEach(problem -> assertTrue(problem.startsWith("emf-20261122T100000Z-0.jsonl:2: "), problem));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    @Property(tries = 50)
    void aFilterKeepsOnlyTheWantedMetric(@ForAll boolean wantOrders) throws IOException {
        Path dir = Files.createTempDirectory("emf");
        Path file = dir.resolve("emf-20261122T100000Z-0.jsonl");
        Files.write(file, List.of(GOOD, GOOD.replace("Orders", "Refunds")));
        String wanted = wantOrders ? "Orders" : "Refunds";
        EmfReader.Result read = EmfReader.readDirectory(dir, (ns, name) -> name.equals(wanted));
        assertEquals(1, read.datapoints().size());
        assertEquals(wanted, read.datapoints().get(0).metric().name());
        assertEquals(3, read.datapoints().get(0).sampleCount());
        Files.delete(file);
        Files.delete(dir);
    }
}
