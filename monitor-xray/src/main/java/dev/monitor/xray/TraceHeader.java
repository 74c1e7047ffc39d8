package dev.monitor.xray;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code X-Amzn-Trace-Id} header: {@code Root=1-...;Parent=...;Sampled=1|0|?;Lineage=...}
 * and any other keys, kept in order; and the W3C {@code traceparent} header, both ways (the
 * trace id is the X-Ray id without its dashes and version, the parent is the span id).
 *
 * @param sampled true, false, or null for {@code ?} and absent (the receiver decides)
 * @param extra   keys other than Root, Parent, Sampled and Lineage, with their values
 */
public record TraceHeader(String root, String parent, Boolean sampled, String lineage, Map<String, String> extra) {
    private static final Pattern ROOT = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}");
    private static final Pattern ENTITY = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    public TraceHeader {
        extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** The header, or null when it is malformed: a malformed header starts a new trace, it is never thrown. */
    public static TraceHeader parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String trimmed = header.trim();
        if (trimmed.startsWith("00-")) {
            return fromTraceparent(trimmed);
        }
        String root = null;
        String parent = null;
        Boolean sampled = null;
        String lineage = null;
        Map<String, String> extra = new LinkedHashMap<>();
        for (String part : trimmed.split(";")) {
            int equals = part.indexOf('=');
            if (equals <= 0) {
                return null;
            }
            String key = part.substring(0, equals).trim();
            String value = part.substring(equals + 1).trim();
            switch (key) {
                case "Root" -> root = value;
                case "Parent" -> parent = value;
                case "Sampled" -> {
                    switch (value) {
                        case "1" -> sampled = true;
                        case "0" -> sampled = false;
                        case "?" -> sampled = null;
                        default -> {
                            return null;
                        }
                    }
                }
                case "Lineage" -> lineage = value;
                default -> extra.put(key, value);
            }
        }
        if (root == null || !ROOT.matcher(root).matches() || (parent != null && !ENTITY.matcher(parent).matches())) {
            return null;
        }
        return new TraceHeader(root, parent, sampled, lineage, extra);
    }

    private static TraceHeader fromTraceparent(String header) {
        var m = TRACEPARENT.matcher(header.toLowerCase(Locale.ROOT));
        if (!m.matches() || m.group(1).equals("0".repeat(32)) || m.group(2).equals("0".repeat(16))) {
            return null;
        }
        String id = m.group(1);
        String root = "1-" + id.substring(0, 8) + "-" + id.substring(8);
        boolean sampled = (Integer.parseInt(m.group(3), 16) & 1) == 1;
        return new TraceHeader(root, m.group(2), sampled, null, Map.of());
    }

    /** {@code Root=...;Parent=...;Sampled=1}, then Lineage and the other keys. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Root=").append(root);
        if (parent != null) {
            out.append(";Parent=").append(parent);
        }
        out.append(";Sampled=").append(sampled == null ? "?" : sampled ? "1" : "0");
        if (lineage != null) {
            out.append(";Lineage=").append(lineage);
        }
        extra.forEach((key, value) -> out.append(';').append(key).append('=').append(value));
        return out.toString();
    }

    /** The W3C {@code traceparent} of this header; needs a parent. */
    public String toTraceparent() {
        String id = root.substring(2, 10) + root.substring(11);
        return "00-" + id + "-" + (parent == null ? "0000000000000000" : parent) + "-" + (Boolean.TRUE.equals(sampled) ? "01" : "00");
    }
}
