package dev.monitor.core.logs;

import java.util.List;
import java.util.regex.Pattern;

/**
 * CloudWatch Logs' naming rules: a log group name is 1 to 512 characters of
 * {@code [.\-_/#A-Za-z0-9]}; a log stream name is 1 to 512 characters without {@code :} or
 * {@code *}; retention is one of CloudWatch's allowed day counts (PutRetentionPolicy), or never.
 */
public final class LogNames {
    private static final Pattern GROUP = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");
    /** The values PutRetentionPolicy accepts for {@code retentionInDays}. */
    public static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private LogNames() {
    }

    /** Why {@code name} is not a log group name, or null when it is one. */
    public static String groupProblem(String name) {
        if (name == null || !GROUP.matcher(name).matches()) {
            return "log group name '" + name + "' must be 1 to 512 characters of letters, digits and . - _ / #";
        }
        return null;
    }

    /** Why {@code name} is not a log stream name, or null when it is one. */
    public static String streamProblem(String name) {
        if (name == null || name.isEmpty() || name.length() > 512) {
            return "log stream name '" + name + "' must have 1 to 512 characters";
        }
        if (name.indexOf(':') >= 0 || name.indexOf('*') >= 0) {
            return "log stream name '" + name + "' must not contain ':' or '*'";
        }
        return null;
    }

    /** Why {@code days} is not a retention CloudWatch allows, or null when it is one. */
    public static String retentionProblem(int days) {
        return RETENTION_DAYS.contains(days) ? null
                : "retentionInDays " + days + " is not one of CloudWatch's values " + RETENTION_DAYS + " (or 'never')";
    }
}
