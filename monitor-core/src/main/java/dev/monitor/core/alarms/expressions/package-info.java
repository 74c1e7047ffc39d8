/**
 * The languages of alarm definitions: CloudWatch metric math ({@link
 * dev.monitor.core.alarms.expressions.MetricMath}) and composite alarm rules ({@link
 * dev.monitor.core.alarms.expressions.AlarmRule}), parsed and evaluated. A package of its own that
 * depends on no alarm type, so that the definitions' builders check their expressions and rules
 * with it and the engine in {@code alarms.internal} evaluates them, neither needing the other.
 * Users write these languages in alarm definitions; they do not call this package.
 */
package dev.monitor.core.alarms.expressions;
