package dev.monitor.otlp;

import java.util.Locale;
import java.util.Objects;

/**
 * X-Ray's trace ids and W3C Trace Context's, both ways. An X-Ray trace id
 * {@code 1-5759e988-bd862e3fe1be46a994272793} (version 1, the start time's 8 hex digits of epoch
 * seconds, 24 random hex digits) is the W3C/OTLP trace id {@code 5759e988bd862e3fe1be46a994272793}
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html#xray-api-traceids),
 * so a trace keeps its id across the two; a segment id (16 hex digits) is a span id as it is.
 * A {@code traceparent} header is {@code 00-<trace-id>-<parent-id>-<flags>}
 * (https://www.w3.org/TR/trace-context/#traceparent-header). Stateless; every method is thread-safe.
 */
public final class TraceIds {
    private TraceIds() {
    }

    /**
     * The 32-hex-digit W3C trace id of an X-Ray trace id.
     *
     * @throws IllegalArgumentException naming the value, when it is not {@code 1-} + 8 hex digits + {@code -} + 24 hex digits,
     *                                  or is all zeros (W3C forbids that id)
     */
    public static String toW3c(String xrayTraceId) {
        Objects.requireNonNull(xrayTraceId, "xrayTraceId");
        String lower = xrayTraceId.toLowerCase(Locale.ROOT);
        if (lower.length() != 35 || !lower.startsWith("1-") || lower.charAt(10) != '-'
                || !isHex(lower, 2, 10) || !isHex(lower, 11, 35)) {
            throw new IllegalArgumentException("'" + xrayTraceId + "' is not an X-Ray trace id: expected 1-, 8 hex digits, -, 24 hex digits");
        }
        String w3c = lower.substring(2, 10) + lower.substring(11);
        requireNotZero(w3c, xrayTraceId, "trace id");
        return w3c;
    }

    /**
     * The X-Ray trace id of a 32-hex-digit W3C trace id.
     *
     * @throws IllegalArgumentException naming the value, when it is not 32 hex digits or is all zeros
     */
    public static String toXRay(String w3cTraceId) {
        Objects.requireNonNull(w3cTraceId, "w3cTraceId");
        String lower = w3cTraceId.toLowerCase(Locale.ROOT);
        if (lower.length() != 32 || !isHex(lower, 0, 32)) {
            throw new IllegalArgumentException("'" + w3cTraceId + "' is not a W3C trace id: expected 32 hex digits");
        }
        requireNotZero(lower, w3cTraceId, "trace id");
        return "1-" + lower.substring(0, 8) + "-" + lower.substring(8);
    }

    /**
     * A parsed {@code traceparent}: the W3C trace id, the parent's span id (X-Ray's segment id) and
     * whether the caller sampled.
     */
    public record Traceparent(String traceId, String parentId, boolean sampled) {

        public Traceparent {
            Objects.requireNonNull(traceId, "traceId");
            Objects.requireNonNull(parentId, "parentId");
            traceId = traceId.toLowerCase(Locale.ROOT);
            parentId = parentId.toLowerCase(Locale.ROOT);
            if (traceId.length() != 32 || !isHex(traceId, 0, 32)) {
                throw new IllegalArgumentException("'" + traceId + "' is not a W3C trace id: expected 32 hex digits");
            }
            if (parentId.length() != 16 || !isHex(parentId, 0, 16)) {
                throw new IllegalArgumentException("'" + parentId + "' is not a parent id: expected 16 hex digits");
            }
            requireNotZero(traceId, traceId, "trace id");
            requireNotZero(parentId, parentId, "parent id");
        }

        /** The context of an X-Ray trace id and segment id. */
        public static Traceparent fromXRay(String xrayTraceId, String segmentId, boolean sampled) {
            return new Traceparent(toW3c(xrayTraceId), segmentId, sampled);
        }

        /**
         * Parses a {@code traceparent} header value. Version {@code 00} has exactly four fields; a later
         * version may add fields after the flags, which are ignored, as the W3C rules say.
         *
         * @throws IllegalArgumentException naming the value and the rule it breaks
         */
        public static Traceparent parse(String header) {
            Objects.requireNonNull(header, "header");
            String value = header.trim();
            if (value.length() < 55 || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-'
                    || !isLowerHex(value, 0, 2) || !isLowerHex(value, 53, 55)) {
                throw new IllegalArgumentException("'" + header + "' is not a traceparent: expected version-traceid-parentid-flags "
                        + "as 2, 32, 16 and 2 lower-case hex digits");
            }
            String version = value.substring(0, 2);
            if (version.equals("ff")) {
                throw new IllegalArgumentException("'" + header + "' is not a traceparent: version ff is invalid");
            }
            if (version.equals("00") ? value.length() != 55 : value.length() > 55 && value.charAt(55) != '-') {
                throw new IllegalArgumentException("'" + header + "' is not a traceparent: version " + version
                        + (version.equals("00") ? " has exactly 55 characters" : " continues with '-' after the flags"));
            }
            String traceId = value.substring(3, 35);
            String parentId = value.substring(36, 52);
            if (!isLowerHex(traceId, 0, 32) || !isLowerHex(parentId, 0, 16)) {
                throw new IllegalArgumentException("'" + header + "' is not a traceparent: ids must be lower-case hex");
            }
            int flags = Integer.parseInt(value.substring(53, 55), 16);
            return new Traceparent(traceId, parentId, (flags & 1) == 1);
        }

        /** The X-Ray trace id of {@link #traceId}. */
        public String xrayTraceId() {
            return toXRay(traceId);
        }

        /** The header value, version 00: {@code 00-<trace-id>-<parent-id>-01} when sampled, {@code -00} when not. */
        public String header() {
            return "00-" + traceId + "-" + parentId + (sampled ? "-01" : "-00");
        }
    }

    private static void requireNotZero(String hex, String given, String what) {
        for (int i = 0; i < hex.length(); i++) {
            if (hex.charAt(i) != '0') {
                return;
            }
        }
        throw new IllegalArgumentException("'" + given + "' is an all-zero " + what + ", which W3C Trace Context forbids");
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
