package dev.monitor.core.dashboard;

import java.time.Instant;

/**
 * A stored dashboard as GetDashboard answers: its name, ARN and body exactly as it was put.
 *
 * @param dashboardName the name
 * @param dashboardArn  {@code arn:aws:cloudwatch::ACCOUNT:dashboard/NAME}
 * @param dashboardBody the body's JSON text as put
 * @param lastModified  when it was last put
 */
public record DashboardDocument(String dashboardName, String dashboardArn, String dashboardBody, Instant lastModified) {
}
