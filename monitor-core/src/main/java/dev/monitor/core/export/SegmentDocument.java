package dev.monitor.core.export;

import java.util.Objects;

/**
 * One X-Ray segment document, as {@code PutTraceSegments} and the X-Ray daemon receive it.
 *
 * @param traceId  the trace it belongs to, such as {@code 1-5759e988-bd862e3fe1be46a994272793}
 * @param id       the segment's (or stand-alone subsegment's) 16-hex-digit id
 * @param document the segment document, one line of JSON
 */
public record SegmentDocument(String traceId, String id, String document) {
    public SegmentDocument {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(document, "document");
    }
}
