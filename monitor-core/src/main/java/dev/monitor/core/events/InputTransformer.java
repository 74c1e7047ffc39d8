package dev.monitor.core.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a target receives instead of the event, as EventBridge's {@code InputTransformer}
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html):
 * variables taken from the event by JSON paths ({@code InputPathsMap}, up to 100, names not
 * starting with {@code aws.}), put into {@code InputTemplate} as {@code <name>}. The predefined
 * variables {@code <aws.events.rule-arn>}, {@code <aws.events.rule-name>},
 * {@code <aws.events.event.ingestion-time>}, {@code <aws.events.event>} (the event without its
 * detail) and {@code <aws.events.event.json>} (the whole event) need no path.
 *
 * @param inputPathsMap variable names and the JSON paths ({@code $.detail.state}) of their values
 * @param inputTemplate the text sent, with {@code <name>} placeholders; 1 to 8192 characters
 */
public record InputTransformer(Map<String, String> inputPathsMap, String inputTemplate) {
    public InputTransformer {
        Objects.requireNonNull(inputTemplate, "inputTemplate");
        inputPathsMap = inputPathsMap == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputPathsMap));
        String problem = TargetInput.checkTransformer(inputPathsMap, inputTemplate);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
