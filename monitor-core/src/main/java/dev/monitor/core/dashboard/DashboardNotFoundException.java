package dev.monitor.core.dashboard;

import java.util.NoSuchElementException;

/**
 * GetDashboard's and DeleteDashboards' {@code DashboardNotFoundError} (error code {@code ResourceNotFound}):
 * {@code Dashboard NAME does not exist}.
 */
public final class DashboardNotFoundException extends NoSuchElementException {
    /** The error code CloudWatch answers with. */
    public static final String CODE = "ResourceNotFound";

    public DashboardNotFoundException(String message) {
        super(message);
    }

    /** The error code: {@value #CODE}. */
    public String code() {
        return CODE;
    }
}
