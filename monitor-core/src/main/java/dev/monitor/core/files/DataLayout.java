package dev.monitor.core.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that knows where a monitor's data lives: one folder per signal below the data
 * directory, the names of the files in them, and CloudTrail's object keys. Writers, readers, the
 * CLI and the dashboard all ask this class, so that what one writes the others find.
 *
 * <pre>
 * monitor-data/
 *   metrics/      emf-&lt;time&gt;-&lt;n&gt;.jsonl, datapoints-&lt;time&gt;-&lt;n&gt;.jsonl
 *   logs/&lt;group&gt;/&lt;stream&gt;/events-&lt;time&gt;-&lt;n&gt;.jsonl[.gz]
 *   traces/       segments-&lt;time&gt;-&lt;n&gt;.jsonl
 *   audit/        AWSLogs/&lt;account&gt;/CloudTrail/&lt;region&gt;/YYYY/MM/DD/..., journal/, index/, keys/, quarantine/, deliveries/
 *   events/       dead-letters/&lt;bus&gt;/&lt;rule&gt;.jsonl, schedule-state.json,
 *                 archives/&lt;archive&gt;/archive.json, events-&lt;yyyy-MM-dd&gt;.jsonl  archived events by day
 *                 schemas/&lt;registry&gt;/&lt;schema&gt;.json  discovered event schemas, every version
 *   profiles/&lt;group&gt;/  cpu|alloc|lock/&lt;start&gt;--&lt;end&gt;.collapsed, recommendations/ and anomalies/&lt;start&gt;--&lt;end&gt;.json,
 *                 heap/&lt;time&gt;.json, summaries/&lt;start&gt;--&lt;end&gt;.json  the profiler's files
 *   diagnostics/  thread dumps and heap histograms of alarm actions
 *   dashboards/   &lt;name&gt;.json  CloudWatch dashboard bodies, one per dashboard
 *   health/       changes-&lt;yyyy-MM-dd&gt;.jsonl  component status changes by day,
 *                 events-&lt;yyyy-MM-dd&gt;.jsonl   each version of a health event by the day it was written
 *   layout.json   the folders exporters were configured to write to, when not their signal's default
 * </pre>
 *
 * <p>A file exporter configured with a {@code directory} of its own {@linkplain #record records} it
 * in the layout manifest {@code layout.json} ({@code {"folders":{"metrics":["metrics","custom/emf"]}}}),
 * so that readers such as the CLI, given only the data directory, read {@linkplain #folders every
 * folder} of a signal. The manifest is generic: any signal name, any number of folders.
 *
 * @param root     the data directory
 * @param recorded folders recorded in the manifest per signal name, besides the signal's default
 *                 (as written: relative to the root, or absolute)
 */
public record DataLayout(Path root, Map<String, List<String>> recorded) {
    /** CloudTrail's first folder of every object key. */
    public static final String AWS_LOGS = "AWSLogs";
    /** The layout manifest's name below the data directory. */
    public static final String MANIFEST = "layout.json";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final Pattern JOURNAL_SEGMENT = Pattern.compile("journal-([0-9a-f]{16})\\.jsonl");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Serialises read-modify-write of manifests within this JVM (several exporters record at one start). */
    private static final Object MANIFEST_LOCK = new Object();

    public DataLayout {
        Objects.requireNonNull(root, "root");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        recorded.forEach((signal, folders) -> copy.put(signal, List.copyOf(folders)));
        recorded = java.util.Collections.unmodifiableMap(copy);
    }

    /** The layout of {@code root} with only the default folders; {@link #read} adds the recorded ones. */
    public DataLayout(Path root) {
        this(root, Map.of());
    }

    /**
     * The layout of the data directory {@code root}, with the folders its manifest records (none
     * when there is no manifest).
     *
     * @throws UncheckedIOException naming the manifest when it cannot be read or is not a layout manifest
     */
    public static DataLayout read(Path root) {
        return new DataLayout(root, readManifest(root.resolve(MANIFEST)));
    }

    /** The manifest's file: {@code <root>/layout.json}. */
    public Path manifest() {
        return root.resolve(MANIFEST);
    }

    /**
     * Every folder of {@code signal} (a name such as {@code metrics}): its default folder below the
     * root (the signal's name), then each recorded one, without repeats.
     */
    public List<Path> folders(String signal) {
        Objects.requireNonNull(signal, "signal");
        LinkedHashSet<Path> folders = new LinkedHashSet<>();
        folders.add(root.resolve(signal).normalize());
        for (String folder : recorded.getOrDefault(signal, List.of())) {
            folders.add(root.resolve(folder).normalize());
        }
        return List.copyOf(folders);
    }

    /**
     * Records in the manifest that an exporter of {@code signal} writes to {@code folder} (relative to
     * the root, or absolute), unless it is the signal's default folder or already recorded. The
     * manifest on disk is merged, not overwritten, and replaced atomically, owner-only.
     *
     * @return this layout with the folder recorded
     * @throws IOException when the manifest cannot be read or written
     */
    public DataLayout record(String signal, String folder) throws IOException {
        Objects.requireNonNull(signal, "signal");
        String written = Path.of(folder).normalize().toString().replace('\\', '/');
        if (root.resolve(written).normalize().equals(root.resolve(signal).normalize())) {
            return this;
        }
        synchronized (MANIFEST_LOCK) {
            Map<String, List<String>> folders;
            try {
                folders = new LinkedHashMap<>(readManifest(manifest()));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            List<String> ofSignal = new ArrayList<>(folders.getOrDefault(signal, List.of()));
            if (!ofSignal.contains(written)) {
                ofSignal.add(written);
                folders.put(signal, ofSignal);
                writeManifest(folders);
            }
            Map<String, List<String>> mine = new LinkedHashMap<>(recorded);
            mine.put(signal, ofSignal);
            return new DataLayout(root, mine);
        }
    }

    private void writeManifest(Map<String, List<String>> folders) throws IOException {
        ObjectNode document = JSON.createObjectNode();
        ObjectNode bySignal = document.putObject("folders");
        folders.forEach((signal, recordedFolders) -> {
            var list = bySignal.putArray(signal);
            list.add(signal); // the default, so that a person reading the manifest sees every folder
            recordedFolders.forEach(list::add);
        });
        RollingFile.createDirectories(root, RollingFile.OWNER_ONLY);
        Path temporary = root.resolve(MANIFEST + "." + ProcessHandle.current().pid() + ".tmp");
        java.nio.file.Files.deleteIfExists(temporary);
        try (var out = RollingFile.create(temporary, RollingFile.OWNER_ONLY)) {
            out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        java.nio.file.Files.move(temporary, manifest(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static UncheckedIOException damaged(Path file, String problem) {
        String message = file + ": " + problem;
        return new UncheckedIOException(message, new IOException(message));
    }

    /** The recorded folders (defaults left out) of the manifest {@code file}; none when it does not exist. */
    private static Map<String, List<String>> readManifest(Path file) {
        JsonNode document;
        try {
            document = JSON.readTree(java.nio.file.Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": the layout manifest cannot be read: " + e.getMessage(), e);
        }
        if (document == null || !document.isObject()) {
            throw damaged(file, "not a layout manifest: not a JSON object");
        }
        JsonNode folders = document.get("folders");
        if (folders == null || !folders.isObject()) {
            throw damaged(file, "not a layout manifest: it has no \"folders\" object");
        }
        Map<String, List<String>> recorded = new LinkedHashMap<>();
        for (var fields = folders.fields(); fields.hasNext(); ) {
            var field = fields.next();
            if (!field.getValue().isArray()) {
                throw damaged(file, "folders." + field.getKey() + " must be a list of folders");
            }
            List<String> list = new ArrayList<>();
            for (JsonNode folder : field.getValue()) {
                if (!folder.isTextual()) {
                    throw damaged(file, "folders." + field.getKey() + " holds " + folder + ", not a folder name");
                }
                if (!folder.asText().equals(field.getKey())) {
                    list.add(folder.asText());
                }
            }
            recorded.put(field.getKey(), list);
        }
        return recorded;
    }

    /** The layout of {@code ./monitor-data}, the default data directory. */
    public static DataLayout defaults() {
        return new DataLayout(Path.of("monitor-data"));
    }

    /** Metric files of the {@code emf} and {@code jsonl} exporters. */
    public Path metrics() {
        return root.resolve("metrics");
    }

    /** Log groups, one folder each. */
    public Path logs() {
        return root.resolve("logs");
    }

    /** The folder of one log stream of one group. */
    public Path logStream(String group, String stream) {
        return logs().resolve(folderName(group)).resolve(folderName(stream));
    }

    /** Segment documents. */
    public Path traces() {
        return root.resolve("traces");
    }

    /** Health: status changes and health events, one file per day each (see {@link #healthChanges}). */
    public Path health() {
        return root.resolve("health");
    }

    /** The status changes written on {@code day} (UTC). */
    public Path healthChanges(java.time.LocalDate day) {
        return health().resolve("changes-" + day + ".jsonl");
    }

    /** The versions of health events written on {@code day} (UTC). */
    public Path healthEvents(java.time.LocalDate day) {
        return health().resolve("events-" + day + ".jsonl");
    }

    /** The day of a file in {@link #health()} of {@code kind} ({@code changes} or {@code events}); null for another file. */
    public static java.time.LocalDate healthFileDay(String kind, String fileName) {
        if (!fileName.startsWith(kind + "-") || !fileName.endsWith(".jsonl")) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(fileName.substring(kind.length() + 1, fileName.length() - ".jsonl".length()));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The audit trail: CloudTrail's layout below it, and the trail's own folders. */
    public Path audit() {
        return root.resolve("audit");
    }

    /** Records acknowledged but not yet in a trail file. */
    public Path auditJournal() {
        return audit().resolve("journal");
    }

    /** Journal lines that could not be read back, kept for a person to look at. */
    public Path auditQuarantine() {
        return audit().resolve("quarantine");
    }

    /** The journal segment with {@code id} (16 hex digits). */
    public Path auditJournalSegment(String id) {
        return auditJournal().resolve(journalSegmentName(id));
    }

    /** A journal segment's file name: {@code journal-<id>.jsonl}. */
    public static String journalSegmentName(String id) {
        return "journal-" + id + ".jsonl";
    }

    /** Whether {@code fileName} is a journal segment's, and so holds records not yet delivered. */
    public static boolean isJournalSegment(String fileName) {
        return JOURNAL_SEGMENT.matcher(fileName).matches();
    }

    /** The id of a journal segment's file name: the inverse of {@link #auditJournalSegment}. */
    public static String journalSegmentId(String fileName) {
        Matcher m = JOURNAL_SEGMENT.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + fileName + "' is not a journal segment's name (journal-<16 hex digits>.jsonl)");
        }
        return m.group(1);
    }

    /**
     * Whether {@code file} is a trail file of {@code kind} in CloudTrail's layout (below a folder of
     * the kind's name, a {@code .json.gz} file), wherever the data directory is.
     */
    public static boolean isTrailFile(Path file, TrailKind kind) {
        String path = file.toString().replace('\\', '/');
        return path.contains("/" + kind.folder() + "/") && file.getFileName().toString().endsWith(".json.gz");
    }

    /** Per-file indexes that let lookups skip trail files. */
    public Path auditIndex() {
        return audit().resolve("index");
    }

    /** The key pair that signs digest files. */
    public Path auditKeys() {
        return audit().resolve("keys");
    }

    /** The public key that verifies digest files, where validators look for it. */
    public Path auditPublicKey() {
        return audit().resolve("public-key.pem");
    }

    /** What the next digest file needs: the previous digest, and the trail files delivered since. */
    public Path auditDigestState() {
        return audit().resolve("digest-state.json");
    }

    /**
     * Where exporter {@code exporter} keeps the digest chain of the trail it delivers elsewhere (the
     * {@code s3} exporter): its previous digest and the files put since, so that a restart continues the chain.
     */
    public Path auditExporterDigestState(String exporter) {
        return audit().resolve("exporters").resolve(exporter.replaceAll("[^A-Za-z0-9._-]", "_") + "-digest-state.json");
    }

    /**
     * The names chosen for trail files being delivered, kept so that a delivery repeated after a
     * crash writes the file it began rather than a second one.
     */
    public Path auditDeliveries() {
        return audit().resolve("deliveries");
    }

    // --- events/schemas: the schema registry's discovered schemas (one JSON file per schema) ---

    /** The registry name of schemas that schema discovery infers, as EventBridge names it. */
    public static final String DISCOVERED_SCHEMAS = "discovered-schemas";

    /** The schema registries: {@code events/schemas/<registry>/}. */
    public Path eventSchemas() {
        return root.resolve("events").resolve("schemas");
    }

    /** The folder of one schema registry, such as {@link #DISCOVERED_SCHEMAS}. */
    public Path eventSchemaRegistry(String registry) {
        return eventSchemas().resolve(folderName(registry));
    }

    /** One schema's file, every version of it: {@code events/schemas/<registry>/<schema name>.json}. */
    public Path eventSchemaFile(String registry, String schemaName) {
        return eventSchemaRegistry(registry).resolve(folderName(schemaName) + ".json");
    }

    /** Whether {@code fileName} is a schema's file (its schema name is the name without {@code .json}). */
    public static boolean isEventSchemaFile(String fileName) {
        return fileName.endsWith(".json") && fileName.length() > ".json".length() && !fileName.startsWith(".");
    }

    /** The schema name of a schema's file name: the inverse of {@link #eventSchemaFile}. */
    public static String eventSchemaName(String fileName) {
        return nameOfFolder(fileName.substring(0, fileName.length() - ".json".length()));
    }

    // --- end of events/schemas ---

    // --- dashboards: one CloudWatch dashboard body per file ---

    /** The dashboards, one file each: {@code dashboards/<name>.json} holding the body as put. */
    public Path dashboards() {
        return root.resolve("dashboards");
    }

    /**
     * Dashboard {@code name}'s file: {@code <name>.json}, or just {@code <name>} for a name over 250 characters, since
     * file names hold at most 255 bytes. A dashboard name holds only {@code A-Za-z0-9-_}, so it is its own file name.
     */
    public Path dashboardFile(String name) {
        return dashboards().resolve(name.length() > MAX_DASHBOARD_NAME_WITH_SUFFIX ? name : name + ".json");
    }

    /** The longest dashboard name whose file gets the {@code .json} suffix within 255 bytes. */
    private static final int MAX_DASHBOARD_NAME_WITH_SUFFIX = 250;

    /** The dashboard name of a file in {@link #dashboards()}, or null when {@code fileName} is no dashboard's. */
    public static String dashboardName(String fileName) {
        if (fileName.endsWith(".json")) {
            String name = fileName.substring(0, fileName.length() - ".json".length());
            return name.matches("[A-Za-z0-9_-]{1,250}") ? name : null;
        }
        return fileName.matches("[A-Za-z0-9_-]{251,255}") ? fileName : null;
    }

    // --- end of dashboards ---

    /**
     * The profiler's files, one folder per profiling group below it (the file names are
     * {@code dev.monitor.core.profiler.CollapsedProfile}'s).
     */
    public Path profiles() {
        return root.resolve("profiles");
    }

    /** Thread dumps and heap histograms captured by alarm actions. */
    public Path diagnostics() {
        return root.resolve("diagnostics");
    }

    // --- Event buses: everything below events/ ---

    /** The event buses' files: dead letters, the schedules' last fires (archives and schemas go below it too). */
    public Path events() {
        return root.resolve("events");
    }

    /** Dead-letter files of the rules, one folder per bus. */
    public Path eventDeadLetters() {
        return events().resolve("dead-letters");
    }

    /** The dead-letter file of one rule, {@code events/dead-letters/<bus>/<rule>.jsonl}: one line per event it could not deliver. */
    public Path eventDeadLetterFile(String bus, String rule) {
        return eventDeadLetters().resolve(folderName(bus)).resolve(folderName(rule) + ".jsonl");
    }

    /** When each scheduled rule last fired, for rules that make up fires missed while the application was down. */
    public Path eventScheduleState() {
        return events().resolve("schedule-state.json");
    }

    /** The archives of the event buses, one folder each: {@code events/archives/<archive>/}. */
    public Path eventArchives() {
        return events().resolve("archives");
    }

    /** One archive's folder. */
    public Path eventArchive(String archive) {
        return eventArchives().resolve(folderName(archive));
    }

    /** An archive's settings as CreateArchive took them: {@code events/archives/<archive>/archive.json}. */
    public Path eventArchiveSettings(String archive) {
        return eventArchive(archive).resolve("archive.json");
    }

    /** The events an archive kept of one UTC day (by the event's time): {@code events/archives/<archive>/events-<yyyy-MM-dd>.jsonl}. */
    public Path eventArchiveDay(String archive, java.time.LocalDate day) {
        return eventArchive(archive).resolve("events-" + day + ".jsonl");
    }

    /** The day of an archive's day file, or null when {@code fileName} is none. */
    public static java.time.LocalDate eventArchiveDayOf(String fileName) {
        if (!fileName.startsWith("events-") || !fileName.endsWith(".jsonl")) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(fileName.substring("events-".length(), fileName.length() - ".jsonl".length()));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    // --- end of event buses ---

    /**
     * {@code AWSLogs/<account>/<kind>/<region>/YYYY/MM/DD} below {@link #audit()}: where CloudTrail
     * puts the files of one kind ({@link TrailKind}) of the day of {@code at}.
     */
    public Path trailDay(String account, TrailKind kind, String region, Instant at) {
        return audit().resolve(AWS_LOGS).resolve(account).resolve(kind.folder()).resolve(region).resolve(DAY.format(at));
    }

    /**
     * CloudTrail's file name: {@code <account>_<kind>_<region>_<yyyyMMddTHHmmZ>_<unique>.json.gz}.
     */
    public static String trailFileName(String account, TrailKind kind, String region, Instant at, String unique) {
        return account + "_" + kind.folder() + "_" + region + "_" + MINUTE.format(at) + "_" + unique + ".json.gz";
    }

    /**
     * CloudTrail's digest file name:
     * {@code <account>_CloudTrail-Digest_<region>_<trail>_<region>_<yyyyMMddTHHmmssZ>.json.gz}.
     */
    public static String digestFileName(String account, String region, String trailName, Instant at) {
        return account + "_" + TrailKind.DIGESTS.folder() + "_" + region + "_" + trailName + "_" + region + "_" + SECOND.format(at)
                + ".json.gz";
    }

    /** The kinds of CloudTrail files, each in a folder of its own name. */
    public enum TrailKind {
        RECORDS("CloudTrail"), DIGESTS("CloudTrail-Digest"), INSIGHTS("CloudTrail-Insight");

        private final String folder;

        TrailKind(String folder) {
            this.folder = folder;
        }

        public String folder() {
            return folder;
        }
    }

    /**
     * A name as one folder level: {@code /} and {@code %} are escaped as in URLs, so a log group
     * such as {@code /shop/orders} is one folder.
     */
    public static String folderName(String name) {
        return name.replace("%", "%25").replace("/", "%2F");
    }

    /** The name a folder stands for: the inverse of {@link #folderName}. */
    public static String nameOfFolder(String folder) {
        return folder.replace("%2F", "/").replace("%25", "%");
    }

    /**
     * The rolling JSON-lines files of one writer: {@code <prefix>-<yyyyMMddTHHmmssZ>-<n>.jsonl},
     * gzipped after rotation where the writer compresses ({@code .jsonl.gz}).
     */
    public enum Files {
        EMF("emf"), DATAPOINTS("datapoints"), LOG_EVENTS("events"), SEGMENTS("segments");

        private final String prefix;
        private final Pattern name;

        Files(String prefix) {
            this.prefix = prefix;
            this.name = namesOf(prefix);
        }

        public String prefix() {
            return prefix;
        }

        /** Whether {@code fileName} is one of these files, rotated or current, plain or gzipped. */
        public boolean matches(String fileName) {
            return name.matcher(fileName).matches();
        }

        /**
         * The file's time and sequence number as one sortable key ({@code 20261202T070000Z-000007}),
         * or null when the name is not one of these files.
         */
        public String orderKey(String fileName) {
            Matcher m = name.matcher(fileName);
            return m.matches() ? m.group(1) + "-" + String.format("%06d", Long.parseLong(m.group(2))) : null;
        }
    }

    /**
     * Whether a reader of a signal's folder reads {@code fileName} as JSON lines: any {@code *.jsonl}
     * or {@code *.jsonl.gz}, whatever its prefix, so that files copied in from other hosts are read
     * too. Writers name theirs as {@link Files} says.
     */
    public static boolean isJsonLines(String fileName) {
        return fileName.endsWith(".jsonl") || fileName.endsWith(".jsonl.gz");
    }

    /** The name of a rolling file as written, before any compression: {@code <prefix>-<stamp>-<sequence>.jsonl}. */
    public static String rollingFileName(String prefix, String stamp, int sequence) {
        return prefix + "-" + stamp + "-" + sequence + ".jsonl";
    }

    /** The names of the rolling files with {@code prefix}: group 1 the time, group 2 the sequence, group 3 ".gz". */
    public static Pattern namesOf(String prefix) {
        return Pattern.compile(Pattern.quote(prefix) + "-(\\d{8}T\\d{6}Z)-(\\d+)\\.jsonl(\\.gz)?");
    }
}
