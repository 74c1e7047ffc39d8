package dev.monitor.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;

/**
 * Micrometer's names as CloudWatch accepts them, which is how Micrometer's own CloudWatch registry
 * treats them: dotted names are kept ({@code http.server.requests}), so dashboards and alarms name
 * a metric the way the instrumented library documents it; characters CloudWatch refuses (non-ASCII
 * and control characters) become {@code _}; names and dimension names are cut to 255 characters
 * and dimension values to 1,024; a dimension name may not start with a colon.
 *
 * <p>Rules from CloudWatch's {@code MetricDatum} and {@code Dimension} API reference pages.
 */
public final class CloudWatchNamingConvention implements NamingConvention {

    static final int MAX_NAME = 255;
    static final int MAX_DIMENSION_VALUE = 1024;

    @Override
    public String name(String name, Meter.Type type, String baseUnit) {
        return ascii(name, MAX_NAME);
    }

    @Override
    public String tagKey(String key) {
        String ascii = ascii(key, MAX_NAME);
        return ascii.startsWith(":") ? "_" + ascii.substring(1) : ascii;
    }

    @Override
    public String tagValue(String value) {
        return ascii(value, MAX_DIMENSION_VALUE);
    }

    private static String ascii(String value, int maxLength) {
        int length = Math.min(value.length(), maxLength);
        StringBuilder out = null;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                if (out == null) {
                    out = new StringBuilder(length).append(value, 0, i);
                }
                out.append('_');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out != null ? out.toString() : value.substring(0, length);
    }
}
