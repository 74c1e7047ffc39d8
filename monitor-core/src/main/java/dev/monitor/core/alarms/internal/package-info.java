/**
 * The runtime behind {@link dev.monitor.core.alarms.AlarmService}: the engine Monitor feeds and
 * evaluates, the evaluation of metric and composite alarms, anomaly models, action dispatch,
 * history, and the replay of raw values through an alarm. It depends on the alarm types of
 * {@code dev.monitor.core.alarms} and on the languages of {@code alarms.expressions}, never the
 * reverse. Not API: the public types here serve Monitor's wiring and the CLI, and may change in
 * any release.
 */
package dev.monitor.core.alarms.internal;
