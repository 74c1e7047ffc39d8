/**
 * Where the event buses' events come from besides the application's puts: Monitor's own events on
 * the {@code default} bus in AWS's shapes (alarm state changes, audited write calls, CloudTrail
 * Insights), and partner event sources, SaaS webhooks signed with a shared secret that the monitor's
 * server accepts onto a partner bus {@code aws.partner/<partner>/<source>}. Also the {@code events:}
 * settings of archives and partner sources.
 */
package dev.monitor.core.events.sources;
