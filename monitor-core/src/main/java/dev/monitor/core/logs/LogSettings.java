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
import java.util.Objects;
import java.util.Set;

/**
 * How a monitor's logs are kept: the default log group and stream, levels, queue and size limits,
 * redaction, file rotation, the groups with their retention and loggers, and metric filters.
 * Made with {@link #builder()} (or {@link #defaults(String)} and {@link #toBuilder()}), or read
 * from a configuration file's {@code logs:} section by {@link #read}. Immutable.
 *
 * <p>The file settings (rotation, retention, permissions) configure the default {@code log-files}
 * exporter; a {@code log-files} entry in the configuration's {@code exporters:} list replaces it.
 */
public final class LogSettings {
    private static final int MIN_EVENT_BYTES = 4096;
    private static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private final String group;
    private final String stream;
    private final Level level;
    private final Map<String, Level> levels;
    private final int queueCapacity;
    private final int maxEventBytes;
    private final List<String> secretWords;
    private final long rotateBytes;
    private final Duration rotateEvery;
    private final Integer defaultRetentionDays;
    private final List<GroupSettings> groups;
    private final List<MetricFilter> metricFilters;
    private final Set<PosixFilePermission> filePermissions;

    private LogSettings(Builder b) {
        this.group = b.group;
        this.stream = b.stream;
        this.level = b.level;
        this.levels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.levels));
        this.queueCapacity = b.queueCapacity;
        this.maxEventBytes = b.maxEventBytes;
        this.secretWords = List.copyOf(b.secretWords);
        this.rotateBytes = b.rotateBytes;
        this.rotateEvery = b.rotateEvery;
        this.defaultRetentionDays = b.defaultRetentionDays;
        this.groups = List.copyOf(b.groups);
        this.metricFilters = List.copyOf(b.metricFilters);
        this.filePermissions = Set.copyOf(b.filePermissions);
    }

    /** An extra log group: its retention (null: never expire) and the logger prefixes that write to it. */
    public record GroupSettings(String name, Integer retentionDays, List<String> loggers) {
        public GroupSettings {
            loggers = List.copyOf(loggers);
        }
    }

    /** A builder with the defaults of namespace {@code Application}; see {@link #defaults(String)}. */
    public static Builder builder() {
        return defaults("Application").toBuilder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The defaults for an application whose metrics namespace is {@code namespace}: group
     * {@code /monitor/<namespace>}, stream {@code <host>-<pid>}, level INFO, a queue of 32768
     * events, events up to 256 KiB, the default secret words, files rotated at 64 MiB or hourly
     * and kept forever, owner-only.
     */
    public static LogSettings defaults(String namespace) {
        Builder builder = new Builder(null);
        builder.group = defaultGroup(namespace);
        builder.stream = defaultStream();
        return new LogSettings(builder);
    }

    /** The default log group. */
    public String group() {
        return group;
    }

    /** This process's log stream. */
    public String stream() {
        return stream;
    }

    /** The level of loggers no prefix of {@link #levels()} matches; null when they are off. */
    public Level level() {
        return level;
    }

    /** The level of loggers whose name starts with a prefix (null: off); the longest prefix wins. */
    public Map<String, Level> levels() {
        return levels;
    }

    /** How many events wait for the writer; more are dropped and counted. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** The largest event written whole; larger ones are cut and marked {@code truncated}. */
    public int maxEventBytes() {
        return maxEventBytes;
    }

    /** A field or context key containing one of these (ignoring case) is redacted. */
    public List<String> secretWords() {
        return secretWords;
    }

    /** The size at which a log file is rotated. */
    public long rotateBytes() {
        return rotateBytes;
    }

    /** The age at which a log file is rotated. */
    public Duration rotateEvery() {
        return rotateEvery;
    }

    /** Retention of the default group, in days; null keeps its events forever. */
    public Integer defaultRetentionDays() {
        return defaultRetentionDays;
    }

    /** Extra groups and the logger prefixes routed to them. */
    public List<GroupSettings> groups() {
        return groups;
    }

    /** Metric filters in place from the start. */
    public List<MetricFilter> metricFilters() {
        return metricFilters;
    }

    /**
     * The permissions log files are created with (directories add execute where read is
     * granted); owner-only unless configured ({@code files: permissions: rw-r-----}).
     */
    public Set<PosixFilePermission> filePermissions() {
        return filePermissions;
    }

    /** Retention in days of every group these settings name (the default one included); null values keep forever. */
    public Map<String, Integer> retentionByGroup() {
        Map<String, Integer> retention = new LinkedHashMap<>();
        retention.put(group, defaultRetentionDays);
        for (GroupSettings extra : groups) {
            retention.put(extra.name(), extra.retentionDays());
        }
        return retention;
    }

    @Override
    public String toString() {
        return "LogSettings[group=" + group + ", stream=" + stream + ", level=" + level + ", levels=" + levels
                + ", queueCapacity=" + queueCapacity + ", maxEventBytes=" + maxEventBytes + ", rotateBytes=" + rotateBytes
                + ", rotateEvery=" + rotateEvery + ", retentionInDays=" + defaultRetentionDays + ", groups=" + groups
                + ", metricFilters=" + metricFilters.size() + ", filePermissions="
                + PosixFilePermissions.toString(filePermissions) + "]";
    }

    /** Builds {@link LogSettings}; each setter checks its value at once and names the rule it breaks. */
    public static final class Builder {
        private String group;
        private String stream;
        private Level level = Level.INFO;
        private final Map<String, Level> levels = new LinkedHashMap<>();
        private int queueCapacity = 32_768;
        private int maxEventBytes = 256 * 1024;
        private List<String> secretWords = SecretWords.DEFAULTS;
        private long rotateBytes = 64L * 1024 * 1024;
        private Duration rotateEvery = Duration.ofHours(1);
        private Integer defaultRetentionDays;
        private final List<GroupSettings> groups = new ArrayList<>();
        private final List<MetricFilter> metricFilters = new ArrayList<>();
        private Set<PosixFilePermission> filePermissions = RollingFile.OWNER_ONLY;

        private Builder(LogSettings from) {
            if (from == null) {
                return;
            }
            group = from.group;
            stream = from.stream;
            level = from.level;
            levels.putAll(from.levels);
            queueCapacity = from.queueCapacity;
            maxEventBytes = from.maxEventBytes;
            secretWords = from.secretWords;
            rotateBytes = from.rotateBytes;
            rotateEvery = from.rotateEvery;
            defaultRetentionDays = from.defaultRetentionDays;
            groups.addAll(from.groups);
            metricFilters.addAll(from.metricFilters);
            filePermissions = from.filePermissions;
        }

        /** The default log group, such as {@code /shop/app}. */
        public Builder group(String group) {
            this.group = checked(group, LogNames.groupProblem(group));
            return this;
        }

        /** This process's log stream. */
        public Builder stream(String stream) {
            this.stream = checked(stream, LogNames.streamProblem(stream));
            return this;
        }

        /** The level of every logger no prefix matches; null turns them off. */
        public Builder level(Level level) {
            this.level = level;
            return this;
        }

        /** The level of loggers whose name starts with {@code prefix} (null: off); the longest prefix wins. */
        public Builder level(String prefix, Level level) {
            levels.put(Objects.requireNonNull(prefix, "prefix"), level);
            return this;
        }

        /** Replaces every per-prefix level. */
        public Builder levels(Map<String, Level> levels) {
            this.levels.clear();
            levels.forEach(this::level);
            return this;
        }

        /** How many events may wait for the writer: 16 to 16777216. */
        public Builder queueCapacity(int capacity) {
            if (capacity < 16 || capacity > 1 << 24) {
                throw new IllegalArgumentException("queueCapacity " + capacity + " is out of range; allowed 16 to " + (1 << 24));
            }
            this.queueCapacity = capacity;
            return this;
        }

        /** The largest event written whole: 4 KiB to 16 MiB. */
        public Builder maxEventBytes(int bytes) {
            if (bytes < MIN_EVENT_BYTES || bytes > MAX_EVENT_BYTES) {
                throw new IllegalArgumentException("maxEventBytes " + bytes + " is out of range; allowed 4KiB to 16MiB");
            }
            this.maxEventBytes = bytes;
            return this;
        }

        /** The words that make a key secret, ignoring case. */
        public Builder secretWords(List<String> words) {
            this.secretWords = List.copyOf(words);
            return this;
        }

        /** The size at which a log file is rotated; positive. */
        public Builder rotateBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("rotateBytes " + bytes + " must be positive");
            }
            this.rotateBytes = bytes;
            return this;
        }

        /** The age at which a log file is rotated; positive. */
        public Builder rotateEvery(Duration every) {
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("rotateEvery " + every + " must be positive");
            }
            this.rotateEvery = every;
            return this;
        }

        /** Retention of the default group: one of CloudWatch's day counts, or null to keep forever. */
        public Builder retentionInDays(Integer days) {
            this.defaultRetentionDays = checkedRetention(days);
            return this;
        }

        /** Adds a log group with its retention (null: forever) and the logger prefixes that write to it. */
        public Builder group(String name, Integer retentionInDays, List<String> loggers) {
            checked(name, LogNames.groupProblem(name));
            groups.add(new GroupSettings(name, checkedRetention(retentionInDays), loggers));
            return this;
        }

        /** Replaces the extra groups. */
        public Builder groups(List<GroupSettings> groups) {
            this.groups.clear();
            groups.forEach(g -> group(g.name(), g.retentionDays(), g.loggers()));
            return this;
        }

        /** Adds a metric filter in place from the start. */
        public Builder metricFilter(MetricFilter filter) {
            metricFilters.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /** Replaces the metric filters. */
        public Builder metricFilters(List<MetricFilter> filters) {
            metricFilters.clear();
            filters.forEach(this::metricFilter);
            return this;
        }

        /** The permissions of new log files; they must let the owner read and write. */
        public Builder filePermissions(Set<PosixFilePermission> permissions) {
            if (!permissions.contains(PosixFilePermission.OWNER_READ) || !permissions.contains(PosixFilePermission.OWNER_WRITE)) {
                throw new IllegalArgumentException("file permissions '" + PosixFilePermissions.toString(permissions)
                        + "' must let the owner read and write (rw-......)");
            }
            this.filePermissions = Set.copyOf(permissions);
            return this;
        }

        public LogSettings build() {
            return new LogSettings(this);
        }

        private static String checked(String value, String problem) {
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            return value;
        }

        private static Integer checkedRetention(Integer days) {
            if (days != null && LogNames.retentionProblem(days) != null) {
                throw new IllegalArgumentException(LogNames.retentionProblem(days));
            }
            return days;
        }
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
        Builder builder = defaults.toBuilder();
        String group = node.string("group", defaults.group());
        String groupProblem = LogNames.groupProblem(group);
        if (groupProblem != null) {
            node.problem("group", groupProblem);
        } else {
            builder.group(group);
        }
        String stream = node.string("stream", defaults.stream());
        String streamProblem = LogNames.streamProblem(stream);
        if (streamProblem != null) {
            node.problem("stream", streamProblem);
        } else {
            builder.stream(stream);
        }
        builder.level(level(node, "level", defaults.level()));
        ConfigNode levelsNode = node.child("levels");
        for (String prefix : levelsNode.keys()) {
            builder.level(prefix, level(levelsNode, prefix, Level.INFO));
        }
        builder.queueCapacity(node.integer("queueCapacity", defaults.queueCapacity(), 16, 1 << 24));
        long maxEventBytes = node.bytes("maxEventBytes", defaults.maxEventBytes());
        if (maxEventBytes < MIN_EVENT_BYTES || maxEventBytes > MAX_EVENT_BYTES) {
            node.problem("maxEventBytes", maxEventBytes + " is out of range; allowed 4KiB to 16MiB");
        } else {
            builder.maxEventBytes((int) maxEventBytes);
        }
        if (node.has("redact")) {
            builder.secretWords(node.strings("redact"));
        }
        ConfigNode files = node.child("files");
        long rotateBytes = files.bytes("rotateBytes", defaults.rotateBytes());
        if (rotateBytes <= 0) {
            files.problem("rotateBytes", rotateBytes + " must be positive");
        } else {
            builder.rotateBytes(rotateBytes);
        }
        Duration rotateEvery = files.duration("rotateEvery", defaults.rotateEvery());
        if (rotateEvery.isNegative() || rotateEvery.isZero()) {
            files.problem("rotateEvery", rotateEvery + " must be positive");
        } else {
            builder.rotateEvery(rotateEvery);
        }
        Set<PosixFilePermission> permissions = permissions(files, "permissions");
        if (permissions != null) {
            builder.filePermissions(permissions);
        }
        files.rejectUnknownKeys();
        builder.retentionInDays(retention(node, "retentionInDays"));
        for (ConfigNode groupNode : node.list("groups")) {
            String name = groupNode.requiredString("name");
            Integer days = retention(groupNode, "retentionInDays");
            List<String> loggers = groupNode.strings("loggers");
            if (name != null && LogNames.groupProblem(name) != null) {
                groupNode.problem("name", LogNames.groupProblem(name));
            } else if (name != null) {
                builder.group(name, days, loggers);
            }
            groupNode.rejectUnknownKeys();
        }
        for (ConfigNode filterNode : node.list("metricFilters")) {
            MetricFilter filter = MetricFilter.read(filterNode, builder.group);
            if (filter != null) {
                builder.metricFilter(filter);
            }
        }
        node.rejectUnknownKeys();
        return builder.build();
    }

    /**
     * File permissions such as {@code rw-r-----} under {@code key}, or null (problem recorded) when
     * absent or invalid; they must let the owner read and write.
     */
    public static Set<PosixFilePermission> permissions(ConfigNode node, String key) {
        String text = node.string(key, null);
        if (text == null) {
            return null;
        }
        try {
            Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(text);
            if (!permissions.contains(PosixFilePermission.OWNER_READ) || !permissions.contains(PosixFilePermission.OWNER_WRITE)) {
                node.problem(key, "'" + text + "' must let the owner read and write (rw-......)");
                return null;
            }
            return permissions;
        } catch (IllegalArgumentException e) {
            node.problem(key, "'" + text + "' is not nine rwx- characters such as rw-r-----");
            return null;
        }
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

    /** Retention in days under {@code key}: one of CloudWatch's values, or {@code never} (null); problems recorded. */
    public static Integer retention(ConfigNode node, String key) {
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
