package dev.monitor.xray.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.internal.JsonBytes;
import dev.monitor.core.internal.JsonValues;
import dev.monitor.core.redaction.SecretWords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Segment documents as the X-Ray segment document schema (v1.0.0) defines them: {@code name},
 * {@code id}, {@code trace_id}, {@code start_time} and {@code end_time} (epoch seconds with
 * microseconds) or {@code in_progress}, {@code parent_id}, and the optional {@code http},
 * {@code sql}, {@code aws}, {@code user}, {@code service}, {@code origin}, flags,
 * {@code cause}, {@code precursor_ids}, {@code annotations}, {@code metadata} and
 * {@code subsegments}. A subsegment sent
 * alone has {@code type: subsegment}, {@code trace_id} and {@code parent_id}. Written straight
 * as UTF-8 on the emitter thread, with no tree in between, into a buffer that thread reuses.
 */
final class Documents {
    static final ObjectMapper JSON = new ObjectMapper();
    /** What a secret is written as, as in the log files. */
    static final String REDACTED = "[REDACTED]";
    private static final int MAX_FRAMES = 50;
    private static final byte[] START_TIME = JsonBytes.encodeName("start_time");
    private static final byte[] END_TIME = JsonBytes.encodeName("end_time");
    private static final byte[] IN_PROGRESS = JsonBytes.encodeName("in_progress");
    private static final byte[] ANNOTATIONS = JsonBytes.encodeName("annotations");
    private static final byte[] SUBSEGMENTS = JsonBytes.encodeName("subsegments");
    private static final byte[] HTTP = JsonBytes.encodeName("http");
    private static final byte[] REQUEST = JsonBytes.encodeName("request");
    private static final byte[] RESPONSE = JsonBytes.encodeName("response");
    private static final byte[] STATUS = JsonBytes.encodeName("status");
    private static final byte[] CONTENT_LENGTH = JsonBytes.encodeName("content_length");
    /** SQL text longer than this is cut when a document must shrink to fit a datagram. */
    private static final int MAX_SQL_WHEN_CUT = 1000;
    /**
     * One buffer per writing thread (the emitter's), in the bytes Jackson's text generator wrote
     * before: {@code JsonBytes} was measured cheaper ({@code JsonBenchmarks}), and the documents kept.
     */
    private static final ThreadLocal<JsonBytes> WRITER = ThreadLocal.withInitial(() -> new JsonBytes(JsonBytes.Style.JACKSON_TEXT));

    private Documents() {
    }

    /**
     * {@code entity} and its subtree as JSON; {@code alone} for a subsegment sent on its own,
     * {@code cut} to leave out metadata and long SQL (and say so) when the whole is too large.
     */
    static String write(Entity entity, boolean alone, boolean cut) {
        return write(entity, alone, cut, null).text();
    }

    /**
     * As {@link #write(Entity, boolean, boolean)}, the tree read from {@code snapshot} when it is
     * not null: a segment sent in progress, whose live tree the application may still change. The
     * bytes are in the calling thread's buffer, valid until its next call.
     */
    static JsonBytes write(Entity entity, boolean alone, boolean cut, Snapshot snapshot) {
        JsonBytes out = WRITER.get();
        out.reset();
        entity(out, entity, alone, cut, snapshot);
        return out;
    }

    /**
     * The shape of a segment's tree at one moment, taken under the segment's lock (held only for
     * the copy) so that redaction and writing happen outside it: which entities were still open
     * and each one's children. An open entity is written as X-Ray's in-progress documents are, its
     * name, ids and start only, since its application thread may be writing the rest. Children can
     * be left out of a snapshot ({@link #detach}) without touching the live tree.
     */
    static final class Snapshot {
        private final Map<Entity, List<Entity>> children = new IdentityHashMap<>();
        private final Set<Entity> open = Collections.newSetFromMap(new IdentityHashMap<>());

        /** The caller holds the segment's lock, or the tree under {@code entity} has ended. */
        static Snapshot of(Entity entity) {
            Snapshot snapshot = new Snapshot();
            snapshot.add(entity);
            return snapshot;
        }

