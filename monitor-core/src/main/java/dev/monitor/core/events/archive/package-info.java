/**
 * Event archives and replays, as EventBridge has them (user guide pages eb-archive.html and
 * eb-replay-archived-event.html): an archive keeps, in files under {@code <data-dir>/events/archives},
 * the events of one bus that match its pattern, for a retention; a replay sends a time range of them
 * again to a bus's rules, each marked with {@code replay-name}, at a set pace on Monitor's threads.
 */
package dev.monitor.core.events.archive;
