/**
 * Not API: the audit trail's runtime (the journal, the delivery of its segments to the audit
 * exporters, the {@code cloudtrail-files} exporter with its trail files, indexes and signed
 * digests). Public only so that the monitor's wiring and tools can reach it; it may change in any
 * release. Applications use {@code dev.monitor.core.audit.AuditTrail}.
 */
package dev.monitor.core.audit.internal;