        private void add(Entity entity) {
            if (entity.endMicros < 0) {
                open.add(entity);
            }
            List<Entity> kids = entity.children == null || entity.children.isEmpty() ? List.of() : List.copyOf(entity.children);
            children.put(entity, kids);
            for (Entity kid : kids) {
                add(kid);
            }
        }

        List<Entity> children(Entity entity) {
            return children.getOrDefault(entity, List.of());
        }

        boolean open(Entity entity) {
            return open.contains(entity);
        }

        /** From now on {@code entity} is written without its subsegments (they are sent on their own). */
        void detach(Entity entity) {
            children.put(entity, List.of());
        }
    }

    private static void entity(JsonBytes g, Entity entity, boolean alone, boolean cut, Snapshot snapshot) {
        g.startObject();
        g.stringField("name", entity.name);
        g.stringField("id", entity.id());
        boolean segment = entity.parent == null;
        if (segment || alone) {
            g.stringField("trace_id", entity.traceId);
        }
        if (alone) {
            g.stringField("type", "subsegment");
            g.stringField("parent_id", entity.parent.id());
        } else if (segment && entity.upstreamParent != null) {
            g.stringField("parent_id", entity.upstreamParent);
        }
        g.name(START_TIME);
        seconds(g, entity.startMicros);
        boolean open = snapshot != null ? snapshot.open(entity) : entity.endMicros < 0;
        if (open) {
            g.name(IN_PROGRESS).bool(true);
            children(g, snapshot != null ? snapshot.children(entity) : entity.children, cut, snapshot);
            g.endObject();
            return;
        }
        g.name(END_TIME);
        seconds(g, entity.endMicros);
        Entity.Details details = entity.details;
        SecretWords secrets = entity.tracer.secretWords;
        if (details != null) {
            details(g, details, cut, secrets);
        }
        if (entity.error) {
            g.name("error").bool(true);
        }
        if (entity.throttle) {
            g.name("throttle").bool(true);
        }
        if (entity.fault) {
            g.name("fault").bool(true);
        }
        if (details != null && details.exceptions != null) {
            cause(g, details.exceptions, "remote".equals(details.namespace), secrets);
        }
        if (details != null && details.precursorIds != null) {
            g.name("precursor_ids").startArray();
            for (String id : details.precursorIds) {
                g.element().string(id);
            }
            g.endArray();
        }
        if (entity.annotationCount > 0) {
            g.name(ANNOTATIONS).startObject();
            for (int i = 0; i < entity.annotationCount * 2; i += 2) {
                String key = (String) entity.annotations[i];
                g.name(key);
                Object value = entity.annotations[i + 1];
                if (secrets.isSecret(key)) {
                    g.string(REDACTED);
                } else {
                    annotationValue(g, value instanceof String text ? secrets.scrubText(text, REDACTED) : value);
                }
            }
            g.endObject();
        }
        if (details != null && details.metadata != null) {
            g.name("metadata");
            if (cut) {
                // Too large for a datagram: the metadata goes, and the document says so.
                g.startObject().name("monitor").startObject().name("truncated").bool(true).endObject().endObject();
            } else {
                JsonValues.write(g, details.metadata, secrets, REDACTED, JSON);
            }
        }
        // Live only once the subtree has ended, when no child can join it any more; else from the snapshot.
        children(g, snapshot != null ? snapshot.children(entity) : entity.children, cut, snapshot);
        g.endObject();
    }

    private static void children(JsonBytes g, List<Entity> children, boolean cut, Snapshot snapshot) {
        if (children != null && !children.isEmpty()) {
            g.name(SUBSEGMENTS).startArray();
            for (Entity child : children) {
                g.element();
                entity(g, child, false, cut, snapshot);
            }
            g.endArray();
        }
    }

