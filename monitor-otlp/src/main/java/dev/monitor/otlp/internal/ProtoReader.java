package dev.monitor.otlp.internal;

import java.nio.charset.StandardCharsets;

/**
 * Reads the one protobuf message an OTLP/HTTP client reads: an {@code Export*ServiceResponse},
 * whose field 1 is {@code partial_success} (field 1 the rejected count, an int64; field 2 the
 * error message). Unknown fields are skipped by their wire type.
 */
final class ProtoReader {
    private final byte[] bytes;
    private int at;
    private final int end;

    private ProtoReader(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.at = from;
        this.end = to;
    }

    /** Fills {@code rejected[0]} and {@code message[0]} from a response body. */
    static void partialSuccess(byte[] body, long[] rejected, String[] message) {
        ProtoReader response = new ProtoReader(body, 0, body.length);
        while (response.at < response.end) {
            long tag = response.varint();
            if (tag == ((1 << 3) | 2)) {
                int length = (int) response.varint();
                ProtoReader partial = new ProtoReader(body, response.at, response.at + length);
                response.at += length;
                while (partial.at < partial.end) {
                    long inner = partial.varint();
                    if (inner == ((1 << 3) | 0)) {
                        rejected[0] = partial.varint();
                    } else if (inner == ((2 << 3) | 2)) {
                        int size = (int) partial.varint();
                        message[0] = new String(body, partial.at, size, StandardCharsets.UTF_8);
                        partial.at += size;
                    } else {
                        partial.skip((int) (inner & 7));
                    }
                }
            } else {
                response.skip((int) (tag & 7));
            }
        }
    }

    private long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at >= end) {
                throw new IllegalArgumentException("a varint runs past the end of the message");
            }
            byte b = bytes[at++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a varint is longer than 10 bytes");
    }

    private void skip(int wireType) {
        switch (wireType) {
            case 0 -> varint();
            case 1 -> at += 8;
            case 2 -> at += (int) varint();
            case 5 -> at += 4;
            default -> throw new IllegalArgumentException("wire type " + wireType + " is not one of 0, 1, 2, 5");
        }
        if (at > end) {
            throw new IllegalArgumentException("a field runs past the end of the message");
        }
    }
}
