/**
 * The schema registry of Monitor's event buses: schema discovery as EventBridge does it
 * ({@link dev.monitor.core.events.schemas.SchemaRegistry}), listing, describing and exporting the
 * discovered schemas in the shapes of the registry's API, and Java 17 records generated from them.
 * Only the structure of events is kept (field names, types, which fields every event has), never a
 * value, so a schema holds nothing an event's values could leak.
 */
package dev.monitor.core.events.schemas;
