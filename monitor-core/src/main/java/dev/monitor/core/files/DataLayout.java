package dev.monitor.core.files;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 *   diagnostics/  thread dumps and heap histograms of alarm actions
 * </pre>
 *
 * @param root the data directory
 */
public record DataLayout(Path root) {
    /** CloudTrail's first folder of every object key. */
    public static final String AWS_LOGS = "AWSLogs";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final Pattern JOURNAL_SEGMENT = Pattern.compile("journal-([0-9a-f]{16})\\.jsonl");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    public DataLayout {
        Objects.requireNonNull(root, "root");
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
     * The names chosen for trail files being delivered, kept so that a delivery repeated after a
     * crash writes the file it began rather than a second one.
     */
    public Path auditDeliveries() {
        return audit().resolve("deliveries");
    }

    /** Thread dumps and heap histograms captured by alarm actions. */
    public Path diagnostics() {
        return root.resolve("diagnostics");
    }

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

    /** The names of the rolling files with {@code prefix}: group 1 the time, group 2 the sequence, group 3 ".gz". */
    public static Pattern namesOf(String prefix) {
        return Pattern.compile(Pattern.quote(prefix) + "-(\\d{8}T\\d{6}Z)-(\\d+)\\.jsonl(\\.gz)?");
    }
}
