package dev.monitor.core.events.schemas;

/**
 * What schema discovery left out, since the registry was built: each is also counted in
 * {@code Monitor/Dropped} with dimensions {@code Signal=Events} and {@code Reason} (the names below).
 *
 * @param invalidEvents     {@code InvalidEvent}: text that is not an event (not a JSON object, or without a
 *                          textual {@code source} and {@code detail-type}), not observed
 * @param schemasOverLimit  {@code SchemasOverLimit}: events of a new schema when the registry holds its maximum
 * @param fieldsOverLimit   {@code FieldsOverLimit}: new fields not added because their schema holds its maximum
 * @param depthOverLimit    {@code DepthOverLimit}: objects and arrays deeper than the maximum depth, kept as
 *                          plain {@code object} or {@code array} without their contents
 * @param versionsOverLimit {@code VersionsOverLimit}: oldest versions forgotten to keep the maximum per schema
 * @param notPersisted      {@code NotPersisted}: versions whose file could not be written (written with the next)
 * @param failedEvents      {@code ObserveFailed}: events whose observing failed in a way it should not (a fault
 *                          of Monitor's, counted rather than thrown at the bus)
 */
public record DiscoveryCounts(long invalidEvents, long schemasOverLimit, long fieldsOverLimit, long depthOverLimit,
        long versionsOverLimit, long notPersisted, long failedEvents) {
}
