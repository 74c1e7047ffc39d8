package dev.monitor.core.audit;

import dev.monitor.core.audit.internal.CloudTrailFilesProvider;
import dev.monitor.core.audit.internal.FileModes;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.redaction.SecretWords;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How an audit trail records, delivers and signs: made with {@link #builder()}, or read from a
 * configuration file's {@code audit:} section by {@link #read(ConfigNode)}:
 * <pre>
 * audit:
 *   durability: sync            # or buffered (the default), forced every fsyncEvery (100ms)
 *   deliverEvery: 5m
 *   deliverAfterRecords: 10000
 *   retention: 90d
 *   secretWords: [password, secret, token, authorization, apikey]
 *   trailName: monitor          # in digest file names
 *   digestEvery: 1h
 *   signingKeys: {privateKeyFile: keys/audit.pem, publicKeyFile: keys/audit.pub.pem}   # made and kept when absent
 *   filePermissions: rw-------  # of every file the trail creates (folders add x); owner-only by default
 *   insights: {window: 7d, factor: 3, errorRateMargin: 0.25, minimumCalls: 10}
 *   advancedEventSelectors:     # CloudTrail's own JSON shape
 *     - Name: order writes
 *       FieldSelectors:
 *         - {Field: readOnly, Equals: ["false"]}
 *         - {Field: eventSource, StartsWith: ["orders."]}
 * </pre>
 * The trail file settings ({@code retention}, {@code trailName}, {@code signingKeys},
 * {@code filePermissions}) configure the default {@code cloudtrail-files} exporter; an
 * {@code exporters:} entry of that type replaces it with its own.
 */
public final class AuditSettings {
    /** When an acknowledged record is on disk. */
    public enum Durability {
        /** Each record forced to disk before the audited call returns (group commit shares the forces). */
        SYNC,
        /** Records forced every {@code fsyncEvery}: a crash may lose that window. */
        BUFFERED
    }

    private final Durability durability;
    private final Duration fsyncEvery;
    private final Duration deliverEvery;
    private final int deliverAfterRecords;
    private final Duration retention;
    private final List<EventSelector> selectors;
    private final List<String> secretWords;
    private final String trailName;
    private final Duration digestEvery;
    private final KeyPair keyPair;
    private final Path privateKeyFile;
    private final Path publicKeyFile;
    private final String filePermissions;
    private final Duration insightWindow;
    private final double insightFactor;
    private final double insightErrorMargin;
    private final int insightMinimumCalls;

    private AuditSettings(Builder builder) {
        this.durability = builder.durability;
        this.fsyncEvery = builder.fsyncEvery;
        this.deliverEvery = builder.deliverEvery;
        this.deliverAfterRecords = builder.deliverAfterRecords;
        this.retention = builder.retention;
        this.selectors = List.copyOf(builder.selectors);
        this.secretWords = builder.secretWords;
        this.trailName = builder.trailName;
        this.digestEvery = builder.digestEvery;
        this.keyPair = builder.keyPair;
        this.privateKeyFile = builder.privateKeyFile;
        this.publicKeyFile = builder.publicKeyFile;
        this.filePermissions = builder.filePermissions;
        this.insightWindow = builder.insightWindow;
        this.insightFactor = builder.insightFactor;
        this.insightErrorMargin = builder.insightErrorMargin;
        this.insightMinimumCalls = builder.insightMinimumCalls;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every default: buffered, delivered every 5 minutes or 10,000 records, kept 90 days, every event recorded. */
    public static AuditSettings defaults() {
        return builder().build();
    }

    /** A builder holding these settings, to change some. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Reads an {@code audit:} section; every problem goes to the node's list with its path, and its setting keeps its default. */
    public static AuditSettings read(ConfigNode node) {
        Builder builder = builder();
        String durability = node.choice("durability", "buffered", "buffered", "sync");
        Duration fsyncEvery = node.duration("fsyncEvery", Duration.ofMillis(100));
        if (durability.equals("sync")) {
            builder.sync();
        } else {
            builder.buffered(fsyncEvery);
        }
        builder.deliverEvery(node.duration("deliverEvery", Duration.ofMinutes(5)),
                node.integer("deliverAfterRecords", 10_000, 1, 10_000_000));
        builder.retention(node.duration("retention", Duration.ofDays(90)));
        ConfigNode insights = node.child("insights");
        Double factor = insights.number("factor");
        Double margin = insights.number("errorRateMargin");
        try {
            builder.insights(insights.duration("window", Duration.ofDays(7)), factor == null ? 3 : factor, margin == null ? 0.25 : margin,
                    insights.integer("minimumCalls", 10, 1, 1_000_000));
        } catch (IllegalArgumentException e) {
            node.problem("insights", e.getMessage());
        }
        insights.rejectUnknownKeys();
        if (node.has("secretWords")) {
            builder.secretWords(node.strings("secretWords"));
        }
        try {
            builder.trailName(node.string("trailName", "monitor"));
        } catch (IllegalArgumentException e) {
            node.problem("trailName", e.getMessage());
        }
        builder.digestEvery(node.duration("digestEvery", Duration.ofHours(1)));
        try {
            builder.filePermissions(node.string("filePermissions", "rw-------"));
        } catch (IllegalArgumentException e) {
            node.problem("filePermissions", e.getMessage());
        }
        if (node.has("signingKeys")) {
            Path[] keys = CloudTrailFilesProvider.keyFiles(node.child("signingKeys"));
            if (keys != null) {
                builder.keyFiles(keys[0], keys[1]);
            }
        }
        for (ConfigNode selector : node.list("advancedEventSelectors")) {
            EventSelector.Builder built = EventSelector.builder(selector.string("Name", "unnamed"));
            for (ConfigNode field : selector.list("FieldSelectors")) {
                String name = field.requiredString("Field");
                for (String operator : EventSelector.Condition.OPERATORS) {
                    List<String> values = field.strings(operator);
                    if (name != null && field.has(operator)) {
                        try {
                            built.condition(name, operator, values.toArray(new String[0]));
                        } catch (IllegalArgumentException e) {
                            field.problem(operator, e.getMessage());
                        }
                    }
                }
                field.rejectUnknownKeys();
            }
            selector.rejectUnknownKeys();
            builder.selector(built.build());
        }
        node.rejectUnknownKeys();
        return builder.build();
    }

    public Durability durability() {
        return durability;
    }

    public Duration fsyncEvery() {
        return fsyncEvery;
    }

    public Duration deliverEvery() {
        return deliverEvery;
    }

    public int deliverAfterRecords() {
        return deliverAfterRecords;
    }

    public Duration retention() {
        return retention;
    }

    /** What is recorded: every event when the builder was given no selector. */
    public List<EventSelector> selectors() {
        return selectors.isEmpty() ? List.of(EventSelector.allEvents()) : selectors;
    }

    public List<String> secretWords() {
        return secretWords;
    }

    public String trailName() {
        return trailName;
    }

    public Duration digestEvery() {
        return digestEvery;
    }

    /** The key pair that signs digests when given in code; else null. */
    public KeyPair keyPair() {
        return keyPair;
    }

    /** The PEM file of the private key that signs digests when given; else null (the one kept under the data directory). */
    public Path privateKeyFile() {
        return privateKeyFile;
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    public String filePermissions() {
        return filePermissions;
    }

    public Duration insightWindow() {
        return insightWindow;
    }

    public double insightFactor() {
        return insightFactor;
    }

    public double insightErrorRateMargin() {
        return insightErrorMargin;
    }

    public int insightMinimumCalls() {
        return insightMinimumCalls;
    }

    /** Configures {@link AuditSettings}; every value is checked as it is set, naming the rule it broke. */
    public static final class Builder {
        private Durability durability = Durability.BUFFERED;
        private Duration fsyncEvery = Duration.ofMillis(100);
        private Duration deliverEvery = Duration.ofMinutes(5);
        private int deliverAfterRecords = 10_000;
        private Duration retention = Duration.ofDays(90);
        private final List<EventSelector> selectors = new ArrayList<>();
        private List<String> secretWords = SecretWords.DEFAULTS;
        private String trailName = "monitor";
        private Duration digestEvery = Duration.ofHours(1);
        private KeyPair keyPair;
        private Path privateKeyFile;
        private Path publicKeyFile;
        private String filePermissions = "rw-------";
        private Duration insightWindow = Duration.ofDays(7);
        private double insightFactor = 3;
        private double insightErrorMargin = 0.25;
        private int insightMinimumCalls = 10;

        private Builder() {
        }

        private Builder(AuditSettings settings) {
            durability = settings.durability;
            fsyncEvery = settings.fsyncEvery;
            deliverEvery = settings.deliverEvery;
            deliverAfterRecords = settings.deliverAfterRecords;
            retention = settings.retention;
            selectors.addAll(settings.selectors);
            secretWords = settings.secretWords;
            trailName = settings.trailName;
            digestEvery = settings.digestEvery;
            keyPair = settings.keyPair;
            privateKeyFile = settings.privateKeyFile;
            publicKeyFile = settings.publicKeyFile;
            filePermissions = settings.filePermissions;
            insightWindow = settings.insightWindow;
            insightFactor = settings.insightFactor;
            insightErrorMargin = settings.insightErrorMargin;
            insightMinimumCalls = settings.insightMinimumCalls;
        }

        /** Each record forced to disk before the audited call returns (group commit shares the forces). */
        public Builder sync() {
            this.durability = Durability.SYNC;
            return this;
        }

        /** Records forced every {@code fsyncEvery} (100 ms by default): a crash may lose that window. The default. */
        public Builder buffered(Duration fsyncEvery) {
            this.durability = Durability.BUFFERED;
            this.fsyncEvery = positive("fsyncEvery", fsyncEvery);
            return this;
        }

        /** How often the journal is delivered to the audit exporters (5 minutes), and after how many records at most (10,000). */
        public Builder deliverEvery(Duration every, int records) {
            this.deliverEvery = positive("deliverEvery", every);
            if (records < 1) {
                throw new IllegalArgumentException("deliverAfterRecords " + records + " must be at least 1");
            }
            this.deliverAfterRecords = records;
            return this;
        }

        /** How long trail files are kept: 90 days by default, as CloudTrail's event history. */
        public Builder retention(Duration retention) {
            this.retention = positive("retention", retention);
            return this;
        }

        /** What is recorded; every event when none is given. */
        public Builder selector(EventSelector selector) {
            selectors.add(Objects.requireNonNull(selector, "selector"));
            return this;
        }

        /** Keys containing any of these words (any case) have their values hidden; password, secret, token, ... by default. */
        public Builder secretWords(List<String> words) {
            this.secretWords = List.copyOf(words);
            return this;
        }

        /**
         * The trail's name in digest file names; {@code monitor} by default. CloudTrail's rules
         * apply: 3 to 128 letters, digits, periods, underscores and dashes, starting with a letter
         * or digit.
         */
        public Builder trailName(String name) {
            Objects.requireNonNull(name, "name");
            String error = CloudTrailFilesProvider.trailNameError(name);
            if (error != null) {
                throw new IllegalArgumentException(error);
            }
            this.trailName = name;
            return this;
        }

        /** How often a digest is written (every hour by default, as CloudTrail's); also on close. */
        public Builder digestEvery(Duration every) {
            this.digestEvery = positive("digestEvery", every);
            return this;
        }

        /**
         * The key pair that signs digests; by default one is generated and kept under
         * {@code <data-dir>/audit} ({@code keys/private-key.pem}, {@code public-key.pem}).
         */
        public Builder keyPair(KeyPair keys) {
            this.keyPair = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * The PEM files of the key pair that signs digests: read when they exist, the public key made
         * from the private one when only that exists, and a pair made and kept there when neither does.
         */
        public Builder keyFiles(Path privateKeyFile, Path publicKeyFile) {
            this.privateKeyFile = Objects.requireNonNull(privateKeyFile, "privateKeyFile");
            this.publicKeyFile = Objects.requireNonNull(publicKeyFile, "publicKeyFile");
            return this;
        }

        /**
         * The permissions of every file the trail creates, in {@code ls -l} form: {@code rw-------}
         * (owner only; folders {@code rwx------}) by default, as records hold personal data. Folders
         * add execute wherever they may read.
         */
        public Builder filePermissions(String permissions) {
            new FileModes(permissions); // refuses what the owner could not read back
            this.filePermissions = permissions;
            return this;
        }

        /**
         * Insights over write management events: a minute of at least {@code minimumCalls} calls
         * is unusual when it has more than {@code factor} times the baseline's calls per minute
         * (over the trailing {@code window}), or an error rate above the baseline's by more than
         * {@code errorRateMargin}. By default: 7 days, 3x, 0.25 and 10 calls.
         */
        public Builder insights(Duration window, double factor, double errorRateMargin, int minimumCalls) {
            Duration checked = positive("insights window", window);
            if (!(factor > 0) || !(errorRateMargin >= 0 && errorRateMargin <= 1) || minimumCalls < 1) {
                throw new IllegalArgumentException("insights take a factor above 0 (not " + factor + "), an errorRateMargin from 0 to 1 (not "
                        + errorRateMargin + ") and minimumCalls of at least 1 (not " + minimumCalls + ")");
            }
            this.insightWindow = checked;
            this.insightFactor = factor;
            this.insightErrorMargin = errorRateMargin;
            this.insightMinimumCalls = minimumCalls;
            return this;
        }

        private static Duration positive(String what, Duration duration) {
            Objects.requireNonNull(duration, what);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " " + duration + " must be positive");
            }
            return duration;
        }

        public AuditSettings build() {
            return new AuditSettings(this);
        }
    }
}
