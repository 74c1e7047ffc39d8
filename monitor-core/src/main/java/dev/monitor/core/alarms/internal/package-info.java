/**
 * The runtime behind {@link dev.monitor.core.alarms.Alarms}: the engine Monitor feeds and
 * evaluates, the evaluation of metric and composite alarms, metric math, composite rules,
 * anomaly models, action dispatch and history. Not API: the public types here serve Monitor's
 * wiring, the alarm value types and the CLI, and may change in any release.
 */
package dev.monitor.core.alarms.internal;
