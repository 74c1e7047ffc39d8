package dev.monitor.otlp.internal;

/**
 * Writes one OTLP message, as protobuf ({@link ProtoEncoder}) or as OTLP's JSON ({@link JsonEncoder}),
 * from the same calls: each field is given with its protobuf number and its JSON name, so one
 * mapping serves both encodings. Fields at their proto3 default (0, empty) may be skipped by the
 * caller; the encoders write what they are given. Not thread-safe; reused across requests.
 */
abstract class Encoder {

    /** Starts a nested message in singular field {@code field}. */
    abstract void begin(int field, String name);

    /** Ends the message {@link #begin} or {@link #item} started. */
    abstract void end();

    /** Starts repeated message field {@code field}; its elements follow as {@link #item}...{@link #end}. */
    abstract void beginList(int field, String name);

    /** Starts the next element of the list {@link #beginList} started. */
    abstract void item();

    abstract void endList();

    abstract void string(int field, String name, String value);

    abstract void bool(int field, String name, boolean value);

    /** A varint int64 (AnyValue's int_value). */
    abstract void int64(int field, String name, long value);

    /** A 64-bit double (wire type 1). */
    abstract void float64(int field, String name, double value);

    /** A fixed64 (times in nanoseconds, counts). */
    abstract void fixed64(int field, String name, long value);

    /** A fixed32 (span flags). */
    abstract void fixed32(int field, String name, int value);

    /** A varint uint32 or an enum's number (OTLP's JSON writes enums as numbers). */
    abstract void uint32(int field, String name, int value);

    /** A zigzag sint32 (scale, offset). */
    abstract void sint32(int field, String name, int value);

    /** A trace or span id: bytes in protobuf, lower-case hex in OTLP's JSON. */
    abstract void id(int field, String name, byte[] id);

    /** A packed repeated uint64 of {@code values[from, to)}. */
    abstract void uint64s(int field, String name, long[] values, int from, int to);

    /** The encoded message; valid until the next {@link #reset}. */
    abstract byte[] array();

    abstract int size();

    /** Empties this to write the next request. */
    abstract void reset();

    /** The Content-Type of what this writes. */
    abstract String contentType();
}
