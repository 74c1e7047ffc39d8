package dev.monitor.core.dashboard.internal;

import dev.monitor.core.dashboard.AutomaticDashboard;
import dev.monitor.core.dashboard.DashboardBody;
import dev.monitor.core.dashboard.DashboardDocument;
import dev.monitor.core.dashboard.DashboardEntry;
import dev.monitor.core.dashboard.DashboardInvalidInputException;
import dev.monitor.core.dashboard.DashboardNotFoundException;
import dev.monitor.core.dashboard.DashboardService;
import dev.monitor.core.dashboard.DashboardValidationMessage;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.RollingFile;
import dev.monitor.core.metrics.MetricId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dashboards of one data directory: each body in its own file, {@code dashboards/<name>.json}, holding
 * the body exactly as put, its modification time the put's time on the monitor's clock. A put writes a
 * temporary file and moves it over the old one, so a reader (the CLI, another process) sees the old body or
 * the new one, never a part. Files put there by hand are dashboards too.
 */
public final class DashboardRegistry implements DashboardService {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final com.fasterxml.jackson.databind.ObjectMapper CONFIG_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final DataLayout layout;
    private final Clock clock;
    private final String account;
    private final Supplier<? extends Collection<MetricId>> metrics;
    private final Predicate<MetricId> counters;
    private final String appNamespace;
    private final Set<String> builtinNames;
    /** Numbers this JVM's temporary files; guarded by the write lock. */
    private long puts;

