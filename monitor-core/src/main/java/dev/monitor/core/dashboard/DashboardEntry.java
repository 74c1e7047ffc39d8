package dev.monitor.core.dashboard;

import java.time.Instant;

/**
 * One dashboard as ListDashboards lists it ({@code DashboardEntry}).
 *
 * @param dashboardName the name
 * @param dashboardArn  {@code arn:aws:cloudwatch::ACCOUNT:dashboard/NAME} (dashboards are global: no region)
 * @param lastModified  when it was last put
 * @param size          the body's size in bytes (UTF-8)
 */
public record DashboardEntry(String dashboardName, String dashboardArn, Instant lastModified, long size) {
}
