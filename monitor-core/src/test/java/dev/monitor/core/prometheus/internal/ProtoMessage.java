package dev.monitor.core.prometheus.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test's own protocol buffers reader (https://protobuf.dev/programming-guides/encoding/), written
 * apart from {@link ProtoWriter} so that it checks the bytes rather than repeating the writer: a
 * message as its fields by number, each value a varint ({@link Long}), a fixed 64-bit value
 * ({@link Fixed64}) or length-delimited bytes; a field the reader cannot parse fails the test.
 */
final class ProtoMessage {
    record Fixed64(long bits) {
    }

    private final Map<Integer, List<Object>> fields = new LinkedHashMap<>();

    private ProtoMessage() {
    }

    /** A stream of messages each preceded by its varint length, as Prometheus' delimited encoding has them. */
    static List<ProtoMessage> delimited(byte[] bytes) {
        List<ProtoMessage> messages = new ArrayList<>();
        int[] at = {0};
        while (at[0] < bytes.length) {
            int length = (int) varint(bytes, at);
            messages.add(parse(bytes, at[0], at[0] + length));
            at[0] += length;
        }
        return messages;
    }

    static ProtoMessage parse(byte[] bytes, int from, int to) {
        if (to > bytes.length) {
            throw new AssertionError("message ends at " + to + " beyond " + bytes.length + " bytes");
        }
        ProtoMessage message = new ProtoMessage();
        int[] at = {from};
        while (at[0] < to) {
            long tag = varint(bytes, at);
            int field = (int) (tag >>> 3);
            Object value = switch ((int) (tag & 7)) {
                case 0 -> varint(bytes, at);
                case 1 -> {
                    long bits = 0;
                    for (int i = 0; i < 8; i++) {
                        bits |= (bytes[at[0] + i] & 0xFFL) << (8 * i);
                    }
                    at[0] += 8;
                    yield new Fixed64(bits);
                }
                case 2 -> {
                    int length = (int) varint(bytes, at);
                    byte[] content = java.util.Arrays.copyOfRange(bytes, at[0], at[0] + length);
                    at[0] += length;
                    yield content;
                }
                default -> throw new AssertionError("wire type " + (tag & 7) + " of field " + field + " is not written by Prometheus' format");
            };
            message.fields.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
        }
        if (at[0] != to) {
            throw new AssertionError("message overran its length: " + at[0] + " != " + to);
        }
        return message;
    }

    private static long varint(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = bytes[at[0]++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new AssertionError("varint longer than 10 bytes");
    }

    boolean has(int field) {
        return fields.containsKey(field);
    }

    java.util.Set<Integer> numbers() {
        return fields.keySet();
    }

    private Object one(int field) {
        List<Object> values = fields.get(field);
        if (values == null || values.size() != 1) {
            throw new AssertionError("field " + field + " has " + (values == null ? 0 : values.size()) + " values, not one: " + fields.keySet());
        }
        return values.get(0);
    }

    long varint(int field) {
        return (Long) one(field);
    }

    long sint(int field) {
        long raw = varint(field);
        return (raw >>> 1) ^ -(raw & 1);
    }

    double float64(int field) {
        return Double.longBitsToDouble(((Fixed64) one(field)).bits());
    }

    String string(int field) {
        return new String((byte[]) one(field), StandardCharsets.UTF_8);
    }

    ProtoMessage message(int field) {
        byte[] bytes = (byte[]) one(field);
        return parse(bytes, 0, bytes.length);
    }

    List<ProtoMessage> messages(int field) {
        List<ProtoMessage> messages = new ArrayList<>();
        for (Object value : fields.getOrDefault(field, List.of())) {
            byte[] bytes = (byte[]) value;
            messages.add(parse(bytes, 0, bytes.length));
        }
        return messages;
    }

    /** A packed repeated sint64 (or several packed runs, as a reader must accept); empty when absent. */
    List<Long> packedSint64(int field) {
        List<Long> values = new ArrayList<>();
        for (Object value : fields.getOrDefault(field, List.of())) {
            byte[] bytes = (byte[]) value;
            int[] at = {0};
            while (at[0] < bytes.length) {
                long raw = varint(bytes, at);
                values.add((raw >>> 1) ^ -(raw & 1));
            }
        }
        return values;
    }
}
