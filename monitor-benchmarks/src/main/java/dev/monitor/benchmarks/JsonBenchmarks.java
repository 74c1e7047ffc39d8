package dev.monitor.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.monitor.core.internal.JsonBytes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JSON-writing approaches of issue 13 on the two hot documents, one thread, the bytes left in
 * a buffer the writer reuses (as the log writer leaves them for its file):
 *
 * <ul>
 *   <li>{@code log*}: one log event as {@code LogJson} lays it out (timestamp with microseconds,
 *   level, logger, thread, message, three context keys, trace and segment ids);</li>
 *   <li>{@code segment*}: one X-Ray segment document as {@code Documents} lays it out (name, ids,
 *   start and end time, HTTP request and response, three annotations, one DynamoDB subsegment).</li>
 * </ul>
 *
 * Candidates: {@code JsonBytes} (core's hand-written UTF-8 writer, dev.monitor.core.internal); one Jackson
 * {@code JsonGenerator} kept and reused over a reused byte buffer; a fresh generator per document
 * over the same buffer; a Jackson tree ({@code ObjectNode}) and {@code writeValueAsBytes}; and for
 * segments, the X-Ray path until 2026-12-02: a fresh generator over a reused character buffer, then
 * a String, and today's: {@code JsonBytes}, then the String a {@code SegmentDocument} carries.
 * Every candidate gets the same help: names known in advance are encoded once ({@code
 * SerializedString} for Jackson), context keys through a map of encoded names (as
 * {@code LogJson} keeps them), the timestamp's part up to the second kept from the previous event.
 * Setup checks that every candidate writes the same JSON. Each iteration also prints the thread's
 * CPU time per document ({@link CpuTime}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonBenchmarks extends CpuTime {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final long START_MICROS = LocalDateTime.of(2026, 12, 2, 7, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;

    // The log event.
    private static final String LEVEL = "INFO";
    private static final String LOGGER = "com.example.shop.OrderService";
    private static final String THREAD = "http-nio-8080-exec-7";
    private static final String MESSAGE = "Order 81723 accepted for customer 4411 (3 items, 129.90 EUR)";
    private static final String TRACE_ID = "1-674d5a10-5f3c2d1e0a9b8c7d6e5f4a3b";
    private static final String SEGMENT_ID = "53995c3f42cd8ad8";
    private final Map<String, String> context = new LinkedHashMap<>(Map.of());

    // The segment document.
    private static final String SEGMENT_NAME = "orders-api";
    private static final String SUBSEGMENT_NAME = "DynamoDB";
    private static final String SUBSEGMENT_ID = "70de5b6f19ff9a0a";
    private static final String START = "1764658800.123456";
    private static final String END = "1764658800.141789";
    private static final String SUB_START = "1764658800.125002";
    private static final String SUB_END = "1764658800.139314";
    private static final String METHOD = "POST";
    private static final String URL = "https://shop.example.com/api/orders";
    private static final String CLIENT_IP = "203.0.113.7";
    private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    private static final String REQUEST_ID = "UBQNSO5AEM8T4FDA4RQDEB94OVVV4KQNSO5AEMVJF66Q9ASUAAJG";

    private static final SerializableString F_TIMESTAMP = new SerializedString("timestamp");
    private static final SerializableString F_LEVEL = new SerializedString("level");
    private static final SerializableString F_LOGGER = new SerializedString("logger");
    private static final SerializableString F_THREAD = new SerializedString("thread");
    private static final SerializableString F_MESSAGE = new SerializedString("message");
    private static final SerializableString F_TRACE_ID = new SerializedString("traceId");
    private static final SerializableString F_SEGMENT_ID = new SerializedString("segmentId");
    private static final SerializableString F_NAME = new SerializedString("name");
    private static final SerializableString F_ID = new SerializedString("id");
    private static final SerializableString F_XRAY_TRACE_ID = new SerializedString("trace_id");
    private static final SerializableString F_START_TIME = new SerializedString("start_time");
    private static final SerializableString F_END_TIME = new SerializedString("end_time");
    private static final SerializableString F_HTTP = new SerializedString("http");
    private static final SerializableString F_REQUEST = new SerializedString("request");
    private static final SerializableString F_METHOD = new SerializedString("method");
    private static final SerializableString F_URL = new SerializedString("url");
    private static final SerializableString F_CLIENT_IP = new SerializedString("client_ip");
    private static final SerializableString F_USER_AGENT = new SerializedString("user_agent");
    private static final SerializableString F_RESPONSE = new SerializedString("response");
    private static final SerializableString F_STATUS = new SerializedString("status");
    private static final SerializableString F_CONTENT_LENGTH = new SerializedString("content_length");
    private static final SerializableString F_ANNOTATIONS = new SerializedString("annotations");
    private static final SerializableString F_SUBSEGMENTS = new SerializedString("subsegments");
    private static final SerializableString F_NAMESPACE = new SerializedString("namespace");
    private static final SerializableString F_AWS = new SerializedString("aws");
    private static final SerializableString F_OPERATION = new SerializedString("operation");
    private static final SerializableString F_TABLE_NAME = new SerializedString("table_name");
    private static final SerializableString F_REGION = new SerializedString("region");
    private static final SerializableString F_REQUEST_ID = new SerializedString("request_id");
    private static final SerializableString F_RETRIES = new SerializedString("retries");
    private static final byte[] B_HTTP = JsonBytes.encodeName("http");
    private static final byte[] B_REQUEST = JsonBytes.encodeName("request");
    private static final byte[] B_RESPONSE = JsonBytes.encodeName("response");
    private static final byte[] B_ANNOTATIONS = JsonBytes.encodeName("annotations");
    private static final byte[] B_SUBSEGMENTS = JsonBytes.encodeName("subsegments");
    private static final byte[] B_AWS = JsonBytes.encodeName("aws");
    private static final byte[] B_START_TIME = JsonBytes.encodeName("start_time");
    private static final byte[] B_END_TIME = JsonBytes.encodeName("end_time");
    private static final byte[] B_STATUS = JsonBytes.encodeName("status");
    private static final byte[] B_CONTENT_LENGTH = JsonBytes.encodeName("content_length");
    private static final byte[] B_RETRIES = JsonBytes.encodeName("retries");

    /** Annotations as the tracer keeps them: key, value, key, value. */
    private static final Object[] ANNOTATIONS = {"customer_tier", "gold", "items", 3L, "express", true};

    private final Map<String, byte[]> encodedKeys = new HashMap<>();
    private final Map<String, SerializableString> serializedKeys = new HashMap<>();
    private final JsonBytes jsonBytes = new JsonBytes();
    /** Segment documents keep the bytes Jackson's text generator wrote: {@code Documents}' style. */
    private final JsonBytes segmentBytes = new JsonBytes(JsonBytes.Style.JACKSON_TEXT);
    private final Bytes buffer = new Bytes();
    private final Chars text = new Chars();
    private final Stamp stamp = new Stamp();
    private JsonGenerator reused;
    private long micros = START_MICROS;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        context.put("requestId", "9f1c2e7a-4b3d-4c1e-8f6a-2d5b7c9e0a13");
        context.put("userId", "u-4411");
        context.put("region", "eu-west-1");
        for (String key : List.of("requestId", "userId", "region", "customer_tier", "items", "express")) {
            encodedKeys.put(key, JsonBytes.encodeName(key));
            serializedKeys.put(key, new SerializedString(key));
        }
        reused = FACTORY.createGenerator(buffer);
        reused.setRootValueSeparator(null);
        check("log event", List.of(() -> bytes(logJsonBytes()), () -> buffer(logReusedGenerator()),
                () -> buffer(logFreshGenerator()), this::logTree));
        check("segment document", List.of(() -> segmentBytes(segmentJsonBytes()), () -> buffer(segmentReusedGenerator()),
                () -> segmentJsonBytesText().getBytes(StandardCharsets.UTF_8),
                () -> buffer(segmentFreshGenerator()), this::segmentTree,
                () -> segmentFreshGeneratorText().getBytes(StandardCharsets.UTF_8)));
    }

    /** Every candidate writes the same JSON, at the same instant. */
    private void check(String what, List<Supplier<byte[]>> candidates) throws IOException {
        JsonNode first = null;
        for (int i = 0; i < candidates.size(); i++) {
            micros = START_MICROS;
            byte[] written = candidates.get(i).get();
            JsonNode tree = MAPPER.readTree(written);
            if (first == null) {
                first = tree;
            } else if (!first.equals(tree)) {
                throw new IllegalStateException(what + ": candidate " + i + " wrote " + new String(written, StandardCharsets.UTF_8)
                        + ", not " + first);
            }
        }
        micros = START_MICROS;
    }

    private byte[] bytes(int size) {
        return Arrays.copyOf(jsonBytes.array(), size);
    }

    private byte[] segmentBytes(int size) {
        return Arrays.copyOf(segmentBytes.array(), size);
    }

    private byte[] buffer(int size) {
        return Arrays.copyOf(buffer.bytes, size);
    }

    /** Events a microsecond apart: the second changes once in a million. */
    private long nextMicros() {
        return micros++;
    }

    private static void flush(JsonGenerator g) {
        try {
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- log event ----

    @Benchmark
    public int logJsonBytes() {
        operations++;
        stamp.at(nextMicros());
        JsonBytes json = jsonBytes;
        json.reset();
        json.startObject();
        json.name("timestamp").timestamp(stamp.prefixBytes, stamp.micros);
        json.stringField("level", LEVEL);
        json.stringField("logger", LOGGER);
        json.stringField("thread", THREAD);
        json.stringField("message", MESSAGE);
        for (Map.Entry<String, String> entry : context.entrySet()) {
            json.name(encodedKeys.get(entry.getKey())).string(entry.getValue());
        }
        json.stringField("traceId", TRACE_ID);
        json.stringField("segmentId", SEGMENT_ID);
        json.endObject();
        return json.size();
    }

    @Benchmark
    public int logReusedGenerator() {
        operations++;
        buffer.reset();
        writeLog(reused);
        flush(reused);
        return buffer.size;
    }

    @Benchmark
    public int logFreshGenerator() {
        operations++;
        buffer.reset();
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
            writeLog(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.size;
    }

    @Benchmark
    public byte[] logTree() {
        operations++;
        stamp.at(nextMicros());
        ObjectNode event = MAPPER.createObjectNode();
        event.put("timestamp", new String(stamp.chars, 0, Stamp.LENGTH));
        event.put("level", LEVEL);
        event.put("logger", LOGGER);
        event.put("thread", THREAD);
        event.put("message", MESSAGE);
        for (Map.Entry<String, String> entry : context.entrySet()) {
            event.put(entry.getKey(), entry.getValue());
        }
        event.put("traceId", TRACE_ID);
        event.put("segmentId", SEGMENT_ID);
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeLog(JsonGenerator g) {
        try {
            stamp.at(nextMicros());
            g.writeStartObject();
            g.writeFieldName(F_TIMESTAMP);
            g.writeString(stamp.chars, 0, Stamp.LENGTH);
            g.writeFieldName(F_LEVEL);
            g.writeString(LEVEL);
            g.writeFieldName(F_LOGGER);
            g.writeString(LOGGER);
            g.writeFieldName(F_THREAD);
            g.writeString(THREAD);
            g.writeFieldName(F_MESSAGE);
            g.writeString(MESSAGE);
            for (Map.Entry<String, String> entry : context.entrySet()) {
                g.writeFieldName(serializedKeys.get(entry.getKey()));
                g.writeString(entry.getValue());
            }
            g.writeFieldName(F_TRACE_ID);
            g.writeString(TRACE_ID);
            g.writeFieldName(F_SEGMENT_ID);
            g.writeString(SEGMENT_ID);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- segment document ----

    @Benchmark
    public int segmentJsonBytes() {
        operations++;
        writeSegment(segmentBytes);
        return segmentBytes.size();
    }

    /** What {@code Documents.write} does since 2026-12-02: JsonBytes, then the String a {@code SegmentDocument} carries. */
    @Benchmark
    public String segmentJsonBytesText() {
        operations++;
        writeSegment(segmentBytes);
        return segmentBytes.text();
    }

    private void writeSegment(JsonBytes json) {
        json.reset();
        json.startObject();
        json.stringField("name", SEGMENT_NAME);
        json.stringField("id", SEGMENT_ID);
        json.stringField("trace_id", TRACE_ID);
        json.name(B_START_TIME).number(START);
        json.name(B_END_TIME).number(END);
        json.name(B_HTTP).startObject();
        json.name(B_REQUEST).startObject();
        json.stringField("method", METHOD);
        json.stringField("url", URL);
        json.stringField("client_ip", CLIENT_IP);
        json.stringField("user_agent", USER_AGENT);
        json.endObject();
        json.name(B_RESPONSE).startObject();
        json.name(B_STATUS).number(201L);
        json.name(B_CONTENT_LENGTH).number(512L);
        json.endObject();
        json.endObject();
        json.name(B_ANNOTATIONS).startObject();
        for (int i = 0; i < ANNOTATIONS.length; i += 2) {
            json.name(encodedKeys.get((String) ANNOTATIONS[i]));
            Object value = ANNOTATIONS[i + 1];
            if (value instanceof String s) {
                json.string(s);
            } else if (value instanceof Boolean b) {
                json.bool(b);
            } else {
                json.number(((Number) value).longValue());
            }
        }
        json.endObject();
        json.name(B_SUBSEGMENTS).startArray();
        json.element().startObject();
        json.stringField("name", SUBSEGMENT_NAME);
        json.stringField("id", SUBSEGMENT_ID);
        json.name(B_START_TIME).number(SUB_START);
        json.name(B_END_TIME).number(SUB_END);
        json.stringField("namespace", "aws");
        json.name(B_AWS).startObject();
        json.stringField("operation", "PutItem");
        json.stringField("table_name", "orders");
        json.stringField("region", "eu-west-1");
        json.stringField("request_id", REQUEST_ID);
        json.name(B_RETRIES).number(0L);
        json.endObject();
        json.endObject();
        json.endArray();
        json.endObject();
    }

    @Benchmark
    public int segmentReusedGenerator() {
        operations++;
        buffer.reset();
        writeSegment(reused);
        flush(reused);
        return buffer.size;
    }

    @Benchmark
    public int segmentFreshGenerator() {
        operations++;
        buffer.reset();
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
            writeSegment(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.size;
    }

    /** What {@code Documents.write} did until 2026-12-02: a fresh generator over a reused character buffer, then a String. */
    @Benchmark
    public String segmentFreshGeneratorText() {
        operations++;
        text.reset();
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
            writeSegment(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.text.toString();
    }

    @Benchmark
    public byte[] segmentTree() {
        operations++;
        ObjectNode segment = MAPPER.createObjectNode();
        segment.put("name", SEGMENT_NAME);
        segment.put("id", SEGMENT_ID);
        segment.put("trace_id", TRACE_ID);
        segment.putRawValue("start_time", new RawValue(START));
        segment.putRawValue("end_time", new RawValue(END));
        ObjectNode http = segment.putObject("http");
        ObjectNode request = http.putObject("request");
        request.put("method", METHOD);
        request.put("url", URL);
        request.put("client_ip", CLIENT_IP);
        request.put("user_agent", USER_AGENT);
        ObjectNode response = http.putObject("response");
        response.put("status", 201);
        response.put("content_length", 512L);
        ObjectNode annotations = segment.putObject("annotations");
        for (int i = 0; i < ANNOTATIONS.length; i += 2) {
            String key = (String) ANNOTATIONS[i];
            Object value = ANNOTATIONS[i + 1];
            if (value instanceof String s) {
                annotations.put(key, s);
            } else if (value instanceof Boolean b) {
                annotations.put(key, b);
            } else {
                annotations.put(key, ((Number) value).longValue());
            }
        }
        ObjectNode sub = segment.putArray("subsegments").addObject();
        sub.put("name", SUBSEGMENT_NAME);
        sub.put("id", SUBSEGMENT_ID);
        sub.putRawValue("start_time", new RawValue(SUB_START));
        sub.putRawValue("end_time", new RawValue(SUB_END));
        sub.put("namespace", "aws");
        ObjectNode aws = sub.putObject("aws");
        aws.put("operation", "PutItem");
        aws.put("table_name", "orders");
        aws.put("region", "eu-west-1");
        aws.put("request_id", REQUEST_ID);
        aws.put("retries", 0);
        try {
            return MAPPER.writeValueAsBytes(segment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeSegment(JsonGenerator g) {
        try {
            g.writeStartObject();
            g.writeFieldName(F_NAME);
            g.writeString(SEGMENT_NAME);
            g.writeFieldName(F_ID);
            g.writeString(SEGMENT_ID);
            g.writeFieldName(F_XRAY_TRACE_ID);
            g.writeString(TRACE_ID);
            g.writeFieldName(F_START_TIME);
            g.writeNumber(START);
            g.writeFieldName(F_END_TIME);
            g.writeNumber(END);
            g.writeFieldName(F_HTTP);
            g.writeStartObject();
            g.writeFieldName(F_REQUEST);
            g.writeStartObject();
            g.writeFieldName(F_METHOD);
            g.writeString(METHOD);
            g.writeFieldName(F_URL);
            g.writeString(URL);
            g.writeFieldName(F_CLIENT_IP);
            g.writeString(CLIENT_IP);
            g.writeFieldName(F_USER_AGENT);
            g.writeString(USER_AGENT);
            g.writeEndObject();
            g.writeFieldName(F_RESPONSE);
            g.writeStartObject();
            g.writeFieldName(F_STATUS);
            g.writeNumber(201);
            g.writeFieldName(F_CONTENT_LENGTH);
            g.writeNumber(512L);
            g.writeEndObject();
            g.writeEndObject();
            g.writeFieldName(F_ANNOTATIONS);
            g.writeStartObject();
            for (int i = 0; i < ANNOTATIONS.length; i += 2) {
                g.writeFieldName(serializedKeys.get((String) ANNOTATIONS[i]));
                Object value = ANNOTATIONS[i + 1];
                if (value instanceof String s) {
                    g.writeString(s);
                } else if (value instanceof Boolean b) {
                    g.writeBoolean(b);
                } else {
                    g.writeNumber(((Number) value).longValue());
                }
            }
            g.writeEndObject();
            g.writeFieldName(F_SUBSEGMENTS);
            g.writeStartArray();
            g.writeStartObject();
            g.writeFieldName(F_NAME);
            g.writeString(SUBSEGMENT_NAME);
            g.writeFieldName(F_ID);
            g.writeString(SUBSEGMENT_ID);
            g.writeFieldName(F_START_TIME);
            g.writeNumber(SUB_START);
            g.writeFieldName(F_END_TIME);
            g.writeNumber(SUB_END);
            g.writeFieldName(F_NAMESPACE);
            g.writeString("aws");
            g.writeFieldName(F_AWS);
            g.writeStartObject();
            g.writeFieldName(F_OPERATION);
            g.writeString("PutItem");
            g.writeFieldName(F_TABLE_NAME);
            g.writeString("orders");
            g.writeFieldName(F_REGION);
            g.writeString("eu-west-1");
            g.writeFieldName(F_REQUEST_ID);
            g.writeString(REQUEST_ID);
            g.writeFieldName(F_RETRIES);
            g.writeNumber(0);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A timestamp {@code 2026-12-02T07:00:00.123456Z}, its part up to the second kept while the second lasts, as LogJson keeps it. */
    static final class Stamp {
        static final int LENGTH = 27;
        final char[] chars = new char[LENGTH];
        byte[] prefixBytes;
        int micros;
        private long second = Long.MIN_VALUE;

        void at(long epochMicros) {
            long now = Math.floorDiv(epochMicros, 1_000_000L);
            micros = (int) Math.floorMod(epochMicros, 1_000_000L);
            if (now != second) {
                String prefix = LocalDateTime.ofEpochSecond(now, 0, ZoneOffset.UTC).withNano(1).toString().substring(0, 20);
                prefix.getChars(0, 20, chars, 0);
                prefixBytes = ("\"" + prefix).getBytes(StandardCharsets.US_ASCII);
                chars[LENGTH - 1] = 'Z';
                second = now;
            }
            int rest = micros;
            for (int i = 25; i >= 20; i--) {
                chars[i] = (char) ('0' + rest % 10);
                rest /= 10;
            }
        }
    }

    /** A byte buffer the writer keeps: what {@code ByteArrayOutputStream} is without its locks and copies. */
    static final class Bytes extends OutputStream {
        byte[] bytes = new byte[1024];
        int size;

        void reset() {
            size = 0;
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] source, int offset, int length) {
            ensure(length);
            System.arraycopy(source, offset, bytes, size, length);
            size += length;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    /** As {@code Documents}' reused text buffer. */
    static final class Chars extends Writer {
        final StringBuilder text = new StringBuilder(1024);

        void reset() {
            text.setLength(0);
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(String string, int offset, int length) {
            text.append(string, offset, offset + length);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
