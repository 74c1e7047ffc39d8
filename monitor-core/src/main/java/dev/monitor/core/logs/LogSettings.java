package dev.monitor.core.logs;

import dev.monitor.api.logs.Level;
import dev.monitor.core.redaction.SecretWords;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.files.RollingFile;
import java.net.InetAddress;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a monitor's logs are kept: the default log group and stream, levels, queue and size limits,
 * redaction, file rotation, the groups with their retention and loggers, and metric filters.
 *
 * @param levels          the level of loggers whose name starts with a prefix; the longest prefix wins
 * @param secretWords     a field or context key containing one of these (ignoring case) is redacted
 * @param groups          extra groups and the logger prefixes routed to them
 * @param defaultRetentionDays retention of the default group; null keeps events forever
 * @param filePermissions the permissions log files are created with (directories add execute
 *                        where read is granted); owner-only unless configured
 *                        ({@code files: permissions: rw-r-----})
 */
public record LogSettings(String group, String stream, Level level, Map<String, Level> levels, int queueCapacity,
                          int maxEventBytes, List<String> secretWords, long rotateBytes, Duration rotateEvery,
                          Integer defaultRetentionDays, List<GroupSettings> groups, List<MetricFilter> metricFilters,
                          Set<PosixFilePermission> filePermissions) {

    public LogSettings {
        filePermissions = Set.copyOf(filePermissions);
    }

    /** Settings whose files are owner-only. */
    public LogSettings(String group, String stream, Level level, Map<String, Level> levels, int queueCapacity,
                       int maxEventBytes, List<String> secretWords, long rotateBytes, Duration rotateEvery,
                       Integer defaultRetentionDays, List<GroupSettings> groups, List<MetricFilter> metricFilters) {
        this(group, stream, level, levels, queueCapacity, maxEventBytes, secretWords, rotateBytes, rotateEvery,
                defaultRetentionDays, groups, metricFilters, RollingFile.OWNER_ONLY);
    }

    /** An extra log group: its retention (null: never expire) and the logger prefixes that write to it. */
    public record GroupSettings(String name, Integer retentionDays, List<String> loggers) {
    }

    /** The defaults for an application whose metrics namespace is {@code namespace}. */
    public static LogSettings defaults(String namespace) {
        return new LogSettings(defaultGroup(namespace), defaultStream(), Level.INFO, Map.of(), 32_768, 256 * 1024,
                SecretWords.DEFAULTS, 64L * 1024 * 1024, Duration.ofHours(1), null, List.of(), List.of());
    }

    /** {@code /monitor/<namespace>}, with characters CloudWatch does not allow in group names as {@code _}. */
    static String defaultGroup(String namespace) {
        return "/monitor/" + namespace.replaceAll("[^.\\-_/#A-Za-z0-9]", "_");
    }

    /** {@code <host>-<pid>}: one stream per process, as agents name them. */
    static String defaultStream() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        String stream = host + "-" + ProcessHandle.current().pid();
        return stream.replace(':', '_').replace('*', '_');
    }

    /** The settings under {@code logs:} in a configuration file; problems go to the node's list. */
    public static LogSettings read(ConfigNode node, String namespace) {
        LogSettings defaults = defaults(namespace);
        String group = node.string("group", defaults.group());
        String groupProblem = LogNames.groupProblem(group);
        if (groupProblem != null) {
            node.problem("group", groupProblem);
        }
        String stream = node.string("stream", defaults.stream());
        String streamProblem = LogNames.streamProblem(stream);
        if (streamProblem != null) {
            node.problem("stream", streamProblem);
        }
        Level level = level(node, "level", defaults.level());
        Map<String, Level> levels = new LinkedHashMap<>();
        ConfigNode levelsNode = node.child("levels");
        for (String prefix : levelsNode.keys()) {
            levels.put(prefix, level(levelsNode, prefix, Level.INFO));
        }
        int queueCapacity = node.integer("queueCapacity", defaults.queueCapacity(), 16, 1 << 24);
        long maxEventBytes = node.bytes("maxEventBytes", defaults.maxEventBytes());
        if (maxEventBytes < 4096 || maxEventBytes > 16L * 1024 * 1024) {
            node.problem("maxEventBytes", maxEventBytes + " is out of range; allowed 4KiB to 16MiB");
            maxEventBytes = defaults.maxEventBytes();
        }
        List<String> secretWords = node.has("redact") ? node.strings("redact") : defaults.secretWords();
        ConfigNode files = node.child("files");
        long rotateBytes = files.bytes("rotateBytes", defaults.rotateBytes());
        Duration rotateEvery = files.duration("rotateEvery", defaults.rotateEvery());
        Set<PosixFilePermission> permissions = defaults.filePermissions();
        String permissionsText = files.string("permissions", null);
        if (permissionsText != null) {
            try {
                permissions = PosixFilePermissions.fromString(permissionsText);
                if (!permissions.contains(PosixFilePermission.OWNER_READ) || !permissions.contains(PosixFilePermission.OWNER_WRITE)) {
                    files.problem("permissions", "'" + permissionsText + "' must let the owner read and write (rw-......)");
                    permissions = defaults.filePermissions();
                }
            } catch (IllegalArgumentException e) {
                files.problem("permissions", "'" + permissionsText + "' is not nine rwx- characters such as rw-r-----");
            }
        }
        files.rejectUnknownKeys();
        Integer retention = retention(node, "retentionInDays");
        List<GroupSettings> groups = new ArrayList<>();
        for (ConfigNode groupNode : node.list("groups")) {
            String name = groupNode.requiredString("name");
            if (name != null && LogNames.groupProblem(name) != null) {
                groupNode.problem("name", LogNames.groupProblem(name));
            }
            groups.add(new GroupSettings(name, retention(groupNode, "retentionInDays"), groupNode.strings("loggers")));
            groupNode.rejectUnknownKeys();
        }
        List<MetricFilter> filters = new ArrayList<>();
        for (ConfigNode filterNode : node.list("metricFilters")) {
            MetricFilter filter = MetricFilter.read(filterNode, group);
            if (filter != null) {
                filters.add(filter);
            }
        }
        node.rejectUnknownKeys();
        return new LogSettings(group, stream, level, levels, queueCapacity, (int) maxEventBytes, secretWords,
                rotateBytes, rotateEvery, retention, groups, filters, permissions);
    }

    private static Level level(ConfigNode node, String key, Level fallback) {
        // YAML 1.1 reads an unquoted off as false.
        if ("false".equals(node.string(key, null))) {
            return null;
        }
        String text = node.choice(key, null, "trace", "debug", "info", "warn", "error", "off");
        if (text == null) {
            return fallback;
        }
        return text.equals("off") ? null : Level.valueOf(text.toUpperCase(Locale.ROOT));
    }

    private static Integer retention(ConfigNode node, String key) {
        String text = node.string(key, null);
        if (text == null || text.equals("never")) {
            return null;
        }
        try {
            int days = Integer.parseInt(text);
            String problem = LogNames.retentionProblem(days);
            if (problem != null) {
                node.problem(key, problem);
                return null;
            }
            return days;
        } catch (NumberFormatException e) {
            node.problem(key, "'" + text + "' is not a number of days or 'never'");
            return null;
        }
    }
}
