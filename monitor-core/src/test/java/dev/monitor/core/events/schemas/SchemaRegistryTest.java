package dev.monitor.core.events.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.CounterBuilder;
import dev.monitor.api.metrics.Distribution;
import dev.monitor.api.metrics.DistributionBuilder;
import dev.monitor.api.metrics.Gauge;
import dev.monitor.api.metrics.GaugeBuilder;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Timer;
import dev.monitor.api.metrics.TimerBuilder;
import dev.monitor.core.files.DataLayout;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema discovery as EventBridge's schema registry does it
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schemas-infer.html: "If the contents of
 * events on the event bus change, EventBridge creates new versions of the related EventBridge schema"),
 * checked on the guides' sample events and against what the registry's API answers
 * (https://docs.aws.amazon.com/cli/latest/reference/schemas/index.html).
 */
class SchemaRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EC2 = "aws.ec2@EC2InstanceStateChangeNotification";

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");

    private SchemaRegistry registry() {
        return SchemaRegistry.builder().clock(clock).build();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** {@code node} with every "required" list sorted: the registry lists them in no particular order. */
    private static JsonNode sortedRequired(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            copy.fields().forEachRemaining(field -> {
                if (field.getKey().equals("required") && field.getValue().isArray()) {
                    List<String> names = new ArrayList<>();
                    field.getValue().forEach(n -> names.add(n.asText()));
                    names.sort(null);
                    ArrayNode sorted = JSON.createArrayNode();
                    names.forEach(sorted::add);
                    field.setValue(sorted);
                } else {
                    field.setValue(sortedRequired(field.getValue()));
                }
            });
            return copy;
        }
        return node;
    }

    /**
     * The AWS CLI's export-schema example exports aws.ec2@EC2InstanceStateChangeNotification as JSON Schema
     * draft-04 (https://docs.aws.amazon.com/cli/latest/reference/schemas/export-schema.html); the schema
     * discovered from the EC2 guide's sample event is that document, keyword for keyword and in its order.
     */
    @Test
    void theEc2StateChangeExportsAsTheRegistryExportsItsSchema() throws Exception {
        SchemaRegistry registry = registry();
        registry.observe(SampleEvents.EC2_STATE_CHANGE);

        SchemaDescription export = registry.exportSchema(EC2, null, "JSONSchemaDraft4");
        String aws = "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"EC2InstanceStateChangeNotification\","
                + "\"definitions\":{\"EC2InstanceStateChangeNotification\":{\"properties\":{\"instance-id\":{\"type\":\"string\"},"
                + "\"state\":{\"type\":\"string\"}},\"required\":[\"instance-id\",\"state\"],\"type\":\"object\"}},"
                + "\"properties\":{\"account\":{\"type\":\"string\"},\"detail\":{\"$ref\":\"#/definitions/EC2InstanceStateChangeNotification\"},"
                + "\"detail-type\":{\"type\":\"string\"},\"id\":{\"type\":\"string\"},\"region\":{\"type\":\"string\"},"
                + "\"resources\":{\"items\":{\"type\":\"string\"},\"type\":\"array\"},\"source\":{\"type\":\"string\"},"
                + "\"time\":{\"format\":\"date-time\",\"type\":\"string\"},\"version\":{\"type\":\"string\"}},"
                + "\"required\":[\"detail-type\",\"resources\",\"id\",\"source\",\"time\",\"detail\",\"region\",\"version\",\"account\"],"
                + "\"type\":\"object\",\"x-amazon-events-detail-type\":\"EC2 Instance State-change Notification\","
                + "\"x-amazon-events-source\":\"aws.ec2\"}";
        assertEquals(sortedRequired(json(aws)), sortedRequired(json(export.content())));
        List<String> awsKeys = new ArrayList<>();
        json(aws).fieldNames().forEachRemaining(awsKeys::add);
        List<String> ourKeys = new ArrayList<>();
        json(export.content()).fieldNames().forEachRemaining(ourKeys::add);
        assertEquals(awsKeys, ourKeys);
        assertEquals("1", export.schemaVersion());
        assertEquals("JSONSchemaDraft4", export.type());
        assertEquals("arn:aws:schemas:us-east-1:123456789012:schema/discovered-schemas/" + EC2, export.schemaArn());
    }

    /** The registry's OpenAPI 3 layout of a discovered schema: AWSEvent with the x-amazon-events extensions, detail its own type. */
    @Test
    void describeSchemaAnswersTheOpenApiDocument() throws Exception {
        SchemaRegistry registry = registry();
        registry.observe(SampleEvents.EC2_STATE_CHANGE);

        SchemaDescription described = registry.describeSchema(EC2, null);
        assertEquals("OpenApi3", described.type());
        assertEquals(Instant.parse("2026-12-02T10:00:00Z"), described.versionCreatedDate());
        assertEquals(described.versionCreatedDate(), described.lastModified());
        JsonNode content = json(described.content());
        assertEquals("3.0.0", content.get("openapi").asText());
        assertEquals("EC2InstanceStateChangeNotification", content.at("/info/title").asText());
        JsonNode event = content.at("/components/schemas/AWSEvent");
        assertEquals("aws.ec2", event.get("x-amazon-events-source").asText());
        assertEquals("EC2 Instance State-change Notification", event.get("x-amazon-events-detail-type").asText());
        assertEquals("detail", event.get("properties").fieldNames().next(), "the registry lists detail first");
        assertEquals("#/components/schemas/EC2InstanceStateChangeNotification", event.at("/properties/detail/$ref").asText());
        assertEquals("date-time", event.at("/properties/time/format").asText());
        assertEquals(json("{\"type\":\"object\",\"required\":[\"instance-id\",\"state\"],\"properties\":{\"instance-id\":"
                + "{\"type\":\"string\"},\"state\":{\"type\":\"string\"}}}"),
                content.at("/components/schemas/EC2InstanceStateChangeNotification"));

        List<SchemaSummary> list = registry.listSchemas(null);
        assertEquals(List.of(new SchemaSummary(EC2, described.schemaArn(), described.lastModified(), 1)), list);
        assertEquals(List.of(), registry.listSchemas("aws.s3"));
    }

    /**
     * A CloudTrail API call: nested objects are types named after their fields (as the registry's
     * aws.s3@AWSAPICallViaCloudTrail has UserIdentity, SessionContext, Attributes, RequestParameters,
     * AdditionalEventData), null makes a field nullable, and a field seen as an object and as null
     * exports as {@code "type": ["object", "null"]}, as the registry exports responseElements (an export
     * of that schema is kept as a test fixture by Powertools for AWS Lambda:
     * aws-powertools/powertools-lambda-python, tests/functional/validator/conftest.py,
     * {@code eventbridge_schema_registry_cloudtrail_v2_s3}).
     */
    @Test
    void aCloudTrailApiCallNamesItsNestedTypesAfterTheirFields() throws Exception {
        SchemaRegistry registry = registry();
        registry.observe(SampleEvents.CLOUDTRAIL_API_CALL);
        String name = "aws.s3@AWSAPICallViaCloudTrail";
        JsonNode content = json(registry.describeSchema(name, null).content());
        JsonNode components = content.at("/components/schemas");
        List<String> names = new ArrayList<>();
        components.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("AWSEvent", "AWSAPICallViaCloudTrail", "AdditionalEventData", "RequestParameters", "UserIdentity",
                "SessionContext", "Attributes"), names);
        JsonNode detail = components.get("AWSAPICallViaCloudTrail");
        assertEquals("#/components/schemas/UserIdentity", detail.at("/properties/userIdentity/$ref").asText());
        assertEquals(json("{\"nullable\":true}"), detail.at("/properties/responseElements"));
        assertEquals(json("{\"type\":\"boolean\"}"), detail.at("/properties/readOnly"));
        assertEquals(json("{\"type\":\"integer\"}"), components.at("/AdditionalEventData/properties/bytesTransferredIn"));
        assertEquals(json("{\"type\":\"string\",\"format\":\"date-time\"}"), components.at("/Attributes/properties/creationDate"));
        assertEquals(json("{\"type\":\"string\"}"), components.at("/Attributes/properties/mfaAuthenticated"));
        assertEquals(json("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"), components.at("/RequestParameters/properties/Host"));
        assertEquals(json("{\"type\":\"array\",\"items\":{}}"), components.at("/AWSEvent/properties/resources"),
                "no resource was seen: any item");

        JsonNode draft4 = json(registry.exportSchema(name, null, "JSONSchemaDraft4").content());
        assertEquals(json("{\"type\":\"null\"}"), draft4.at("/definitions/AWSAPICallViaCloudTrail/properties/responseElements"));
        assertEquals(json("{\"$ref\":\"#/definitions/SessionContext\"}"), draft4.at("/definitions/UserIdentity/properties/sessionContext"));

        ObjectNode withResponse = (ObjectNode) json(SampleEvents.CLOUDTRAIL_API_CALL);
        ((ObjectNode) withResponse.get("detail")).putObject("responseElements");
        registry.observe(withResponse.toString());
        draft4 = json(registry.exportSchema(name, null, "JSONSchemaDraft4").content());
        assertEquals(json("{\"type\":[\"object\",\"null\"]}"), draft4.at("/definitions/AWSAPICallViaCloudTrail/properties/responseElements"));
        assertEquals("2", registry.describeSchema(name, null).schemaVersion());
    }

    /** Arrays of objects: the element type is named after the field, with Item. */
    @Test
    void aCloudTrailServiceEventsResourcesAreItems() throws Exception {
        SchemaRegistry registry = registry();
        registry.observe(SampleEvents.CLOUDTRAIL_SERVICE_EVENT);
        JsonNode content = json(registry.describeSchema("aws.kms@AWSServiceEventViaCloudTrail", null).content());
        assertEquals("#/components/schemas/ResourcesItem", content.at("/components/schemas/AWSServiceEventViaCloudTrail/properties/resources/items/$ref").asText());
        assertEquals(json("{\"type\":\"object\",\"required\":[\"ARN\",\"accountId\",\"type\"],\"properties\":{\"ARN\":{\"type\":\"string\"},"
                + "\"accountId\":{\"type\":\"string\"},\"type\":{\"type\":\"string\"}}}"), content.at("/components/schemas/ResourcesItem"));
        assertEquals(json("{\"nullable\":true}"), content.at("/components/schemas/AWSServiceEventViaCloudTrail/properties/requestParameters"));
    }

    @Test
    void aNewVersionWhenAFieldOrATypeAppearsAndNotOtherwise() throws Exception {
        SchemaRegistry registry = registry();
        registry.observe(SampleEvents.EC2_STATE_CHANGE);
        clock.advance(Duration.ofMinutes(1));
        registry.observe(SampleEvents.EC2_STATE_CHANGE.replace("pending", "running").replace("i-abcd1111", "i-0000"));
        assertEquals("1", registry.describeSchema(EC2, null).schemaVersion(), "other values, same fields and types");

        ObjectNode event = (ObjectNode) json(SampleEvents.EC2_STATE_CHANGE);
        ((ObjectNode) event.get("detail")).put("attempt", 1);
        registry.observe(event.toString());
        SchemaDescription second = registry.describeSchema(EC2, null);
        assertEquals("2", second.schemaVersion(), "a new field");
        assertEquals(Instant.parse("2026-12-02T10:01:00Z"), second.versionCreatedDate());
        JsonNode detail = json(second.content()).at("/components/schemas/EC2InstanceStateChangeNotification");
        assertEquals(json("{\"type\":\"integer\"}"), detail.at("/properties/attempt"));
        assertEquals(json("[\"instance-id\",\"state\"]"), detail.get("required"), "attempt is not in every event");

        clock.advance(Duration.ofMinutes(1));
        ((ObjectNode) event.get("detail")).put("attempt", 1.5);
        registry.observe(event.toString());
        SchemaDescription third = registry.describeSchema(EC2, null);
        assertEquals("3", third.schemaVersion(), "a number where integers were");
        assertEquals(json("{\"type\":\"number\",\"format\":\"double\"}"),
                json(third.content()).at("/components/schemas/EC2InstanceStateChangeNotification/properties/attempt"));
        ((ObjectNode) event.get("detail")).put("attempt", 7);
        registry.observe(event.toString());
        assertEquals("3", registry.describeSchema(EC2, null).schemaVersion(), "an integer is a number: nothing new");

        ((ObjectNode) event.get("detail")).put("state", 16);
        registry.observe(event.toString());
        SchemaDescription fourth = registry.describeSchema(EC2, null);
        assertEquals("4", fourth.schemaVersion(), "a second type for state");
        assertEquals(json("{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]}"),
                json(fourth.content()).at("/components/schemas/EC2InstanceStateChangeNotification/properties/state"));
        assertEquals(json("{\"type\":[\"integer\",\"string\"]}"),
                json(registry.exportSchema(EC2, null, "JSONSchemaDraft4").content()).at("/definitions/EC2InstanceStateChangeNotification/properties/state"));

        assertEquals("1", registry.describeSchema(EC2, "1").schemaVersion());
        assertFalse(registry.describeSchema(EC2, "1").content().contains("attempt"), "version 1 is kept as it was");
        assertEquals(Instant.parse("2026-12-02T10:00:00Z"), registry.describeSchema(EC2, "1").versionCreatedDate());
        assertEquals(4, registry.listSchemas(null).get(0).versionCount());
        assertEquals(Instant.parse("2026-12-02T10:02:00Z"), registry.listSchemas(null).get(0).lastModified());
    }

    @Test
    void integersBeyond32BitsAreInt64AndDatesStopBeingDatesWhenAStringIsNot() throws Exception {
        SchemaRegistry registry = registry();
        registry.observe(SampleEvents.EC2_STATE_CHANGE.replace("\"state\":\"pending\"", "\"state\":\"pending\",\"at\":\"2026-01-01T00:00:00.5+01:00\",\"n\":1"));
        registry.observe(SampleEvents.EC2_STATE_CHANGE.replace("\"state\":\"pending\"", "\"state\":\"pending\",\"at\":\"2026-01-01T00:00:00Z\",\"n\":1641944200058"));
        JsonNode detail = json(registry.describeSchema(EC2, null).content()).at("/components/schemas/EC2InstanceStateChangeNotification/properties");
        assertEquals(json("{\"type\":\"integer\",\"format\":\"int64\"}"), detail.get("n"));
        assertEquals(json("{\"type\":\"string\",\"format\":\"date-time\"}"), detail.get("at"));
        registry.observe(SampleEvents.EC2_STATE_CHANGE.replace("\"state\":\"pending\"", "\"state\":\"pending\",\"at\":\"yesterday\""));
        detail = json(registry.describeSchema(EC2, null).content()).at("/components/schemas/EC2InstanceStateChangeNotification/properties");
        assertEquals(json("{\"type\":\"string\"}"), detail.get("at"));
        assertEquals("3", registry.describeSchema(EC2, null).schemaVersion());
    }

    /** RFC 3339 section 5.6 (https://www.rfc-editor.org/rfc/rfc3339#section-5.6): what makes a string field a date-time. */
    @Test
    void dateTimesAreRfc3339DateTimes() {
        for (String yes : List.of("2021-11-11T21:29:54Z", "2024-02-29T00:00:00Z", "2016-12-31T23:59:60Z", "2026-01-01t00:00:00z",
                "2026-01-01T00:00:00.123456789+01:00", "2026-01-01T00:00:00-11:30")) {
            assertTrue(Shape.isDateTime(yes), yes);
            assertTrue(Draft4Validator.isDateTime(yes), yes);
        }
        for (String no : List.of("2026-02-29T00:00:00Z", "2026-01-01T00:00:00", "2026-01-01T00:00:00.Z", "2026-01-01T24:00:00Z",
                "2026-01-01T00:00:00+24:00", "2026-13-01T00:00:00Z", "2026-01-01 00:00:00Z", "2026-1-01T00:00:00Z", "yesterday",
                "2026-01-01T00:00:00Z ", "2026-01-01T00:00:61Z")) {
            assertFalse(Shape.isDateTime(no), no);
            assertFalse(Draft4Validator.isDateTime(no), no);
        }
    }

    @Test
    void schemasAreNamedFromSourceAndDetailTypeAsTheRegistryNamesThem() {
        assertEquals("aws.ec2@EC2InstanceStateChangeNotification", SchemaRegistry.schemaName("aws.ec2", "EC2 Instance State-change Notification"));
        assertEquals("aws.s3@AWSAPICallViaCloudTrail", SchemaRegistry.schemaName("aws.s3", "AWS API Call via CloudTrail"));
        assertEquals("aws.partner-example.com-123@OrderPlaced", SchemaRegistry.schemaName("aws.partner/example.com/123", "order placed"));
    }

    @Test
    void whatIsNotAnEventIsCountedNeverThrown() {
        SchemaRegistry registry = registry();
        registry.observe("not json");
        registry.observe("[1, 2]");
        registry.observe("{\"detail-type\": \"x\", \"detail\": {}}");
        registry.observe("{\"source\": 3, \"detail-type\": \"x\"}");
        registry.observe(null);
        assertEquals(5, registry.counts().invalidEvents());
        assertEquals(List.of(), registry.listSchemas(null));
    }

    @Test
    void schemasFieldsDepthAndVersionsAreBoundedAndWhatIsOverIsCounted() throws Exception {
        SchemaRegistry registry = SchemaRegistry.builder().clock(clock).maxSchemas(2).maxFieldsPerSchema(12).maxDepth(3)
                .maxVersionsPerSchema(2).build();
        registry.observe(SampleEvents.EC2_STATE_CHANGE);
        registry.observe(SampleEvents.CLOUDFORMATION_STACK_STATUS);
        registry.observe(SampleEvents.CLOUDTRAIL_API_CALL);
        registry.observe(SampleEvents.CLOUDTRAIL_API_CALL);
        assertEquals(2, registry.listSchemas(null).size());
        assertEquals(2, registry.counts().schemasOverLimit());

        // the envelope has 9 fields and the detail 2: room for one more, then every new field is counted
        ObjectNode event = (ObjectNode) json(SampleEvents.EC2_STATE_CHANGE);
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("a", 1).put("b", 2).put("c", 3);
        registry.observe(event.toString());
        JsonNode props = json(registry.describeSchema(EC2, null).content()).at("/components/schemas/EC2InstanceStateChangeNotification/properties");
        assertTrue(props.has("a") && !props.has("b") && !props.has("c"), props.toString());
        assertEquals(3, registry.counts().fieldsOverLimit(), "b and c, and the CloudFormation event's 13th field, status-reason");
        assertFalse(registry.describeSchema("aws.cloudformation@CloudFormationStackStatusChange", null).content().contains("status-reason"));

        // depth 3: the event is 0, detail 1, its fields 2 and theirs 3: kept as objects without their contents
        SchemaRegistry shallow = SchemaRegistry.builder().clock(clock).maxDepth(3).build();
        shallow.observe(SampleEvents.EC2_STATE_CHANGE.replace("\"state\":\"pending\"", "\"state\":{\"a\":{\"b\":{\"c\":1}}}"));
        JsonNode state = json(shallow.describeSchema(EC2, null).content()).at("/components/schemas/State");
        assertEquals(json("{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"object\"}}}"), state);
        assertEquals(1, shallow.counts().depthOverLimit());

        // two versions kept: the oldest are forgotten, numbering goes on
        SchemaRegistry versions = SchemaRegistry.builder().clock(clock).maxVersionsPerSchema(2).build();
        for (String field : List.of("w", "x", "y", "z")) {
            versions.observe(SampleEvents.EC2_STATE_CHANGE.replace("\"state\":", "\"" + field + "\":1,\"state\":"));
        }
        assertEquals("4", versions.describeSchema(EC2, null).schemaVersion());
        assertEquals("3", versions.describeSchema(EC2, "3").schemaVersion());
        NoSuchElementException gone = assertThrows(NoSuchElementException.class, () -> versions.describeSchema(EC2, "1"));
        assertEquals("Schema " + EC2 + " has no version 1 (versions kept: 3 to 4)", gone.getMessage());
        assertEquals(2, versions.counts().versionsOverLimit());
        assertEquals(2, versions.listSchemas(null).get(0).versionCount());
    }

    @Test
    void unknownSchemasTypesAndLanguagesAreRefusedByName() {
        SchemaRegistry registry = registry();
        registry.observe(SampleEvents.EC2_STATE_CHANGE);
        assertEquals("Schema with name aws.ec2@Nothing does not exist in registry discovered-schemas",
                assertThrows(NoSuchElementException.class, () -> registry.describeSchema("aws.ec2@Nothing", null)).getMessage());
        assertEquals("Invalid type 'OpenApi3': a schema is exported as JSONSchemaDraft4 only",
                assertThrows(IllegalArgumentException.class, () -> registry.exportSchema(EC2, null, "OpenApi3")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry.codeBindingSource(EC2, null, "Java8")).getMessage()
                .startsWith("Invalid language 'Java8': Monitor generates code bindings in Java17"));
        assertThrows(IllegalArgumentException.class, () -> SchemaRegistry.builder().maxSchemas(0));
    }

    @Test
    void schemasPersistUnderTheDataDirectoryAndARegistryOverItContinuesThem() throws Exception {
        DataLayout layout = new DataLayout(dir);
        SchemaRegistry first = SchemaRegistry.builder().clock(clock).dataLayout(layout).build();
        first.observe(SampleEvents.EC2_STATE_CHANGE);
        first.observe(SampleEvents.CLOUDTRAIL_API_CALL);
        Path file = dir.resolve("events/schemas/discovered-schemas/" + EC2 + ".json");
        assertEquals(file, layout.eventSchemaFile("discovered-schemas", EC2));
        assertTrue(Files.isRegularFile(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(2, files.filter(f -> !f.toString().endsWith(".tmp")).count());
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(0, files.filter(f -> f.toString().endsWith(".tmp")).count(), "temporary files are moved over the schema files");
        }

        SchemaRegistry read = SchemaRegistry.read(layout);
        assertEquals(first.listSchemas(null), read.listSchemas(null));
        assertEquals(first.describeSchema(EC2, null), read.describeSchema(EC2, null));
        assertEquals(first.exportSchema("aws.s3@AWSAPICallViaCloudTrail", null, "JSONSchemaDraft4"),
                read.exportSchema("aws.s3@AWSAPICallViaCloudTrail", null, "JSONSchemaDraft4"));

        clock.advance(Duration.ofHours(1));
        SchemaRegistry again = SchemaRegistry.builder().clock(clock).dataLayout(layout).build();
        again.observe(SampleEvents.EC2_STATE_CHANGE);
        again.observe(SampleEvents.CLOUDTRAIL_API_CALL);
        assertEquals(first.listSchemas(null), again.listSchemas(null), "the same events are nothing new after a restart");
        again.observe(SampleEvents.EC2_STATE_CHANGE.replace("\"state\":", "\"reason\":\"user\",\"state\":"));
        assertEquals("2", SchemaRegistry.read(layout).describeSchema(EC2, null).schemaVersion());
        assertEquals(Instant.parse("2026-12-02T11:00:00Z"), SchemaRegistry.read(layout).describeSchema(EC2, null).versionCreatedDate());
        assertEquals("1", SchemaRegistry.read(layout).describeSchema(EC2, "1").schemaVersion());
    }

    @Test
    void schemaFilesAndTheirFoldersAreTheOwnersOnlyAsTheRestOfTheDataDirectory() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        DataLayout layout = new DataLayout(dir);
        SchemaRegistry.builder().clock(clock).dataLayout(layout).build().observe(SampleEvents.EC2_STATE_CHANGE);
        Path file = layout.eventSchemaFile("discovered-schemas", EC2);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        for (Path folder = file.getParent(); !folder.equals(dir); folder = folder.getParent()) {
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)),
                    folder.toString());
        }
    }

    @Test
    void aDamagedSchemaFileIsNamedAndTheOthersAreRead() throws Exception {
        DataLayout layout = new DataLayout(dir);
        SchemaRegistry registry = SchemaRegistry.builder().clock(clock).dataLayout(layout).build();
        registry.observe(SampleEvents.EC2_STATE_CHANGE);
        Path damaged = layout.eventSchemaFile("discovered-schemas", "aws.s3@AWSAPICallViaCloudTrail");
        Files.writeString(damaged, "{\"SchemaName\": \"aws.s3@AWSAPICallViaCloudTrail\"");
        SchemaRegistry read = SchemaRegistry.read(layout);
        assertEquals(List.of(EC2), read.listSchemas(null).stream().map(SchemaSummary::schemaName).toList());
        assertEquals(1, read.unreadableFiles().size());
        assertTrue(read.unreadableFiles().get(0).startsWith(damaged + ": "), read.unreadableFiles().toString());
    }

    /** Monitor's own metrics as a test sees them: every counter's total by name and dimensions. */
    private static final class RecordingMetrics implements Metrics {
        final Map<String, Double> totals = new ConcurrentHashMap<>();
        private final Metrics noop = Metrics.noop();

        @Override
        public Counter counter(String name, String... dimensionPairs) {
            String key = name + java.util.Arrays.toString(dimensionPairs);
            return new Counter() {
                @Override
                public void increment() {
                    increment(1);
                }

                @Override
                public void increment(double amount) {
                    totals.merge(key, amount, Double::sum);
                }
            };
        }

        @Override
        public CounterBuilder counterBuilder(String name) {
            return noop.counterBuilder(name);
        }

        @Override
        public GaugeBuilder gaugeBuilder(String name) {
            return noop.gaugeBuilder(name);
        }

        @Override
        public TimerBuilder timerBuilder(String name) {
            return noop.timerBuilder(name);
        }

        @Override
        public DistributionBuilder distributionBuilder(String name) {
            return noop.distributionBuilder(name);
        }

        @Override
        public Gauge gauge(String name, String... dimensionPairs) {
            return noop.gauge(name, dimensionPairs);
        }

        @Override
        public Timer timer(String name, String... dimensionPairs) {
            return noop.timer(name, dimensionPairs);
        }

        @Override
        public Distribution distribution(String name, String... dimensionPairs) {
            return noop.distribution(name, dimensionPairs);
        }
    }

    @Test
    void whatIsLeftOutIsCountedInMonitorDropped() {
        RecordingMetrics self = new RecordingMetrics();
        SchemaRegistry registry = SchemaRegistry.builder().clock(clock).selfMetrics(self).maxSchemas(1).maxFieldsPerSchema(11).build();
        registry.observe(SampleEvents.EC2_STATE_CHANGE);
        registry.observe(SampleEvents.EC2_STATE_CHANGE.replace("\"state\":", "\"x\":1,\"y\":2,\"state\":"));
        registry.observe(SampleEvents.CLOUDFORMATION_STACK_STATUS);
        registry.observe("{}");
        assertEquals(Map.of("Dropped[Signal, Events, Reason, FieldsOverLimit]", 2.0, "Dropped[Signal, Events, Reason, SchemasOverLimit]", 1.0,
                "Dropped[Signal, Events, Reason, InvalidEvent]", 1.0), self.totals);
        assertEquals(new DiscoveryCounts(1, 1, 2, 0, 0, 0, 0), registry.counts());
    }

    @Test
    void aFileThatCannotBeWrittenIsCountedAndObservingGoesOn() throws Exception {
        Files.writeString(dir.resolve("events"), "a file where the events folder should be");
        SchemaRegistry registry = SchemaRegistry.builder().clock(clock).dataLayout(new DataLayout(dir)).build();
        registry.observe(SampleEvents.EC2_STATE_CHANGE);
        assertEquals(1, registry.counts().notPersisted());
        assertEquals("1", registry.describeSchema(EC2, null).schemaVersion(), "the schema is kept in memory");
    }

    /** The bus may deliver on several threads: the schemas are those of observing the events one by one. */
    @Test
    void observersOnSeveralThreadsGiveTheSchemasOfOneObserver() throws Exception {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ObjectNode event = (ObjectNode) json(i % 2 == 0 ? SampleEvents.EC2_STATE_CHANGE : SampleEvents.CLOUDTRAIL_API_CALL);
            ((ObjectNode) event.get("detail")).put("f" + (i % 17), i % 3 == 0 ? "text" : Integer.toString(i));
            events.add(event.toString());
        }
        SchemaRegistry one = registry();
        events.forEach(one::observe);
        SchemaRegistry shared = registry();
        Collections.shuffle(events, new Random(7));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<String> share = events.subList(t * 50, t * 50 + 50);
                done.add(threads.submit(() -> share.forEach(shared::observe)));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        for (SchemaSummary summary : one.listSchemas(null)) {
            assertEquals(one.describeSchema(summary.schemaName(), null).content(), shared.describeSchema(summary.schemaName(), null).content());
        }
        assertEquals(2, shared.listSchemas(null).size());
    }

    /** A fault inside discovery (here the clock's) is counted, never thrown at the bus, and the version comes with the next event. */
    @Test
    void aFailureInsideObservingIsCountedAndTheVersionFollowsWithTheNextEvent() {
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.time.Clock failingOnce = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                if (broken.getAndSet(false)) {
                    throw new IllegalStateException("the clock is broken");
                }
                return clock.instant();
            }
        };
        SchemaRegistry registry = SchemaRegistry.builder().clock(failingOnce).build();
        registry.observe(SampleEvents.EC2_STATE_CHANGE);
        assertEquals(1, registry.counts().failedEvents());
        assertEquals(List.of(), registry.listSchemas(null));
        registry.observe(SampleEvents.EC2_STATE_CHANGE);
        assertEquals("1", registry.describeSchema(EC2, null).schemaVersion());
        assertTrue(registry.describeSchema(EC2, null).content().contains("instance-id"));
    }
}
