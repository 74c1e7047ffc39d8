package dev.monitor.otlp.internal;

import dev.monitor.api.metrics.Unit;

/**
 * CloudWatch's units as UCUM case-sensitive codes, as OTLP's {@code Metric.unit} wants them
 * (https://opentelemetry.io/docs/specs/semconv/general/metrics/#instrument-units,
 * https://ucum.org/ucum): {@code s}, {@code ms}, {@code By}, {@code %}... A count is the
 * annotation {@code {count}} (a dimensionless "1" with a name), and CloudWatch's None is {@code 1}.
 * CloudWatch's kilo-, mega-, giga- and tera- prefixes are decimal here ({@code kBy}), as UCUM's are.
 */
final class Units {
    private Units() {
    }

    static String ucum(Unit unit) {
        return switch (unit) {
            case SECONDS -> "s";
            case MICROSECONDS -> "us";
            case MILLISECONDS -> "ms";
            case BYTES -> "By";
            case KILOBYTES -> "kBy";
            case MEGABYTES -> "MBy";
            case GIGABYTES -> "GBy";
            case TERABYTES -> "TBy";
            case BITS -> "bit";
            case KILOBITS -> "kbit";
            case MEGABITS -> "Mbit";
            case GIGABITS -> "Gbit";
            case TERABITS -> "Tbit";
            case PERCENT -> "%";
            case COUNT -> "{count}";
            case BYTES_PER_SECOND -> "By/s";
            case KILOBYTES_PER_SECOND -> "kBy/s";
            case MEGABYTES_PER_SECOND -> "MBy/s";
            case GIGABYTES_PER_SECOND -> "GBy/s";
            case TERABYTES_PER_SECOND -> "TBy/s";
            case BITS_PER_SECOND -> "bit/s";
            case KILOBITS_PER_SECOND -> "kbit/s";
            case MEGABITS_PER_SECOND -> "Mbit/s";
            case GIGABITS_PER_SECOND -> "Gbit/s";
            case TERABITS_PER_SECOND -> "Tbit/s";
            case COUNT_PER_SECOND -> "{count}/s";
            case NONE -> "1";
        };
    }
}
