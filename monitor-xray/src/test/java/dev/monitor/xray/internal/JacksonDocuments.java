package dev.monitor.xray.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.monitor.core.redaction.SecretWords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The segment documents as Jackson's text generator wrote them until issue 13 moved {@link Documents}
 * onto {@code JsonBytes}: kept verbatim as the reference {@code DocumentBytesProperties} compares
 * the new writer's bytes with.
 */
final class JacksonDocuments {
    static final ObjectMapper JSON = new ObjectMapper();
    /** What a secret is written as, as in the log files. */
    static final String REDACTED = "[REDACTED]";
    private static final int MAX_FRAMES = 50;
    /** SQL text longer than this is cut when a document must shrink to fit a datagram. */
    private static final int MAX_SQL_WHEN_CUT = 1000;
    private static final ThreadLocal<TextWriter> WRITER = ThreadLocal.withInitial(TextWriter::new);

    private JacksonDocuments() {
    }

    /**
     * {@code entity} and its subtree as JSON; {@code alone} for a subsegment sent on its own,
     * {@code cut} to leave out metadata and long SQL (and say so) when the whole is too large.
     */
    static String write(Entity entity, boolean alone, boolean cut) {
        return write(entity, alone, cut, null);
    }

    /**
     * As {@link #write(Entity, boolean, boolean)}, the tree read from {@code snapshot} when it is
     * not null: a segment sent in progress, whose live tree the application may still change.
     */
    static String write(Entity entity, boolean alone, boolean cut, Documents.Snapshot snapshot) {
        TextWriter out = WRITER.get().reset();
        try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
            entity(generator, entity, alone, cut, snapshot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.text.toString();
    }

    /** The text of one document at a time, reused by the thread that writes them (the emitter's). */
    private static final class TextWriter extends Writer {
        private static final int KEPT_CAPACITY = 64 * 1024;
        StringBuilder text = new StringBuilder(1024);

        TextWriter reset() {
            // A huge document's buffer is not kept for the small ones that follow.
            if (text.capacity() > KEPT_CAPACITY) {
                text = new StringBuilder(1024);
            }
            text.setLength(0);
            return this;
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

    private static void entity(JsonGenerator g, Entity entity, boolean alone, boolean cut, Documents.Snapshot snapshot) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", entity.name);
        g.writeStringField("id", entity.id());
        boolean segment = entity.parent == null;
        if (segment || alone) {
            g.writeStringField("trace_id", entity.traceId);
        }
        if (alone) {
            g.writeStringField("type", "subsegment");
            g.writeStringField("parent_id", entity.parent.id());
        } else if (segment && entity.upstreamParent != null) {
            g.writeStringField("parent_id", entity.upstreamParent);
        }
        g.writeFieldName("start_time");
        g.writeNumber(seconds(entity.startMicros));
        boolean open = snapshot != null ? snapshot.open(entity) : entity.endMicros < 0;
        if (open) {
            g.writeBooleanField("in_progress", true);
            children(g, snapshot != null ? snapshot.children(entity) : entity.children, cut, snapshot);
            g.writeEndObject();
            return;
        }
        g.writeFieldName("end_time");
        g.writeNumber(seconds(entity.endMicros));
        Entity.Details details = entity.details;
        SecretWords secrets = entity.tracer.secretWords;
        if (details != null) {
            details(g, details, cut, secrets);
        }
        if (entity.error) {
            g.writeBooleanField("error", true);
        }
        if (entity.throttle) {
            g.writeBooleanField("throttle", true);
        }
        if (entity.fault) {
            g.writeBooleanField("fault", true);
        }
        if (details != null && details.exceptions != null) {
            cause(g, details.exceptions, "remote".equals(details.namespace), secrets);
        }
        if (details != null && details.precursorIds != null) {
            g.writeArrayFieldStart("precursor_ids");
            for (String id : details.precursorIds) {
                g.writeString(id);
            }
            g.writeEndArray();
        }
        if (entity.annotationCount > 0) {
            g.writeObjectFieldStart("annotations");
            for (int i = 0; i < entity.annotationCount * 2; i += 2) {
                String key = (String) entity.annotations[i];
                g.writeFieldName(key);
                Object value = entity.annotations[i + 1];
                if (secrets.isSecret(key)) {
                    g.writeString(REDACTED);
                } else {
                    annotationValue(g, value instanceof String text ? secrets.scrubText(text, REDACTED) : value);
                }
            }
            g.writeEndObject();
        }
        if (details != null && details.metadata != null) {
            if (cut) {
                // Too large for a datagram: the metadata goes, and the document says so.
                g.writeObjectFieldStart("metadata");
                g.writeObjectFieldStart("monitor");
                g.writeBooleanField("truncated", true);
                g.writeEndObject();
                g.writeEndObject();
            } else {
                g.writeFieldName("metadata");
                g.writeTree(redacted(details.metadata, secrets));
            }
        }
        // Live only once the subtree has ended, when no child can join it any more; else from the snapshot.
        children(g, snapshot != null ? snapshot.children(entity) : entity.children, cut, snapshot);
        g.writeEndObject();
    }

    private static void children(JsonGenerator g, List<Entity> children, boolean cut, Documents.Snapshot snapshot) throws IOException {
        if (children != null && !children.isEmpty()) {
            g.writeArrayFieldStart("subsegments");
            for (Entity child : children) {
                entity(g, child, false, cut, snapshot);
            }
            g.writeEndArray();
        }
    }

    /** A string, number or boolean (the only values annotations take), written without a serializer lookup. */
    private static void annotationValue(JsonGenerator g, Object value) throws IOException {
        if (value instanceof String text) {
            g.writeString(text);
        } else if (value instanceof Boolean flag) {
            g.writeBoolean(flag);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            g.writeNumber(((Number) value).doubleValue());
        } else {
            g.writeObject(value); // BigDecimal, BigInteger and other Numbers
        }
    }

    /** The fields few entities carry, in the order the X-Ray SDK writes them. */
    private static void details(JsonGenerator g, Entity.Details details, boolean cut, SecretWords secrets) throws IOException {
        stringField(g, "namespace", details.namespace);
        stringField(g, "user", details.user);
        if (details.serviceVersion != null) {
            g.writeObjectFieldStart("service");
            g.writeStringField("version", details.serviceVersion);
            g.writeEndObject();
        }
        stringField(g, "origin", details.origin);
        if (details.httpRequest != null || details.status >= 0) {
            g.writeObjectFieldStart("http");
            if (details.httpRequest != null) {
                g.writeFieldName("request");
                g.writeTree(redacted(details.httpRequest, secrets));
            }
            if (details.status >= 0) {
                g.writeObjectFieldStart("response");
                g.writeNumberField("status", details.status);
                if (details.contentLength >= 0) {
                    g.writeNumberField("content_length", details.contentLength);
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        if (details.sql != null) {
            g.writeObjectFieldStart("sql");
            for (Map.Entry<String, Object> field : details.sql.entrySet()) {
                String value = secrets.isSecret(field.getKey()) ? REDACTED
                        : secrets.scrubText(String.valueOf(field.getValue()), REDACTED);
                g.writeStringField(field.getKey(), cut && value.length() > MAX_SQL_WHEN_CUT
                        ? value.substring(0, MAX_SQL_WHEN_CUT) + "..." : value);
            }
            g.writeEndObject();
        }
        if (details.aws != null) {
            g.writeFieldName("aws");
            g.writeTree(redacted(details.aws, secrets));
        }
    }

    private static void stringField(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** The exceptions, each cause chained to the next by id; stacks beyond 50 frames are cut and counted. */
    private static void cause(JsonGenerator g, List<Throwable> thrown, boolean remote, SecretWords secrets) throws IOException {
        g.writeObjectFieldStart("cause");
        g.writeStringField("working_directory", System.getProperty("user.dir"));
        g.writeArrayFieldStart("exceptions");
        for (Throwable throwable : thrown) {
            String id = Ids.entityId();
            // Each exception of the chain once: a cycle of causes (A caused by B caused by A) ends where it repeats.
            Set<Throwable> written = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Throwable t = throwable; t != null && written.add(t); t = t.getCause()) {
                g.writeStartObject();
                g.writeStringField("id", id);
                g.writeStringField("message", secrets.scrubText(String.valueOf(t.getMessage()), REDACTED));
                g.writeStringField("type", t.getClass().getName());
                if (remote) {
                    g.writeBooleanField("remote", true);
                }
                StackTraceElement[] frames = t.getStackTrace();
                g.writeArrayFieldStart("stack");
                for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                    g.writeStartObject();
                    g.writeStringField("path", frames[i].getFileName() == null ? "unknown" : frames[i].getFileName());
                    g.writeNumberField("line", frames[i].getLineNumber());
                    g.writeStringField("label", frames[i].getClassName() + "." + frames[i].getMethodName());
                    g.writeEndObject();
                }
                g.writeEndArray();
                if (frames.length > MAX_FRAMES) {
                    g.writeNumberField("truncated", frames.length - MAX_FRAMES);
                }
                if (t.getCause() != null && !written.contains(t.getCause())) {
                    id = Ids.entityId();
                    g.writeStringField("cause", id);
                }
                g.writeEndObject();
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * {@code value} as JSON with no secret left: values under secret keys, at any depth, become
     * {@value #REDACTED}; text elsewhere loses {@code key=value} secrets and URL passwords.
     */
    static JsonNode redacted(Object value, SecretWords secrets) {
        JsonNode tree = JSON.valueToTree(value);
        return hide(tree, secrets);
    }

    private static JsonNode hide(JsonNode node, SecretWords secrets) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(secrets.isSecret(field.getKey()) ? TextNode.valueOf(REDACTED) : hide(field.getValue(), secrets));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, hide(array.get(i), secrets));
            }
        } else if (node != null && node.isTextual()) {
            String text = node.textValue();
            String scrubbed = secrets.scrubText(text, REDACTED);
            return scrubbed == text ? node : TextNode.valueOf(scrubbed);
        }
        return node;
    }

    /** Epoch seconds with microseconds, written plainly (1767225600.123456), never in exponent form. */
    static String seconds(long micros) {
        long fraction = micros % 1_000_000;
        String digits = Long.toString(fraction + 1_000_000);
        return (micros / 1_000_000) + "." + digits.substring(1);
    }
}
