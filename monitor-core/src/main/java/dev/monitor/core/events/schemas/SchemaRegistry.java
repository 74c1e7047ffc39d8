package dev.monitor.core.events.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.RollingFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The discovered-schemas registry: schema discovery as EventBridge does it on an event bus
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schemas-infer.html). For each
 * {@code source} and {@code detail-type} of the events {@linkplain #observe observed} it infers a
 * schema of the whole event, in OpenAPI 3 as the registry stores discovered schemas
 * ({@code AWSEvent} with {@code x-amazon-events-source} and {@code x-amazon-events-detail-type}, the
 * detail type its own component), named {@code <source>@<DetailTypeInPascalCase>}; each time the events
 * show a field or a type not seen before (or a field once always present goes missing) it creates a
 * new version, "1", "2", ..., dated on the registry's clock. Schemas are listed, described, exported
 * as JSON Schema draft-04, and turned into Java 17 records ({@linkplain #codeBindingSource code bindings}).
 *
 * <p>A field seen with several types gets them all, as a union: integer and number make a number (the
 * more general, as draft-04 counts every integer a number), null makes the field {@code nullable}
 * ({@code "type": ["object", "null"]} in the draft-04 export, as the registry exports CloudTrail's
 * {@code responseElements}), other mixes {@code anyOf} in OpenAPI 3.0 (which has no list of types) and a
 * list of types in draft-04 ({@code "type": ["integer", "string"]}). A string field is a
 * {@code date-time} while every value seen was one. Every event observed validates against the schema
 * of its latest version, and observing the same events in any order gives the same schema.
 *
 * <p>With a data directory, each schema is one file ({@link DataLayout#eventSchemaFile}) holding every
 * version kept, replaced atomically at each new version; a registry built over the same directory
 * continues those schemas, and the CLI reads them after the application stopped.
 *
 * <p>Thread-safe. {@link #observe} parses the event and merges it into its schema under one lock: its
 * cost is that of parsing the event, plus rendering and writing the schema when a new version appears,
 * which happens a bounded number of times (each version adds a field or a type, and schemas, fields
 * and versions are bounded). The bus calls it on its delivery thread, never the caller's. It never
 * throws: what it cannot observe is counted ({@link #counts()}, {@code Monitor/Dropped}).
 */
public final class SchemaRegistry {
    /** The discovered schemas' registry name. */
    public static final String REGISTRY_NAME = DataLayout.DISCOVERED_SCHEMAS;
    /** The registry's own format, and the only one schemas are stored in. */
    public static final String OPEN_API_3 = "OpenApi3";
    /** The format ExportSchema converts to. */
    public static final String JSON_SCHEMA_DRAFT_4 = "JSONSchemaDraft4";
    /** The code-binding language Monitor generates: Java 17 records with Jackson annotations. */
    public static final String JAVA_17 = "Java17";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE_VERSION = "1";

    private final Clock clock;
    private final DataLayout layout;
    private final Metrics self;
    private final int maxSchemas;
    private final int maxFieldsPerSchema;
    private final int maxDepth;
    private final int maxVersionsPerSchema;
    private final String defaultAccount;
    private final String defaultRegion;
    private final Object lock = new Object();
    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private final List<String> unreadable = new ArrayList<>();
    private final AtomicLong invalidEvents = new AtomicLong();
    private final AtomicLong schemasOverLimit = new AtomicLong();
    private final AtomicLong fieldsOverLimit = new AtomicLong();
    private final AtomicLong depthOverLimit = new AtomicLong();
    private final AtomicLong versionsOverLimit = new AtomicLong();
    private final AtomicLong notPersisted = new AtomicLong();
    private final AtomicLong failedEvents = new AtomicLong();

    private SchemaRegistry(Builder builder) {
        this.clock = builder.clock;
        this.layout = builder.layout;
        this.self = builder.self;
        this.maxSchemas = builder.maxSchemas;
        this.maxFieldsPerSchema = builder.maxFieldsPerSchema;
        this.maxDepth = builder.maxDepth;
        this.maxVersionsPerSchema = builder.maxVersionsPerSchema;
        this.defaultAccount = builder.account;
        this.defaultRegion = builder.region;
        if (layout != null) {
            load();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The registry persisted under the data directory of {@code layout}, read as it is: what the CLI
     * answers from. Files that cannot be read are left out and named by {@link #unreadableFiles()}.
     */
    public static SchemaRegistry read(DataLayout layout) {
        return builder().dataLayout(layout).build();
    }

    /** One version kept of a schema: its content is the OpenAPI 3 document, compact JSON. */
    private record Version(String version, Instant created, String content) {
    }

    /** One schema: what its events have shown, and the versions kept. */
    private static final class Entry {
        final String name;
        final String arn;
        final String source;
        final String detailType;
        final String detailName;
        final Shape shape;
        final Shape.Budget budget;
        final ArrayDeque<Version> versions = new ArrayDeque<>();
        long nextVersion = 1;
        /** The shape changed and no version shows it yet. */
        boolean unversioned;

        Entry(String name, String arn, String source, String detailType, Shape shape, Shape.Budget budget) {
            this.name = name;
            this.arn = arn;
            this.source = source;
            this.detailType = detailType;
            this.detailName = Shape.pascal(detailType);
            this.shape = shape;
            this.budget = budget;
        }
    }

    /**
     * The schema name of events of {@code source} and {@code detailType}:
     * {@code <source>@<detail type in PascalCase>}, with a {@code /} of the source (partner event
     * sources such as {@code aws.partner/example.com/123}) as {@code -}.
     */
    public static String schemaName(String source, String detailType) {
        return source.replace('/', '-') + "@" + Shape.pascal(detailType);
    }

    /**
     * Observes one event (EventBridge's envelope as JSON): its schema gets a new version when it shows a
     * field or a type not seen before. Never throws; what cannot be observed is counted.
     */
    public void observe(String eventJson) {
        JsonNode event;
        try {
            event = eventJson == null ? null : JSON.readTree(eventJson);
        } catch (IOException | RuntimeException e) {
            event = null;
        }
        if (event == null || !event.isObject() || !event.path("source").isTextual() || !event.path("detail-type").isTextual()) {
            count(invalidEvents, "InvalidEvent", 1);
            return;
        }
        try {
            merge(event);
        } catch (RuntimeException | StackOverflowError e) {
            // a fault of discovery must not take the bus's delivery thread down with it
            count(failedEvents, "ObserveFailed", 1);
        }
    }

    private void merge(JsonNode event) {
        String source = event.get("source").textValue();
        String detailType = event.get("detail-type").textValue();
        String name = schemaName(source, detailType);
        synchronized (lock) {
            Entry entry = entries.get(name);
            if (entry == null) {
                if (entries.size() >= maxSchemas) {
                    count(schemasOverLimit, "SchemasOverLimit", 1);
                    return;
                }
                String arn = "arn:aws:schemas:" + text(event, "region", defaultRegion) + ":" + text(event, "account", defaultAccount)
                        + ":schema/" + REGISTRY_NAME + "/" + name;
                entry = new Entry(name, arn, source, detailType, new Shape(), new Shape.Budget(maxFieldsPerSchema, maxDepth));
                entries.put(name, entry);
            }
            long fieldsBefore = entry.budget.fieldsOverLimit;
            long depthBefore = entry.budget.depthOverLimit;
            boolean changed = entry.shape.observe(event, entry.budget, 0);
            count(fieldsOverLimit, "FieldsOverLimit", entry.budget.fieldsOverLimit - fieldsBefore);
            count(depthOverLimit, "DepthOverLimit", entry.budget.depthOverLimit - depthBefore);
            entry.unversioned |= changed;
            if (entry.unversioned) { // still set after a version that failed: the next event makes it
                newVersion(entry);
                entry.unversioned = false;
            }
        }
    }

    private static String text(JsonNode event, String field, String otherwise) {
        JsonNode value = event.path(field);
        return value.isTextual() && !value.textValue().isEmpty() ? value.textValue() : otherwise;
    }

    private void count(AtomicLong counter, String reason, long amount) {
        if (amount <= 0) {
            return;
        }
        counter.addAndGet(amount);
        try {
            self.counter("Dropped", "Signal", "Events", "Reason", reason).increment(amount);
        } catch (RuntimeException e) {
            // counting never makes observing fail; the local count above holds it
        }
    }

    private void newVersion(Entry entry) {
        String content = entry.shape.renderOpenApi(entry.source, entry.detailType, entry.detailName).toString();
        Instant created = clock.instant();
        entry.versions.addLast(new Version(Long.toString(entry.nextVersion), created, content));
        entry.nextVersion++;
        while (entry.versions.size() > maxVersionsPerSchema) {
            entry.versions.removeFirst();
            count(versionsOverLimit, "VersionsOverLimit", 1);
        }
        if (layout != null) {
            try {
                write(entry);
            } catch (IOException | RuntimeException e) {
                count(notPersisted, "NotPersisted", 1);
            }
        }
    }

    // ------------------------------------------------------------------------------ queries

    /** The schemas whose name starts with {@code prefix} (every one when null), by name, as ListSchemas. */
    public List<SchemaSummary> listSchemas(String prefix) {
        synchronized (lock) {
            List<SchemaSummary> list = new ArrayList<>();
            for (Entry entry : entries.values()) {
                if ((prefix == null || entry.name.startsWith(prefix)) && !entry.versions.isEmpty()) {
                    list.add(new SchemaSummary(entry.name, entry.arn, entry.versions.getLast().created(), entry.versions.size()));
                }
            }
            return list;
        }
    }

    /**
     * Version {@code version} of the schema (the latest when null), its content the OpenAPI 3 document,
     * as DescribeSchema.
     *
     * @throws NoSuchElementException naming the schema or version when there is none
     */
    public SchemaDescription describeSchema(String schemaName, String version) {
        synchronized (lock) {
            Entry entry = entry(schemaName);
            Version found = version(entry, version);
            return new SchemaDescription(entry.name, entry.arn, found.version(), OPEN_API_3, pretty(found.content()), found.created(),
                    entry.versions.getLast().created());
        }
    }

    /**
     * The schema's version in {@code type}, as ExportSchema: only {@code JSONSchemaDraft4}, as the registry.
     *
     * @throws NoSuchElementException   naming the schema or version when there is none
     * @throws IllegalArgumentException naming the type when it is not JSONSchemaDraft4
     */
    public SchemaDescription exportSchema(String schemaName, String version, String type) {
        if (!JSON_SCHEMA_DRAFT_4.equals(type)) {
            throw new IllegalArgumentException("Invalid type '" + type + "': a schema is exported as " + JSON_SCHEMA_DRAFT_4
                    + " only");
        }
        SchemaDescription described = describeSchema(schemaName, version);
        String content;
        try {
            content = Draft4.export(JSON.readTree(described.content())).toString();
        } catch (IOException e) {
            throw new IllegalStateException("the stored schema " + schemaName + " is not JSON: " + e.getMessage(), e);
        }
        return new SchemaDescription(described.schemaName(), described.schemaArn(), described.schemaVersion(), JSON_SCHEMA_DRAFT_4,
                content, described.versionCreatedDate(), described.lastModified());
    }

    /**
     * The source of the schema's code binding in {@code language}, as GetCodeBindingSource: for
     * {@code Java17}, {@code AWSEvent.java}, Java 17 records an application deserializes its events into
     * with Jackson ({@code new ObjectMapper().readValue(json, AWSEvent.class)}).
     *
     * @throws NoSuchElementException   naming the schema or version when there is none
     * @throws IllegalArgumentException naming the language when it is not Java17
     */
    public String codeBindingSource(String schemaName, String version, String language) {
        if (!JAVA_17.equals(language)) {
            throw new IllegalArgumentException("Invalid language '" + language + "': Monitor generates code bindings in " + JAVA_17
                    + " (records with Jackson annotations); the registry's Java8, Python36, TypeScript3 and Go1 are not offered");
        }
        SchemaDescription described = describeSchema(schemaName, version);
        try {
            return JavaRecords.generate(JSON.readTree(described.content()), described.schemaName(), described.schemaVersion());
        } catch (IOException e) {
            throw new IllegalStateException("the stored schema " + schemaName + " is not JSON: " + e.getMessage(), e);
        }
    }

    /** The package of a schema's Java records, such as {@code schema.aws.ec2.ec2instancestatechangenotification}. */
    public String codeBindingPackage(String schemaName) {
        synchronized (lock) {
            Entry entry = entry(schemaName);
            return JavaRecords.packageName(entry.source, entry.detailName);
        }
    }

    /** What discovery left out so far. */
    public DiscoveryCounts counts() {
        return new DiscoveryCounts(invalidEvents.get(), schemasOverLimit.get(), fieldsOverLimit.get(), depthOverLimit.get(),
                versionsOverLimit.get(), notPersisted.get(), failedEvents.get());
    }

    /** Schema files that could not be read when the registry was built, each as {@code path: reason}. */
    public List<String> unreadableFiles() {
        synchronized (lock) {
            return List.copyOf(unreadable);
        }
    }

    private Entry entry(String schemaName) {
        Entry entry = schemaName == null ? null : entries.get(schemaName);
        if (entry == null || entry.versions.isEmpty()) {
            throw new NoSuchElementException("Schema with name " + schemaName + " does not exist in registry " + REGISTRY_NAME);
        }
        return entry;
    }

    private static Version version(Entry entry, String version) {
        if (version == null) {
            return entry.versions.getLast();
        }
        for (Version v : entry.versions) {
            if (v.version().equals(version)) {
                return v;
            }
        }
        throw new NoSuchElementException("Schema " + entry.name + " has no version " + version + " (versions kept: "
                + entry.versions.getFirst().version() + " to " + entry.versions.getLast().version() + ")");
    }

    private static String pretty(String compact) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(compact));
        } catch (IOException e) {
            return compact;
        }
    }

    // ------------------------------------------------------------------------------ files

    /** Replaces the schema's file with every version kept: a temporary file moved over it. */
    private void write(Entry entry) throws IOException {
        ObjectNode file = JSON.createObjectNode();
        file.put("FileVersion", FILE_VERSION);
        file.put("RegistryName", REGISTRY_NAME);
        file.put("SchemaName", entry.name);
        file.put("SchemaArn", entry.arn);
        file.put("Source", entry.source);
        file.put("DetailType", entry.detailType);
        file.put("NextVersion", entry.nextVersion);
        var versions = file.putArray("Versions");
        for (Version v : entry.versions) {
            versions.addObject().put("SchemaVersion", v.version()).put("VersionCreatedDate", v.created().toString())
                    .set("Content", JSON.readTree(v.content()));
        }
        Path target = layout.eventSchemaFile(REGISTRY_NAME, entry.name);
        // owner-only, as every other writer under the data directory: events carry what the application put in them
        RollingFile.createDirectories(target.getParent(), RollingFile.OWNER_ONLY);
        Path temporary = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temporary);
        try (var out = RollingFile.create(temporary, RollingFile.OWNER_ONLY)) {
            out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(file));
        }
        try {
            Files.move(temporary, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void load() {
        Path folder = layout.eventSchemaRegistry(REGISTRY_NAME);
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(f -> DataLayout.isEventSchemaFile(f.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            unreadable.add(folder + ": " + e.getMessage());
            return;
        }
        for (Path file : files) {
            try {
                Entry entry = readEntry(file);
                entries.put(entry.name, entry);
            } catch (IOException | RuntimeException e) {
                unreadable.add(file + ": " + e.getMessage());
            }
        }
    }

    private Entry readEntry(Path file) throws IOException {
        JsonNode document = JSON.readTree(file.toFile());
        if (document == null || !document.isObject()) {
            throw new IllegalArgumentException("not a schema file: not a JSON object");
        }
        String name = required(document, "SchemaName");
        String expected = DataLayout.eventSchemaName(file.getFileName().toString());
        if (!name.equals(expected)) {
            throw new IllegalArgumentException("holds the schema " + name + ", where its name says " + expected);
        }
        JsonNode versions = document.path("Versions");
        if (!versions.isArray() || versions.isEmpty()) {
            throw new IllegalArgumentException("not a schema file: it has no \"Versions\" list");
        }
        List<Version> read = new ArrayList<>();
        for (JsonNode v : versions) {
            JsonNode content = v.path("Content");
            if (!content.path("components").path("schemas").path("AWSEvent").isObject()) {
                throw new IllegalArgumentException("version " + v.path("SchemaVersion").asText("?")
                        + " has no OpenAPI 3 content with components.schemas.AWSEvent");
            }
            read.add(new Version(required(v, "SchemaVersion"), Instant.parse(required(v, "VersionCreatedDate")), content.toString()));
        }
        Shape shape = Shape.fromOpenApi(JSON.readTree(read.get(read.size() - 1).content()));
        Shape.Budget budget = new Shape.Budget(maxFieldsPerSchema, maxDepth);
        budget.fields = shape.fieldCount();
        Entry entry = new Entry(name, required(document, "SchemaArn"), required(document, "Source"), required(document, "DetailType"),
                shape, budget);
        entry.versions.addAll(read);
        long last = 0;
        for (Version v : read) {
            try {
                last = Math.max(last, Long.parseLong(v.version()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SchemaVersion " + v.version() + " is not a number", e);
            }
        }
        entry.nextVersion = Math.max(last + 1, document.path("NextVersion").asLong(0));
        return entry;
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("not a schema file: \"" + field + "\" is missing or not text");
        }
        return value.textValue();
    }

    /** Configures a {@link SchemaRegistry}; every setter checks its argument at once. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private DataLayout layout;
        private Metrics self = Metrics.noop();
        private int maxSchemas = 100;
        private int maxFieldsPerSchema = 200;
        private int maxDepth = 16;
        private int maxVersionsPerSchema = 20;
        private String account = "000000000000";
        private String region = "local";

        private Builder() {
        }

        /** The clock that dates versions (VersionCreatedDate). Default: the system clock, UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The data directory to keep schemas in, and to continue them from. Default: none, memory only. */
        public Builder dataLayout(DataLayout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /** Monitor's own metrics, where what is left out is counted ({@code Dropped}). Default: not counted there. */
        public Builder selfMetrics(Metrics self) {
            this.self = Objects.requireNonNull(self, "self");
            return this;
        }

        /** At most this many schemas (default 100); events of further schemas are counted, not observed. */
        public Builder maxSchemas(int maxSchemas) {
            this.maxSchemas = positive("maxSchemas", maxSchemas);
            return this;
        }

        /** At most this many fields in one schema, all levels together (default 200); further fields are counted. */
        public Builder maxFieldsPerSchema(int maxFields) {
            this.maxFieldsPerSchema = positive("maxFieldsPerSchema", maxFields);
            return this;
        }

        /** Objects and arrays below this depth (default 16; the event is depth 0) are kept without their contents. */
        public Builder maxDepth(int maxDepth) {
            this.maxDepth = positive("maxDepth", maxDepth);
            return this;
        }

        /** At most this many versions kept per schema (default 20); older ones are forgotten, numbering goes on. */
        public Builder maxVersionsPerSchema(int maxVersions) {
            this.maxVersionsPerSchema = positive("maxVersionsPerSchema", maxVersions);
            return this;
        }

        /** The account and region of a schema's ARN when its first event has none. Default: 000000000000 and "local". */
        public Builder arnDefaults(String account, String region) {
            this.account = Objects.requireNonNull(account, "account");
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        public SchemaRegistry build() {
            return new SchemaRegistry(this);
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + value);
            }
            return value;
        }
    }
}
