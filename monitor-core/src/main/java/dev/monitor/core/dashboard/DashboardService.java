package dev.monitor.core.dashboard;

import java.util.List;

/**
 * CloudWatch dashboards over a monitor's data directory: PutDashboard, GetDashboard, ListDashboards
 * and DeleteDashboards, each dashboard one file under {@code <data-dir>/dashboards}, plus the
 * automatic dashboards of the metrics the monitor holds. Bodies are CloudWatch's dashboard-body JSON
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html),
 * validated as PutDashboard validates them. Thread-safe. Every call reads or writes files: not for hot paths.
 */
public interface DashboardService {
    /** The longest dashboard name CloudWatch allows. */
    int MAX_NAME_LENGTH = 255;

    /**
     * Creates or replaces dashboard {@code name} with {@code body}, kept exactly as given.
     *
     * @return the validation warnings, as PutDashboard's {@code DashboardValidationMessages}: empty when the
     *         body was taken as it is (Monitor warns of nothing; what it does not draw is in {@link DashboardBody#unsupported()})
     * @throws DashboardInvalidInputException when the name or the body is refused, naming each problem
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    List<DashboardValidationMessage> putDashboard(String name, String body);

    /** {@link #putDashboard(String, String)} with a body built in code, written as its JSON. */
    List<DashboardValidationMessage> putDashboard(String name, DashboardBody body);

    /**
     * The dashboard {@code name}, its body exactly as put.
     *
     * @throws DashboardNotFoundException when there is none of that name
     */
    DashboardDocument getDashboard(String name);

    /** The dashboards whose name starts with {@code prefix} (all when null or empty), by name. */
    List<DashboardEntry> listDashboards(String prefix);

    /**
     * Deletes the dashboards {@code names}: as many as exist, as DeleteDashboards does.
     *
     * @throws DashboardNotFoundException naming the first that did not exist, after deleting the others
     */
    void deleteDashboards(List<String> names);

    /**
     * The body {@code json} as values, validated as PutDashboard validates it.
     *
     * @throws DashboardInvalidInputException naming each problem with its data path; nothing else
     */
    DashboardBody parse(String json);

    /** {@code body} as dashboard-body JSON, which {@link #parse} reads back to equal values. */
    String toJson(DashboardBody body);

    /**
     * A dashboard per namespace of the metrics this monitor holds now, as CloudWatch's automatic
     * dashboards: the application's namespaces first, then Monitor's own metrics, then the JVM and
     * process metrics, each in its own {@link AutomaticDashboard.Section}.
     */
    List<AutomaticDashboard> automaticDashboards();

    /** The ARN of dashboard {@code name}: {@code arn:aws:cloudwatch::ACCOUNT:dashboard/NAME}. */
    String arn(String name);
}
