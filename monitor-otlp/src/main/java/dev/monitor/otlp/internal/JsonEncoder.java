package dev.monitor.otlp.internal;

import dev.monitor.core.internal.JsonBytes;
import java.util.HexFormat;

/**
 * OTLP's JSON encoding: protobuf's JSON mapping with lowerCamelCase names, 64-bit integers as
 * decimal strings, and OTLP's two exceptions: trace and span ids are hex strings, not base64, and
 * enums are their numbers (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding).
 */
final class JsonEncoder extends Encoder {
    private static final HexFormat HEX = HexFormat.of();
    private final JsonBytes json = new JsonBytes();
    /** Whether the writer is at the top level, inside no object yet. */
    private boolean started;

    private void startIfNeeded() {
        if (!started) {
            json.startObject();
            started = true;
        }
    }

    @Override
    void begin(int field, String name) {
        startIfNeeded();
        json.name(name).startObject();
    }

    @Override
    void end() {
        json.endObject();
    }

    @Override
    void beginList(int field, String name) {
        startIfNeeded();
        json.name(name).startArray();
    }

    @Override
    void item() {
        json.element().startObject();
    }

    @Override
    void endList() {
        json.endArray();
    }

    @Override
    void string(int field, String name, String value) {
        startIfNeeded();
        json.name(name).string(value);
    }

    @Override
    void bool(int field, String name, boolean value) {
        startIfNeeded();
        json.name(name).bool(value);
    }

    @Override
    void int64(int field, String name, long value) {
        startIfNeeded();
        json.name(name).string(Long.toString(value));
    }

    @Override
    void float64(int field, String name, double value) {
        startIfNeeded();
        json.name(name);
        if (Double.isFinite(value)) {
            json.number(value);
        } else {
            json.string(Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    @Override
    void fixed64(int field, String name, long value) {
        startIfNeeded();
        json.name(name).string(Long.toUnsignedString(value));
    }

    @Override
    void fixed32(int field, String name, int value) {
        startIfNeeded();
        json.name(name).number(Integer.toUnsignedLong(value));
    }

    @Override
    void uint32(int field, String name, int value) {
        startIfNeeded();
        json.name(name).number(Integer.toUnsignedLong(value));
    }

    @Override
    void sint32(int field, String name, int value) {
        startIfNeeded();
        json.name(name).number((long) value);
    }

    @Override
    void id(int field, String name, byte[] id) {
        startIfNeeded();
        json.name(name).string(HEX.formatHex(id));
    }

    @Override
    void uint64s(int field, String name, long[] values, int from, int to) {
        startIfNeeded();
        json.name(name).startArray();
        for (int i = from; i < to; i++) {
            json.element().string(Long.toUnsignedString(values[i]));
        }
        json.endArray();
    }

    @Override
    byte[] array() {
        finish();
        return json.array();
    }

    @Override
    int size() {
        finish();
        return json.size();
    }

    private boolean finished;

    private void finish() {
        if (!finished) {
            startIfNeeded();
            json.endObject();
            finished = true;
        }
    }

    @Override
    void reset() {
        json.reset();
        started = false;
        finished = false;
    }

    @Override
    String contentType() {
        return "application/json";
    }
}
