package dev.monitor.api.trace;

/** The root of a service's work for one request: sent as a segment document when it and its children end. */
public interface Segment extends TraceEntity {

    /** The end user, as {@code user}. */
    Segment setUser(String user);

    /** {@code service.version}. */
    Segment setServiceVersion(String version);

    /** {@code origin}, such as {@code AWS::EC2::Instance}. */
    Segment setOrigin(String origin);
}
