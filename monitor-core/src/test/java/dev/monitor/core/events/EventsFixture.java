package dev.monitor.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.metrics.Datapoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the events tests share: a quiet monitor, a capture of its metrics, a recording handler. */
final class EventsFixture {
    static final ObjectMapper JSON = new ObjectMapper();

    private EventsFixture() {
    }

    /** A monitor without built-in metrics or a collector thread, whose datapoints go to {@code metrics}. */
    static Monitor.Builder quiet(Path dir, Clock clock, MetricCapture metrics) {
        Monitor.Builder builder = QuietMonitor.builder(dir, clock).exporter("capture", metrics);
        return builder;
    }

    /** Every datapoint a monitor exported. */
    static final class MetricCapture implements Exporter<Datapoint> {
        final List<Datapoint> datapoints = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void export(List<Datapoint> batch) {
            datapoints.addAll(batch);
        }

        /** The sum of {@code namespace}/{@code name} over every period, for the datapoints whose dimensions are exactly {@code dimensions} (name, value, ...). */
        double sum(String namespace, String name, String... dimensions) {
            synchronized (datapoints) {
                double sum = 0;
                for (Datapoint datapoint : datapoints) {
                    if (datapoint.metric().namespace().equals(namespace) && datapoint.metric().name().equals(name)
                            && dimensionsOf(datapoint).equals(List.of(dimensions))) {
                        sum += datapoint.sum();
                    }
                }
                return sum;
            }
        }

        /** Monitor/Dropped for the events signal with {@code reason}, over every period. */
        double sumDropped(String reason) {
            String signal = dev.monitor.core.export.Signal.EVENTS.name();
            return sum("Monitor", "Dropped", "Signal", signal, "Reason", reason) + sum("Monitor", "Dropped", "Reason", reason, "Signal", signal);
        }

        private static List<String> dimensionsOf(Datapoint datapoint) {
            List<String> flat = new ArrayList<>();
            datapoint.metric().dimensions().forEach(d -> {
                flat.add(d.name());
                flat.add(d.value());
            });
            return flat;
        }
    }

    /** A handler that keeps every input it is given. */
    static final class Recorder implements EventHandler {
        final List<String> inputs = new CopyOnWriteArrayList<>();

        @Override
        public void handle(String input) {
            inputs.add(input);
        }

        List<JsonNode> events() {
            List<JsonNode> events = new ArrayList<>();
            for (String input : inputs) {
                events.add(json(input));
            }
            return events;
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(text, e);
        }
    }

    /** The lines of a JSON-lines file, parsed; none when it does not exist. */
    static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                lines.add(json(line));
            }
        }
        return lines;
    }
}
