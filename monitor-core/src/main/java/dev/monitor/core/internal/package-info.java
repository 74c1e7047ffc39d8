/**
 * Helpers that Monitor's own packages and modules share (the CLI's time format, say). Not API:
 * public only because Java has no friend packages; they may change in any release.
 */
package dev.monitor.core.internal;
