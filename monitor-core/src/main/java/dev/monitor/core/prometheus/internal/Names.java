package dev.monitor.core.prometheus.internal;

import dev.monitor.api.metrics.Unit;

/**
 * CloudWatch's names in Prometheus' data model
 * (https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels): a metric name matches
 * {@code [a-zA-Z_:][a-zA-Z0-9_:]*} and a label name {@code [a-zA-Z_][a-zA-Z0-9_]*}, label names
 * beginning with {@code __} are reserved, and colons are left to recording rules
 * (https://prometheus.io/docs/practices/rules/). CamelCase becomes snake_case, as Prometheus'
 * naming practices write names (https://prometheus.io/docs/practices/naming/): {@code OrderLatency}
 * is {@code order_latency}, {@code HTTPStatus} {@code http_status}. Every other character not
 * allowed becomes {@code _}, and a name that would start with a digit starts with {@code _}.
 */
final class Names {
    private Names() {
    }

    /** The family name of metric {@code name} in {@code namespace}, with the unit's suffix but without {@code _total}. */
    static String metric(String namespace, String name, String unitSuffix) {
        String base = snake(namespace) + "_" + snake(name);
        // OpenMetrics: a counter's samples end in _total, which the family name must not carry itself
        if (base.endsWith("_total")) {
            base = base.substring(0, base.length() - "_total".length());
        }
        if (!unitSuffix.isEmpty() && !base.endsWith("_" + unitSuffix)) {
            base = base + "_" + unitSuffix; // OpenMetrics: the name of a family with a unit ends with it
        }
        return base;
    }

    /** A dimension name as a label name. */
    static String label(String dimension) {
        String label = snake(dimension);
        // __ is reserved for Prometheus' own labels; a user label may not start with it
        while (label.startsWith("__")) {
            label = label.substring(1);
        }
        return label;
    }

    /**
     * {@code text} in snake_case with only {@code [a-z0-9_]}: a word boundary inside CamelCase gets an
     * underscore, any run of other characters becomes one underscore, and a leading digit gets one in front.
     */
    static String snake(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char previous = i > 0 ? text.charAt(i - 1) : 0;
                char next = i + 1 < length ? text.charAt(i + 1) : 0;
                boolean boundary = (previous >= 'a' && previous <= 'z') || (previous >= '0' && previous <= '9')
                        || (previous >= 'A' && previous <= 'Z' && next >= 'a' && next <= 'z');
                if (boundary && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
                    out.append('_');
                }
                out.append((char) (c + ('a' - 'A')));
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
                out.append(c);
            } else if (out.length() == 0 || out.charAt(out.length() - 1) != '_') {
                out.append('_'); // '/', '.', '-', ':', a space, any other character: one separator
            }
        }
        if (out.length() == 0 || (out.charAt(0) >= '0' && out.charAt(0) <= '9')) {
            out.insert(0, '_');
        }
        return out.toString();
    }

    /**
     * The base unit Prometheus names a metric of {@code unit} in (https://prometheus.io/docs/practices/naming/#base-units),
     * empty for counts and unitless values.
     */
    static String unitSuffix(Unit unit) {
        return switch (unit) {
            case SECONDS, MILLISECONDS, MICROSECONDS -> "seconds";
            case BYTES, KILOBYTES, MEGABYTES, GIGABYTES, TERABYTES -> "bytes";
            case BITS, KILOBITS, MEGABITS, GIGABITS, TERABITS -> "bits";
            case BYTES_PER_SECOND, KILOBYTES_PER_SECOND, MEGABYTES_PER_SECOND, GIGABYTES_PER_SECOND, TERABYTES_PER_SECOND ->
                    "bytes_per_second";
            case BITS_PER_SECOND, KILOBITS_PER_SECOND, MEGABITS_PER_SECOND, GIGABITS_PER_SECOND, TERABITS_PER_SECOND ->
                    "bits_per_second";
            case PERCENT -> "percent";
            case COUNT, COUNT_PER_SECOND, NONE -> "";
        };
    }

    /** What a value in {@code unit} is multiplied by to be in {@link #unitSuffix}'s unit; CloudWatch's prefixes are decimal, as in OTLP. */
    static double scale(Unit unit) {
        return switch (unit) {
            case MILLISECONDS -> 1e-3;
            case MICROSECONDS -> 1e-6;
            case KILOBYTES, KILOBITS, KILOBYTES_PER_SECOND, KILOBITS_PER_SECOND -> 1e3;
            case MEGABYTES, MEGABITS, MEGABYTES_PER_SECOND, MEGABITS_PER_SECOND -> 1e6;
            case GIGABYTES, GIGABITS, GIGABYTES_PER_SECOND, GIGABITS_PER_SECOND -> 1e9;
            case TERABYTES, TERABITS, TERABYTES_PER_SECOND, TERABITS_PER_SECOND -> 1e12;
            default -> 1;
        };
    }
}
