package dev.monitor.xray;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.redaction.SecretWords;
import dev.monitor.core.trace.TraceSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of the monitor's X-Ray tracer: where its segment documents go by default (the X-Ray
 * daemon over UDP, and segment files under the data directory's {@code traces} folder) and how it
 * samples, streams, queues and redacts. Give them in code to {@code Monitor.Builder.traces(...)}:
 *
 * <pre>{@code
 * Monitor.builder().traces(XRaySettings.builder().daemonAddress("10.0.0.5:2000")
 *         .samplingRules(Files.readString(Path.of("sampling-rules.json")))
 *         .files(XRaySettings.SegmentFiles.DEFAULTS.withRetention(Duration.ofDays(2))).build())
 * }</pre>
 *
 * or in the configuration's {@code traces:} section, which {@link #read} reads with the same
 * names: {@code daemonAddress} (else {@code AWS_XRAY_DAEMON_ADDRESS}, else {@code 127.0.0.1:2000};
 * {@code off} sends nothing over UDP), {@code samplingRules} (a file of the SDK's version-2 JSON),
 * {@code sampling} ({@code type: local}, the default, or a type a module adds, such as monitor-aws's
 * {@code centralized}, with that type's settings: see {@link SamplingStrategyProvider}),
 * {@code streamingThreshold}, {@code queueCapacity}, {@code emitterShare}, {@code missingContext}
 * ({@code ignore}, {@code log}, {@code throw}), {@code files} ({@code enabled}, {@code rotateBytes},
 * {@code rotateEvery}, {@code retention}) and {@code redact} (the secret words, as for logs).
 *
 * <p>The daemon and the files are the traces signal's default exporters, {@code xray-daemon} and
 * {@code segment-files}: an {@code exporters:} entry of either type replaces its default. Immutable.
 */
public final class XRaySettings implements TraceSettings {
    /** The daemon address that turns the daemon off. */
    static final String OFF = "off";
    /** The sampling type of the local rules, the default. */
    static final String LOCAL = "local";
    /** The environment variable the X-Ray SDKs read the daemon's address from. */
    static final String DAEMON_ADDRESS_VARIABLE = "AWS_XRAY_DAEMON_ADDRESS";
    static final int DEFAULT_STREAMING_THRESHOLD = 100;
    static final int DEFAULT_QUEUE_CAPACITY = 4096;
    static final double DEFAULT_EMITTER_SHARE = 0.25;

    private final InetSocketAddress daemonAddress;
    private final String samplingRules;
    private final String samplingType;
    private final SamplingStrategyProvider.Factory sampling;
    private final int streamingThreshold;
    private final int queueCapacity;
    private final double emitterShare;
    private final XRayTracer.MissingContext missingContext;
    private final SegmentFiles files;
    private final List<String> secretWords;

    private XRaySettings(Builder builder, InetSocketAddress daemonAddress) {
        this.daemonAddress = daemonAddress;
        this.samplingRules = builder.samplingRules;
        this.samplingType = builder.samplingType;
        this.sampling = builder.sampling;
        this.streamingThreshold = builder.streamingThreshold;
        this.queueCapacity = builder.queueCapacity;
        this.emitterShare = builder.emitterShare;
        this.missingContext = builder.missingContext;
        this.files = builder.files;
        this.secretWords = builder.secretWords;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The settings of a {@code traces:} section. Each problem is recorded in {@code section} under
     * its key, naming the value and the rule it broke, with the default in its place; unknown keys
     * are rejected.
     */
    public static XRaySettings read(ConfigNode section) {
        Builder builder = builder();
        boolean given = section.has("daemonAddress");
        try {
            builder.daemonAddress(given ? section.string("daemonAddress", null) : System.getenv(DAEMON_ADDRESS_VARIABLE));
        } catch (IllegalArgumentException e) {
            section.problem("daemonAddress", given ? e.getMessage() : fromVariable(e));
            builder.daemonAddress(OFF);
        }
        String rules = section.string("samplingRules", null);
        if (rules != null) {
            try {
                builder.samplingRules(Files.readString(Path.of(rules)));
            } catch (IOException e) {
                section.problem("samplingRules", "'" + rules + "' cannot be read: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                section.problem("samplingRules", e.getMessage());
            }
        }
        ConfigNode sampling = section.child("sampling");
        String type = sampling.string("type", LOCAL);
        SamplingStrategyProvider provider = samplingProviders().get(type);
        if (provider == null) {
            sampling.problem("type", unknownType(type));
        } else {
            builder.sampling(type, provider.read(sampling));
        }
        if (section.has("redact")) {
            builder.secretWords(section.strings("redact"));
        }
        builder.streamingThreshold(section.integer("streamingThreshold", DEFAULT_STREAMING_THRESHOLD, 1, 100_000));
        builder.queueCapacity(section.integer("queueCapacity", DEFAULT_QUEUE_CAPACITY, 1, 1 << 20));
        Double share = section.number("emitterShare");
        if (share != null) {
            try {
                builder.emitterShare(share);
            } catch (IllegalArgumentException e) {
                section.problem("emitterShare", e.getMessage());
            }
        }
        String missing = section.choice("missingContext", "ignore", "ignore", "log", "throw");
        builder.missingContext(XRayTracer.MissingContext.valueOf(missing.toUpperCase(Locale.ROOT)));
        ConfigNode files = section.child("files");
        builder.files(new SegmentFiles(files.bool("enabled", true), files.bytes("rotateBytes", SegmentFiles.DEFAULTS.rotateBytes()),
                files.duration("rotateEvery", SegmentFiles.DEFAULTS.rotateEvery()),
                files.duration("retention", SegmentFiles.DEFAULTS.retention())));
        files.rejectUnknownKeys();
        section.rejectUnknownKeys();
        return builder.build();
    }

    /** Where the {@code xray-daemon} exporter sends documents by default; empty when it is off. */
    public Optional<InetSocketAddress> daemonAddress() {
        return Optional.ofNullable(daemonAddress);
    }

    /** The sampling rules in the SDK's version-2 JSON; empty for the SDKs' default (1 per second, then 5%). */
    public Optional<String> samplingRules() {
        return Optional.ofNullable(samplingRules);
    }

    /** The sampling strategy's type: {@code local} unless set. */
    public String samplingType() {
        return samplingType;
    }

    /** What makes the sampling strategy when the tracer starts. */
    public SamplingStrategyProvider.Factory sampling() {
        return sampling;
    }

    /** The sampling strategies the class path offers, by type. */
    static Map<String, SamplingStrategyProvider> samplingProviders() {
        Map<String, SamplingStrategyProvider> byType = new TreeMap<>();
        for (SamplingStrategyProvider provider : ServiceLoader.load(SamplingStrategyProvider.class)) {
            byType.putIfAbsent(provider.type(), provider);
        }
        return byType;
    }

    private static String unknownType(String type) {
        return "'" + type + "' is not a sampling type on the class path; types: " + samplingProviders().keySet()
                + (type.equals("centralized") ? " (centralized comes with monitor-aws)" : "");
    }

    public int streamingThreshold() {
        return streamingThreshold;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public double emitterShare() {
        return emitterShare;
    }

    public XRayTracer.MissingContext missingContext() {
        return missingContext;
    }

    /** The default {@code segment-files} exporter's settings. */
    public SegmentFiles files() {
        return files;
    }

    public List<String> secretWords() {
        return secretWords;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof XRaySettings that && Objects.equals(daemonAddress, that.daemonAddress)
                && Objects.equals(samplingRules, that.samplingRules) && samplingType.equals(that.samplingType)
                && streamingThreshold == that.streamingThreshold
                && queueCapacity == that.queueCapacity && Double.compare(emitterShare, that.emitterShare) == 0
                && missingContext == that.missingContext && files.equals(that.files) && secretWords.equals(that.secretWords);
    }

    @Override
    public int hashCode() {
        return Objects.hash(daemonAddress, samplingRules, samplingType, streamingThreshold, queueCapacity, emitterShare, missingContext, files,
                secretWords);
    }

    @Override
    public String toString() {
        return "XRaySettings[daemonAddress=" + daemonAddress().map(a -> a.getHostString() + ":" + a.getPort()).orElse(OFF)
                + ", samplingRules=" + (samplingRules == null ? "default" : "given") + ", sampling=" + samplingType
                + ", streamingThreshold=" + streamingThreshold
                + ", queueCapacity=" + queueCapacity + ", emitterShare=" + emitterShare + ", missingContext=" + missingContext
                + ", files=" + files + ", secretWords=" + secretWords + "]";
    }

    /**
     * The default segment files, JSON lines in the data directory's {@code traces} folder.
     *
     * @param enabled     whether the default {@code segment-files} exporter is added
     * @param rotateBytes the size at which a file is rotated (default 64MB: 64 × 1024² bytes, as every size setting reads it)
     * @param rotateEvery the age at which a file is rotated (default 1 hour)
     * @param retention   how long rotated files are kept (default 7 days); null keeps them forever
     */
    public record SegmentFiles(boolean enabled, long rotateBytes, Duration rotateEvery, Duration retention) {
        /** Enabled, 64MB, 1 hour, 7 days. */
        public static final SegmentFiles DEFAULTS = new SegmentFiles(true, 64L << 20, Duration.ofHours(1), Duration.ofDays(7));
        /** No default segment files. */
        public static final SegmentFiles OFF = new SegmentFiles(false, DEFAULTS.rotateBytes, DEFAULTS.rotateEvery, DEFAULTS.retention);

        /** @throws IllegalArgumentException naming a size or duration that is not positive */
        public SegmentFiles {
            if (rotateBytes < 1) {
                throw new IllegalArgumentException("rotateBytes " + rotateBytes + " must be at least 1");
            }
            if (rotateEvery == null || rotateEvery.isZero() || rotateEvery.isNegative()) {
                throw new IllegalArgumentException("rotateEvery " + rotateEvery + " must be a positive duration");
            }
            if (retention != null && (retention.isZero() || retention.isNegative())) {
                throw new IllegalArgumentException("retention " + retention + " must be a positive duration");
            }
        }

        public SegmentFiles withRotateBytes(long bytes) {
            return new SegmentFiles(enabled, bytes, rotateEvery, retention);
        }

        public SegmentFiles withRotateEvery(Duration every) {
            return new SegmentFiles(enabled, rotateBytes, every, retention);
        }

        public SegmentFiles withRetention(Duration kept) {
            return new SegmentFiles(enabled, rotateBytes, rotateEvery, kept);
        }
    }

    /** Configures {@link XRaySettings}. Each setter checks its argument at once. Not thread-safe. */
    public static final class Builder {
        private InetSocketAddress daemonAddress;
        private boolean daemonAddressSet;
        private String samplingRules;
        private String samplingType = LOCAL;
        private SamplingStrategyProvider.Factory sampling = SamplingStrategyProvider.Context::local;
        private int streamingThreshold = DEFAULT_STREAMING_THRESHOLD;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private double emitterShare = DEFAULT_EMITTER_SHARE;
        private XRayTracer.MissingContext missingContext = XRayTracer.MissingContext.IGNORE;
        private SegmentFiles files = SegmentFiles.DEFAULTS;
        private List<String> secretWords = SecretWords.DEFAULTS;

        private Builder() {
        }

        /**
         * The X-Ray daemon's address as {@code AWS_XRAY_DAEMON_ADDRESS} gives it: {@code host:port},
         * or {@code tcp:host:port udp:host:port} (the UDP part is used); {@code off} for no daemon.
         * When not set: {@code AWS_XRAY_DAEMON_ADDRESS}, else {@code 127.0.0.1:2000}.
         *
         * @throws IllegalArgumentException naming the value and the forms it may take
         */
        public Builder daemonAddress(String setting) {
            this.daemonAddress = address(setting);
            this.daemonAddressSet = true;
            return this;
        }

        /** The X-Ray daemon's UDP address. */
        public Builder daemonAddress(InetSocketAddress address) {
            this.daemonAddress = Objects.requireNonNull(address, "address");
            this.daemonAddressSet = true;
            return this;
        }

        /**
         * Sampling rules in the SDK's version-2 JSON; the SDKs' default (1 per second, then 5%) when not set.
         *
         * @throws IllegalArgumentException naming every rule and field that breaks the format
         */
        public Builder samplingRules(String json) {
            Sampler.fromJson(Objects.requireNonNull(json, "json"), Clock.systemUTC()); // checks them now, not at start
            this.samplingRules = json;
            return this;
        }

        /**
         * The sampling strategy of {@code type} with its {@code settings}, as the {@code traces:} section's
         * {@code sampling:} gives them: {@code local} (the default: the sampling rules decide) or a type a module on the
         * class path adds, such as {@code centralized} (monitor-aws) with {@code region}, {@code endpoint} and the like.
         *
         * @throws IllegalArgumentException naming an unknown type, and each setting that breaks its rule
         */
        public Builder sampling(String type, Map<String, ?> settings) {
            Objects.requireNonNull(type, "type");
            List<String> problems = new ArrayList<>();
            ConfigNode section = ConfigNode.of("sampling", Objects.requireNonNull(settings, "settings"), problems);
            section.ignore("type");
            SamplingStrategyProvider provider = samplingProviders().get(type);
            if (provider == null) {
                throw new IllegalArgumentException("sampling.type: " + unknownType(type));
            }
            SamplingStrategyProvider.Factory factory = provider.read(section);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return sampling(type, factory);
        }

        private Builder sampling(String type, SamplingStrategyProvider.Factory factory) {
            this.samplingType = type;
            this.sampling = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** How many subsegments a segment holds before completed ones are sent on their own; 100 by default. */
        public Builder streamingThreshold(int subsegments) {
            this.streamingThreshold = atLeastOne("streamingThreshold", subsegments);
            return this;
        }

        /** How many finished entities may wait for the emitter thread; 4,096 by default. A segment that finds the queue full is dropped and counted in {@code Monitor/SegmentsDropped}. */
        public Builder queueCapacity(int entities) {
            this.queueCapacity = atLeastOne("queueCapacity", entities);
            return this;
        }

        /** The most of one core the emitter thread takes; a quarter by default. After each batch the thread rests in proportion to the time the batch took; 1 never rests. */
        public Builder emitterShare(double share) {
            this.emitterShare = share(share);
            return this;
        }

        /** What a subsegment without a current segment does; IGNORE by default. */
        public Builder missingContext(XRayTracer.MissingContext strategy) {
            this.missingContext = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** The default segment files; {@link SegmentFiles#DEFAULTS} unless set, {@link SegmentFiles#OFF} for none. */
        public Builder files(SegmentFiles files) {
            this.files = Objects.requireNonNull(files, "files");
            return this;
        }

        /** Words that mark a secret; {@link SecretWords#DEFAULTS} unless set. Annotation and metadata values under such keys are written as {@code [REDACTED]}, and text loses {@code key=value} secrets. */
        public Builder secretWords(List<String> words) {
            this.secretWords = List.copyOf(Objects.requireNonNull(words, "words"));
            return this;
        }

        /** @throws IllegalArgumentException when no daemon address was set and {@code AWS_XRAY_DAEMON_ADDRESS} is malformed */
        public XRaySettings build() {
            if (daemonAddressSet) {
                return new XRaySettings(this, daemonAddress);
            }
            try {
                return new XRaySettings(this, address(System.getenv(DAEMON_ADDRESS_VARIABLE)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(fromVariable(e), e);
            }
        }

        private static InetSocketAddress address(String setting) {
            return OFF.equals(setting) ? null : parseDaemonAddress(setting);
        }
    }

    /**
     * The daemon's UDP address from a setting such as {@code AWS_XRAY_DAEMON_ADDRESS}: {@code host:port},
     * or {@code tcp:host:port udp:host:port} (the UDP part is used); {@code 127.0.0.1:2000} when unset.
     *
     * @throws IllegalArgumentException naming the value and the forms it may take
     */
    public static InetSocketAddress parseDaemonAddress(String setting) {
        if (setting == null || setting.isBlank()) {
            return new InetSocketAddress("127.0.0.1", 2000);
        }
        String udp = setting.trim();
        if (udp.contains(" ")) {
            udp = null;
            for (String part : setting.trim().split("\\s+")) {
                if (part.startsWith("udp:")) {
                    udp = part.substring(4);
                }
            }
        }
        if (udp == null) {
            throw new IllegalArgumentException("X-Ray daemon address '" + setting
                    + "' names no udp: address; use host:port or tcp:host:port udp:host:port");
        }
        int colon = udp.lastIndexOf(':');
        try {
            int port = Integer.parseInt(udp.substring(colon + 1));
            if (colon <= 0 || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(udp.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("X-Ray daemon address '" + setting
                    + "' is not host:port or tcp:host:port udp:host:port");
        }
    }

    private static String fromVariable(IllegalArgumentException e) {
        return "from " + DAEMON_ADDRESS_VARIABLE + ": " + e.getMessage();
    }

    static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " " + value + " must be at least 1");
        }
        return value;
    }

    static double share(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("emitterShare " + share + " must be above 0 and at most 1");
        }
        return share;
    }
}
