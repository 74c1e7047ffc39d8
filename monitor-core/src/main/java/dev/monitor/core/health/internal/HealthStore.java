package dev.monitor.core.health.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.health.Status;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.RollingFile;
import dev.monitor.core.health.HealthEvent;
import dev.monitor.core.health.StatusChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.stream.Stream;

/**
 * Writes the health files that {@code HealthFiles} reads: one line per status change, a snapshot
 * of every component at the start of each day (so that a day's colour survives the retention of the
 * day its status was set), one line per version of an event. Files older than the retention are
 * deleted. Called under the engine's lock; a write that fails is counted and the health goes on.
 */
final class HealthStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataLayout layout;
    private final Duration retention;
    private LocalDate lastPruned;

    HealthStore(DataLayout layout, Duration retention) {
        this.layout = layout;
        this.retention = retention;
    }

    void change(StatusChange change) throws IOException {
        append(layout.healthChanges(day(change.time())), line(change.time(), change.component(), change.previous(), change.status(),
                change.reason(), false));
    }

    void snapshot(Instant time, String component, Status status, String reason) throws IOException {
        append(layout.healthChanges(day(time)), line(time, component, status, status, reason, true));
    }

    void event(HealthEvent event, Instant now) throws IOException {
        append(layout.healthEvents(day(now)), HealthEventJson.toStored(event).toString());
    }

    /**
     * Once a day: deletes the files of days older than the retention, after writing the events
     * still upcoming or open again into today's file, so that deleting their first version loses nothing.
     *
     * @return whether files were looked at (the first call of a day)
     */
    boolean prune(Instant now, Collection<HealthEvent> live) throws IOException {
        LocalDate today = day(now);
        if (today.equals(lastPruned)) {
            return false;
        }
        lastPruned = today;
        LocalDate oldest = day(now.minus(retention));
        if (!Files.isDirectory(layout.health())) {
            return true;
        }
        boolean deleted = false;
        try (Stream<Path> files = Files.list(layout.health())) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                LocalDate day = DataLayout.healthFileDay("changes", name);
                day = day != null ? day : DataLayout.healthFileDay("events", name);
                if (day != null && day.isBefore(oldest)) {
                    Files.deleteIfExists(file);
                    deleted = true;
                }
            }
        }
        if (deleted) {
            for (HealthEvent event : live) {
                event(event, now);
            }
        }
        return true;
    }

    private static String line(Instant time, String component, Status previous, Status status, String reason, boolean snapshot) {
        ObjectNode node = JSON.createObjectNode();
        node.put("time", time.toString());
        node.put("component", component);
        node.put("previous", previous.name());
        node.put("status", status.name());
        if (reason != null) {
            node.put("reason", reason);
        }
        if (snapshot) {
            node.put("snapshot", true);
        }
        return node.toString();
    }

    private void append(Path file, String line) throws IOException {
        RollingFile.createDirectories(file.getParent(), RollingFile.OWNER_ONLY);
        Files.write(file, (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    static LocalDate day(Instant time) {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }
}
