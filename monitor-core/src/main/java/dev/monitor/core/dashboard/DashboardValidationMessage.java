package dev.monitor.core.dashboard;

/**
 * One problem of a dashboard body, as PutDashboard's {@code DashboardValidationMessage}.
 *
 * @param dataPath where in the body, as a JSON pointer such as {@code /widgets/0/properties/metrics/0}
 *                 (empty for the body as a whole)
 * @param message  what is wrong
 */
public record DashboardValidationMessage(String dataPath, String message) {
}