    /**
     * @param metrics      the metrics known now, for the automatic dashboards
     * @param counters     which metrics are counters
     * @param appNamespace the application's namespace
     * @param builtinNames the names of the built-in JVM and process metrics
     */
    public DashboardRegistry(DataLayout layout, Clock clock, String account, Supplier<? extends Collection<MetricId>> metrics,
                             Predicate<MetricId> counters, String appNamespace, Set<String> builtinNames) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.account = Objects.requireNonNull(account, "account");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.appNamespace = Objects.requireNonNull(appNamespace, "appNamespace");
        this.builtinNames = Set.copyOf(builtinNames);
    }

    /** The dashboards of a data directory only, as the CLI reads them: no metrics, so no automatic dashboards. */
    public static DashboardRegistry of(DataLayout layout, Clock clock, String account) {
        return new DashboardRegistry(layout, clock, account, List::of, id -> false, "Application", Set.of());
    }

    /**
     * The {@code dashboards:} section of a configuration file: each key a dashboard name, each value its body
     * as an object (YAML or JSON) or the path of a file holding it (relative to {@code base}, the configuration
     * file's folder). Each is checked as PutDashboard checks it; problems go to {@code section}'s document.
     *
     * @return the valid ones: name to body JSON text, in the file's order
     */
    public static java.util.Map<String, String> readConfig(dev.monitor.core.config.ConfigNode section, Path base) {
        java.util.Map<String, String> bodies = new java.util.LinkedHashMap<>();
        for (String name : section.keys()) {
            String json = section.json(name);
            String body;
            if (json == null) {
                section.problem(name, "must be a dashboard body (an object) or the path of a file holding one");
                continue;
            }
            try {
                checkName(name);
                if (json.startsWith("\"")) { // a string: the path of a file
                    Path file = base.resolve(CONFIG_JSON.readValue(json, String.class));
                    try {
                        body = Files.readString(file, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        section.problem(name, "the dashboard body file " + file + " cannot be read: " + e);
                        continue;
                    }
                } else {
                    body = json;
                }
                DashboardBodyParser.parse(body);
                bodies.put(name, body);
            } catch (DashboardInvalidInputException e) {
                section.problem(name, e.getMessage());
            } catch (IOException e) {
                section.problem(name, "must be a dashboard body (an object) or the path of a file holding one");
            }
        }
        return bodies;
    }

    /**
     * Checks a dashboard name as PutDashboard does: 1 to 255 characters of {@code A-Za-z0-9-_}.
     *
     * @throws DashboardInvalidInputException when it breaks the rule
     */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new DashboardInvalidInputException("The parameter DashboardName is required.");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new DashboardInvalidInputException("The value for field DashboardName is " + name.length()
                    + " characters long; it can be at most " + MAX_NAME_LENGTH + ".");
        }
        if (!NAME.matcher(name).matches()) {
            // PutDashboard's message for such a name, as recorded from its answers
            throw new DashboardInvalidInputException("The value for field DashboardName contains invalid characters. "
                    + "It can only contain alphanumerics, dash (-) and underscore (_).");
        }
    }

    private static boolean isName(String name) {
        return name != null && !name.isEmpty() && name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
    }

    @Override
    public List<DashboardValidationMessage> putDashboard(String name, String body) {
        checkName(name);
        DashboardBodyParser.parse(body);
        write(name, body);
        return List.of();
    }

    @Override
    public List<DashboardValidationMessage> putDashboard(String name, DashboardBody body) {
        return putDashboard(name, DashboardBodyWriter.write(Objects.requireNonNull(body, "body")));
    }

    private synchronized void write(String name, String body) {
        Path file = layout.dashboardFile(name);
        // a short name: the dashboard's own may already take the file system's 255 bytes
        Path temporary = layout.dashboards().resolve(".put-" + ProcessHandle.current().pid() + "-" + puts++ + ".tmp");
        try {
            RollingFile.createDirectories(layout.dashboards(), RollingFile.OWNER_ONLY);
            Files.deleteIfExists(temporary);
            try (var out = RollingFile.create(temporary, RollingFile.OWNER_ONLY)) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            Files.setLastModifiedTime(temporary, FileTime.from(clock.instant()));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the write's failure is the one to report
            }
            throw new UncheckedIOException("dashboard " + name + " cannot be written to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public DashboardDocument getDashboard(String name) {
        if (!isName(name)) {
            throw notFound(name);
        }
        Path file = layout.dashboardFile(name);
        try {
            String body = Files.readString(file, StandardCharsets.UTF_8);
            return new DashboardDocument(name, arn(name), body, Files.getLastModifiedTime(file).toInstant());
        } catch (NoSuchFileException e) {
            throw notFound(name);
        } catch (IOException e) {
            throw new UncheckedIOException("dashboard " + name + " cannot be read from " + file + ": " + e.getMessage(), e);
        }
    }

    private static DashboardNotFoundException notFound(String name) {
        return new DashboardNotFoundException("Dashboard " + name + " does not exist");
    }

    @Override
    public List<DashboardEntry> listDashboards(String prefix) {
        Path folder = layout.dashboards();
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<DashboardEntry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = DataLayout.dashboardName(file.getFileName().toString());
                if (name == null || !Files.isRegularFile(file) || (prefix != null && !name.startsWith(prefix))) {
                    continue;
                }
                try {
                    entries.add(new DashboardEntry(name, arn(name), Files.getLastModifiedTime(file).toInstant(), Files.size(file)));
                } catch (NoSuchFileException deletedMeanwhile) {
                    // another process deleted it while we listed: it is not there
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the dashboards in " + folder + " cannot be listed: " + e.getMessage(), e);
        }
        entries.sort(Comparator.comparing(DashboardEntry::dashboardName));
        return entries;
    }

    @Override
    public synchronized void deleteDashboards(List<String> names) {
        String missing = null;
        for (String name : names) {
            boolean deleted = false;
            if (isName(name)) {
                try {
                    deleted = Files.deleteIfExists(layout.dashboardFile(name));
                } catch (IOException e) {
                    throw new UncheckedIOException("dashboard " + name + " cannot be deleted: " + e.getMessage(), e);
                }
            }
            if (!deleted && missing == null) {
                missing = name;
            }
        }
        if (missing != null) {
            throw notFound(missing);
        }
    }

    @Override
    public DashboardBody parse(String json) {
        return DashboardBodyParser.parse(json);
    }

    @Override
    public String toJson(DashboardBody body) {
        return DashboardBodyWriter.write(body);
    }

    @Override
    public List<AutomaticDashboard> automaticDashboards() {
        return AutomaticDashboards.build(metrics.get(), counters, appNamespace, builtinNames);
    }

    @Override
    public String arn(String name) {
        return "arn:aws:cloudwatch::" + account + ":dashboard/" + name;
    }
}
