/**
 * The one rule that keeps secrets out of logs, traces and audit records ({@link dev.monitor.core.redaction.SecretWords}),
 * shared by every capability so that a word redacted in one is redacted in all.
 */
package dev.monitor.core.redaction;
