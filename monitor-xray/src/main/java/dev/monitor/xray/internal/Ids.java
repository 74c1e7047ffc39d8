package dev.monitor.xray.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * X-Ray ids from {@link ThreadLocalRandom}: fast and never blocking, unlike one shared
 * {@code SecureRandom} (the X-Ray SDK's default). Ids need to be unique, not secret.
 */
final class Ids {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Ids() {
    }

    /** {@code 1-{8 hex epoch seconds}-{24 hex random}}. */
    static String traceId(long epochSecond) {
        byte[] id = new byte[35];
        id[0] = '1';
        id[1] = '-';
        hex(epochSecond & 0xffffffffL, id, 2, 8);
        id[10] = '-';
        ThreadLocalRandom random = ThreadLocalRandom.current();
        hex(random.nextLong() >>> 32, id, 11, 8);
        hex(random.nextLong(), id, 19, 16);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    /** 16 hex digits. */
    static String entityId() {
        return entityId(ThreadLocalRandom.current().nextLong());
    }

    /** {@code bits} as 16 hex digits. */
    static String entityId(long bits) {
        byte[] id = new byte[16];
        hex(bits, id, 0, 16);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    private static void hex(long value, byte[] out, int at, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }
}
