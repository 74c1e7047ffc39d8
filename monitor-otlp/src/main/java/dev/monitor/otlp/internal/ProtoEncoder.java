package dev.monitor.otlp.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Protocol buffers' binary wire format, enough for OTLP's messages: varints, zigzag, fixed32/64,
 * doubles, length-delimited strings, bytes, packed uint64 and nested messages
 * (https://protobuf.dev/programming-guides/encoding/). A nested message is written in place after
 * room for its length, which is filled in (moving the message when the length takes more than one
 * byte) when it ends: no intermediate buffer per message.
 */
final class ProtoEncoder extends Encoder {
    private static final int VARINT = 0;
    private static final int I64 = 1;
    private static final int LEN = 2;
    private static final int I32 = 5;

    private byte[] bytes = new byte[4096];
    private int size;
    /** Start of each open message's content, innermost last; one byte of room is kept before each. */
    private int[] open = new int[16];
    private int depth;
    /** Field numbers of the open lists, innermost last. */
    private int[] lists = new int[16];
    private int listDepth;

    @Override
    void begin(int field, String name) {
        tag(field, LEN);
        ensure(1);
        size++; // room for a one-byte length
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
        }
        open[depth++] = size;
    }

    @Override
    void end() {
        int start = open[--depth];
        int length = size - start;
        int lengthBytes = varintSize(length);
        if (lengthBytes > 1) {
            ensure(lengthBytes - 1);
            System.arraycopy(bytes, start, bytes, start + lengthBytes - 1, length);
            size += lengthBytes - 1;
        }
        int at = start - 1;
        long value = length;
        while ((value & ~0x7FL) != 0) {
            bytes[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[at] = (byte) value;
    }

    @Override
    void beginList(int field, String name) {
        if (listDepth == lists.length) {
            lists = Arrays.copyOf(lists, listDepth * 2);
        }
        lists[listDepth++] = field;
    }

    @Override
    void item() {
        begin(lists[listDepth - 1], null);
    }

    @Override
    void endList() {
        listDepth--;
    }

    @Override
    void string(int field, String name, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        bytes(field, utf8);
    }

    private void bytes(int field, byte[] value) {
        tag(field, LEN);
        varint(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    @Override
    void bool(int field, String name, boolean value) {
        tag(field, VARINT);
        varint(value ? 1 : 0);
    }

    @Override
    void int64(int field, String name, long value) {
        tag(field, VARINT);
        varint(value);
    }

    @Override
    void float64(int field, String name, double value) {
        tag(field, I64);
        little64(Double.doubleToRawLongBits(value));
    }

    @Override
    void fixed64(int field, String name, long value) {
        tag(field, I64);
        little64(value);
    }

    @Override
    void fixed32(int field, String name, int value) {
        tag(field, I32);
        ensure(4);
        for (int i = 0; i < 4; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    @Override
    void uint32(int field, String name, int value) {
        tag(field, VARINT);
        varint(value & 0xFFFFFFFFL);
    }

    @Override
    void sint32(int field, String name, int value) {
        tag(field, VARINT);
        varint(((value << 1) ^ (value >> 31)) & 0xFFFFFFFFL);
    }

    @Override
    void id(int field, String name, byte[] id) {
        bytes(field, id);
    }

    @Override
    void uint64s(int field, String name, long[] values, int from, int to) {
        tag(field, LEN);
        int length = 0;
        for (int i = from; i < to; i++) {
            length += varintSize(values[i]);
        }
        varint(length);
        for (int i = from; i < to; i++) {
            varint(values[i]);
        }
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

    static int varintSize(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    private void little64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    @Override
    byte[] array() {
        return bytes;
    }

    @Override
    int size() {
        return size;
    }

    @Override
    void reset() {
        size = 0;
        depth = 0;
        listDepth = 0;
    }

    @Override
    String contentType() {
        return "application/x-protobuf";
    }
}
