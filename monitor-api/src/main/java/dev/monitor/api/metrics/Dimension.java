package dev.monitor.api.metrics;

import java.util.Objects;

/**
 * One name/value pair of a metric's identity, as CloudWatch's {@code Dimension}.
 *
 * @param name  the dimension's name, such as {@code "Region"}
 * @param value its value, such as {@code "eu-west-1"}
 */
public record Dimension(String name, String value) {
    public Dimension {
        Objects.requireNonNull(name, "dimension name");
        Objects.requireNonNull(value, "dimension value");
    }
}
