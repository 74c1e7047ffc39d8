package dev.monitor.core.prometheus.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Protocol buffers' binary wire format (https://protobuf.dev/programming-guides/encoding/), just
 * what Prometheus' {@code metrics.proto} needs: varints, zigzag, doubles, strings, packed sint64 and
 * nested messages. A nested message is written into its own writer and copied in with its length;
 * a scrape's messages are a few levels deep and small, so the copies cost little and keep this short.
 * Not thread-safe.
 */
final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int I64 = 1;
    private static final int LEN = 2;

    private byte[] bytes = new byte[256];
    private int size;

    /** An unsigned varint field (uint64, uint32, int64 and enums not below zero). */
    ProtoWriter uint64(int field, long value) {
        tag(field, VARINT);
        varint(value);
        return this;
    }

    /** A zigzag field (sint32, sint64). */
    ProtoWriter sint64(int field, long value) {
        tag(field, VARINT);
        varint(zigzag(value));
        return this;
    }

    ProtoWriter float64(int field, double value) {
        tag(field, I64);
        ensure(8);
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < 8; i++) {
            bytes[size++] = (byte) (bits >>> (8 * i));
        }
        return this;
    }

    ProtoWriter string(int field, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        tag(field, LEN);
        raw(utf8, 0, utf8.length);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter message) {
        tag(field, LEN);
        raw(message.bytes, 0, message.size);
        return this;
    }

    /** A packed repeated sint64 field; nothing for no values (an empty packed field is the same as none). */
    ProtoWriter packedSint64(int field, long[] values) {
        if (values.length == 0) {
            return this;
        }
        ProtoWriter packed = new ProtoWriter();
        for (long value : values) {
            packed.varint(zigzag(value));
        }
        tag(field, LEN);
        raw(packed.bytes, 0, packed.size);
        return this;
    }

    /** Appends {@code message} preceded by its length as a varint: one element of a length-delimited stream. */
    void delimited(ProtoWriter message) {
        raw(message.bytes, 0, message.size);
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private void raw(byte[] from, int offset, int length) {
        varint(length);
        ensure(length);
        System.arraycopy(from, offset, bytes, size, length);
        size += length;
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