    /** A string, number or boolean (the only values annotations take), as Jackson's generator wrote them. */
    private static void annotationValue(JsonBytes g, Object value) {
        if (value instanceof String text) {
            g.string(text);
        } else if (value instanceof Boolean flag) {
            g.bool(flag);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            g.number(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            g.javaNumber(((Number) value).doubleValue());
        } else {
            // BigDecimal, BigInteger and other Numbers: rare, and written by Jackson's own serializer.
            byte[] written;
            try {
                written = JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            g.raw(written, 0, written.length);
        }
    }

    /** The fields few entities carry, in the order the X-Ray SDK writes them. */
    private static void details(JsonBytes g, Entity.Details details, boolean cut, SecretWords secrets) {
        stringField(g, "namespace", details.namespace);
        stringField(g, "user", details.user);
        if (details.serviceVersion != null) {
            g.name("service").startObject().stringField("version", details.serviceVersion).endObject();
        }
        stringField(g, "origin", details.origin);
        if (details.httpRequest != null || details.status >= 0) {
            g.name(HTTP).startObject();
            if (details.httpRequest != null) {
                g.name(REQUEST);
                JsonValues.write(g, details.httpRequest, secrets, REDACTED, JSON);
            }
            if (details.status >= 0) {
                g.name(RESPONSE).startObject();
                g.name(STATUS).number(details.status);
                if (details.contentLength >= 0) {
                    g.name(CONTENT_LENGTH).number(details.contentLength);
                }
                g.endObject();
            }
            g.endObject();
        }
        if (details.sql != null) {
            g.name("sql").startObject();
            for (Map.Entry<String, Object> field : details.sql.entrySet()) {
                String value = secrets.isSecret(field.getKey()) ? REDACTED
                        : secrets.scrubText(String.valueOf(field.getValue()), REDACTED);
                g.stringField(field.getKey(), cut && value.length() > MAX_SQL_WHEN_CUT
                        ? value.substring(0, MAX_SQL_WHEN_CUT) + "..." : value);
            }
            g.endObject();
        }
        if (details.aws != null) {
            g.name("aws");
            JsonValues.write(g, details.aws, secrets, REDACTED, JSON);
        }
    }

    private static void stringField(JsonBytes g, String name, String value) {
        if (value != null) {
            g.stringField(name, value);
        }
    }

    /** The exceptions, each cause chained to the next by id; stacks beyond 50 frames are cut and counted. */
    private static void cause(JsonBytes g, List<Throwable> thrown, boolean remote, SecretWords secrets) {
        g.name("cause").startObject();
        g.stringField("working_directory", System.getProperty("user.dir"));
        g.name("exceptions").startArray();
        for (Throwable throwable : thrown) {
            String id = Ids.entityId();
            // Each exception of the chain once: a cycle of causes (A caused by B caused by A) ends where it repeats.
            Set<Throwable> written = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Throwable t = throwable; t != null && written.add(t); t = t.getCause()) {
                g.element().startObject();
                g.stringField("id", id);
                g.stringField("message", secrets.scrubText(String.valueOf(t.getMessage()), REDACTED));
                g.stringField("type", t.getClass().getName());
                if (remote) {
                    g.name("remote").bool(true);
                }
                StackTraceElement[] frames = t.getStackTrace();
                g.name("stack").startArray();
                for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                    g.element().startObject();
                    g.stringField("path", frames[i].getFileName() == null ? "unknown" : frames[i].getFileName());
                    g.name("line").number(frames[i].getLineNumber());
                    g.stringField("label", frames[i].getClassName() + "." + frames[i].getMethodName());
                    g.endObject();
                }
                g.endArray();
                if (frames.length > MAX_FRAMES) {
                    g.name("truncated").number(frames.length - MAX_FRAMES);
                }
                if (t.getCause() != null && !written.contains(t.getCause())) {
                    id = Ids.entityId();
                    g.stringField("cause", id);
                }
                g.endObject();
            }
        }
        g.endArray();
        g.endObject();
    }

    /** As {@link #seconds(long)}, into the document without a String for the common case (a time after 1970). */
    private static void seconds(JsonBytes g, long micros) {
        if (micros >= 0) {
            g.number(micros / 1_000_000).fraction((int) (micros % 1_000_000));
        } else {
            g.number(seconds(micros));
        }
    }

    /** Epoch seconds with microseconds, written plainly (1767225600.123456), never in exponent form. */
    static String seconds(long micros) {
        long fraction = micros % 1_000_000;
        String digits = Long.toString(fraction + 1_000_000);
        return (micros / 1_000_000) + "." + digits.substring(1);
    }
}
