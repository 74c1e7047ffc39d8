/**
 * Health checks and their statuses, independent of any runtime: a library can declare checks
 * against these types, and {@code monitor-core} runs them ({@code monitor.health()}).
 */
package dev.monitor.api.health;
