package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.audit.internal.TrailFiles;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The trail's insights part: judges each minute, writes the insight files CloudTrail would, and tells the listeners. */
final class InsightFeed {
    private static final Logger LOG = LoggerFactory.getLogger(InsightFeed.class);

    private final Insights insights;
    private final TrailFiles files;
    private final ObjectMapper json;
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();

    InsightFeed(Insights insights, TrailFiles files, ObjectMapper json) {
        this.insights = insights;
        this.files = files;
        this.json = json;
    }

    Subscription subscribe(Consumer<JsonNode> listener) {
        Consumer<JsonNode> added = Objects.requireNonNull(listener, "listener")::accept; // one per call
        listeners.add(added);
        return Subscription.of(() -> listeners.remove(added));
    }

    /** Judges the minute that ended before {@code now}; writes and announces the insights it starts or ends. */
    void evaluate(Instant now) {
        List<ObjectNode> found = insights.evaluate(now);
        if (found.isEmpty()) {
            return;
        }
        try {
            List<String> texts = new ArrayList<>();
            for (ObjectNode insight : found) {
                texts.add(json.writeValueAsString(insight));
            }
            files.deliverInsights(texts, now);
        } catch (IOException | RuntimeException e) {
            LOG.error("audit insights could not be written: {}", e.toString());
        }
        for (ObjectNode insight : found) {
            for (Consumer<JsonNode> listener : listeners) {
                try {
                    listener.accept(insight);
                } catch (RuntimeException e) {
                    LOG.warn("an insight listener failed: {}", e.toString());
                }
            }
        }
    }
}
