package dev.monitor.otlp.internal;

import dev.monitor.otlp.TraceIds;
import java.util.HexFormat;

/** X-Ray's ids as OTLP's id bytes; null for an id that is not one. */
final class Ids {
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {
    }

    /** The 16 bytes of an X-Ray trace id; null when it is not one. */
    static byte[] traceId(String xrayTraceId) {
        try {
            return HEX.parseHex(TraceIds.toW3c(xrayTraceId));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The 8 bytes of a 16-hex-digit segment id; null when it is not one, or is all zeros. */
    static byte[] spanId(String segmentId) {
        if (segmentId == null || segmentId.length() != 16) {
            return null;
        }
        try {
            byte[] id = HEX.parseHex(segmentId);
            for (byte b : id) {
                if (b != 0) {
                    return id;
                }
            }
            return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
