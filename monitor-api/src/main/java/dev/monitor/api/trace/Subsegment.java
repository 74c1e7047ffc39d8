package dev.monitor.api.trace;

/** A timed part of a segment: a call downstream, a query, a step. */
public interface Subsegment extends TraceEntity {

    /** {@code remote} for calls to other services, {@code aws} for AWS SDK calls. */
    Subsegment setNamespace(String namespace);

    /** {@code sql} fields: url, sanitized_query, database_type, database_version, driver_version, user. */
    Subsegment putSql(String key, String value);

    /** {@code aws} fields: operation, region, request_id, ... */
    Subsegment putAws(String key, Object value);

    /**
     * Records that {@code sibling}, a subsegment of the same parent, completed before this one
     * began ({@code precursor_ids}): an order the times alone may not show.
     */
    Subsegment addPrecursor(Subsegment sibling);
}
