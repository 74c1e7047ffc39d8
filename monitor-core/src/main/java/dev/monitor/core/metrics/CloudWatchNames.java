package dev.monitor.core.metrics;

import dev.monitor.api.metrics.Dimension;
import java.util.List;

/**
 * CloudWatch's rules for namespaces, metric names and dimensions, from the {@code MetricDatum},
 * {@code Dimension} and concepts pages of the CloudWatch documentation. Each check returns
 * {@code null} when the value is valid, else a sentence naming the value and the rule.
 */
public final class CloudWatchNames {
    /** CloudWatch accepts at most 30 dimensions per metric ({@code MetricDatum.Dimensions}). */
    public static final int MAX_DIMENSIONS = 30;

    private CloudWatchNames() {
    }

    /**
     * Namespaces: 1 to 255 characters from {@code 0-9A-Za-z . - _ / # :} and space, at least one
     * non-whitespace, and not starting with {@code AWS/} (reserved for AWS services).
     */
    public static String namespaceError(String namespace) {
        if (namespace == null) {
            return "namespace is missing";
        }
        String base = lengthError("namespace", namespace, 255);
        if (base != null) {
            return base;
        }
        for (int i = 0; i < namespace.length(); i++) {
            char c = namespace.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                    || c == '.' || c == '-' || c == '_' || c == '/' || c == '#' || c == ':' || c == ' ';
            if (!ok) {
                return "namespace '" + namespace + "' has '" + c + "' at index " + i
                        + "; CloudWatch allows only 0-9 A-Z a-z . - _ / # : and space";
            }
        }
        if (namespace.startsWith("AWS/")) {
            return "namespace '" + namespace + "' starts with 'AWS/', which CloudWatch reserves for AWS services";
        }
        return null;
    }

    /** Metric names: 1 to 255 ASCII characters, no control characters, at least one non-whitespace. */
    public static String metricNameError(String name) {
        return asciiError("metric name", name, 255);
    }

    /**
     * Dimension names: 1 to 255 ASCII characters, no control characters, at least one
     * non-whitespace, not starting with a colon.
     */
    public static String dimensionNameError(String name) {
        String error = asciiError("dimension name", name, 255);
        if (error == null && name.charAt(0) == ':') {
            return "dimension name '" + name + "' starts with ':', which CloudWatch does not allow";
        }
        return error;
    }

    /** Dimension values: 1 to 1024 ASCII characters, no control characters, at least one non-whitespace. */
    public static String dimensionValueError(String value) {
        return asciiError("dimension value", value, 1024);
    }

    /** Checks every dimension, their count and that no name repeats. */
    public static String dimensionsError(List<Dimension> dimensions) {
        if (dimensions.size() > MAX_DIMENSIONS) {
            return dimensions.size() + " dimensions given; CloudWatch allows at most " + MAX_DIMENSIONS + " per metric";
        }
        for (int i = 0; i < dimensions.size(); i++) {
            Dimension d = dimensions.get(i);
            String error = dimensionNameError(d.name());
            if (error == null) {
                error = dimensionValueError(d.value());
            }
            if (error != null) {
                return error;
            }
            for (int j = 0; j < i; j++) {
                if (dimensions.get(j).name().equals(d.name())) {
                    return "dimension name '" + d.name() + "' is given twice; a metric has each dimension once";
                }
            }
        }
        return null;
    }

    private static String asciiError(String what, String value, int maxLength) {
        if (value == null) {
            return what + " is missing";
        }
        String base = lengthError(what, value, maxLength);
        if (base != null) {
            return base;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 127) {
                return what + " '" + value + "' has the non-ASCII character '" + c + "' at index " + i
                        + "; CloudWatch accepts only ASCII";
            }
            if (c < 32 || c == 127) {
                return what + " '" + printable(value) + "' has a control character at index " + i
                        + "; CloudWatch does not accept ASCII control characters";
            }
        }
        return null;
    }

    private static String lengthError(String what, String value, int maxLength) {
        if (value.isEmpty()) {
            return what + " is empty; CloudWatch requires 1 to " + maxLength + " characters";
        }
        if (value.length() > maxLength) {
            return what + " '" + value.substring(0, 40) + "...' has " + value.length()
                    + " characters; CloudWatch allows at most " + maxLength;
        }
        if (value.isBlank()) {
            return what + " '" + value + "' is only whitespace; CloudWatch requires a non-whitespace character";
        }
        return null;
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            out.append(c < 32 || c == 127 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
