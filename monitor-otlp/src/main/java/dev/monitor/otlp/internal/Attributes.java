package dev.monitor.otlp.internal;

import java.util.List;
import java.util.Map;

/** Writes OTLP's {@code KeyValue}s and {@code AnyValue}s (common.proto). */
final class Attributes {
    private Attributes() {
    }

    /**
     * Writes {@code attributes} as repeated {@code KeyValue} field {@code field}; values are
     * String, Boolean, Long/Integer, Double or a List of Strings; others are written as their text.
     */
    static void write(Encoder out, int field, Map<String, ?> attributes) {
        if (attributes.isEmpty()) {
            return;
        }
        out.beginList(field, "attributes");
        attributes.forEach((key, value) -> {
            out.item();
            out.string(1, "key", key);
            out.begin(2, "value");
            value(out, value);
            out.end();
            out.end();
        });
        out.endList();
    }

    /** The fields of one {@code AnyValue}. */
    static void value(Encoder out, Object value) {
        if (value instanceof Boolean b) {
            out.bool(2, "boolValue", b);
        } else if (value instanceof Long || value instanceof Integer) {
            out.int64(3, "intValue", ((Number) value).longValue());
        } else if (value instanceof Double d) {
            out.float64(4, "doubleValue", d);
        } else if (value instanceof List<?> list) {
            out.begin(5, "arrayValue");
            out.beginList(1, "values");
            for (Object element : list) {
                out.item();
                value(out, element);
                out.end();
            }
            out.endList();
            out.end();
        } else {
            out.string(1, "stringValue", String.valueOf(value));
        }
    }

    /** The resource of every request: {@code Resource} field 1 of a {@code Resource*} message. */
    static void resource(Encoder out, Map<String, ?> attributes) {
        out.begin(1, "resource");
        write(out, 1, attributes);
        out.end();
    }

    /** An instrumentation scope: field 1 of a {@code Scope*} message. */
    static void scope(Encoder out, String name, String version) {
        out.begin(1, "scope");
        out.string(1, "name", name);
        if (version != null) {
            out.string(2, "version", version);
        }
        out.end();
    }
}
