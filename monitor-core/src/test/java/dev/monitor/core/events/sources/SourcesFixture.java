package dev.monitor.core.events.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.events.EventHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the event-source tests share: a quiet monitor and a handler keeping every event it gets. */
final class SourcesFixture {
    static final ObjectMapper JSON = new ObjectMapper();

    private SourcesFixture() {
    }

    static Monitor.Builder quiet(Path dir, Clock clock) {
        Monitor.Builder builder = QuietMonitor.builder(dir, clock);
        return builder;
    }

    /** A handler that keeps every event it is given, parsed. */
    static final class Events implements EventHandler {
        final List<JsonNode> events = new CopyOnWriteArrayList<>();

        @Override
        public void handle(String input) {
            try {
                events.add(JSON.readTree(input));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        List<String> field(String pointer) {
            return events.stream().map(e -> e.at(pointer).asText()).toList();
        }
    }
}
