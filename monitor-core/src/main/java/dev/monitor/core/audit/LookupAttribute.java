package dev.monitor.core.audit;

import java.util.List;
import java.util.Objects;

/**
 * LookupEvents' one lookup attribute: {@code EventId}, {@code EventName}, {@code ReadOnly},
 * {@code Username}, {@code ResourceType}, {@code ResourceName}, {@code EventSource} or
 * {@code AccessKeyId}, with the value to match exactly.
 */
public record LookupAttribute(String key, String value) {
    static final List<String> KEYS = List.of("EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName",
            "EventSource", "AccessKeyId");

    /** @throws IllegalArgumentException naming the key when it is not one of LookupEvents' */
    public LookupAttribute {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException("lookup attribute key '" + key + "' is not one of " + KEYS);
        }
    }
}
