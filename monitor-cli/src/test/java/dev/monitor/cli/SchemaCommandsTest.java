package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.events.schemas.SchemaRegistry;
import dev.monitor.core.files.DataLayout;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor events list-schemas | describe-schema | export-schema | get-code-binding} over the
 * schemas a registry persisted, answering as {@code aws schemas ...} does
 * (https://docs.aws.amazon.com/cli/latest/reference/schemas/index.html: the shapes of botocore's schemas
 * model, timestamps as the AWS CLI prints them, service errors with exit status 254).
 */
class SchemaCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EC2 = "aws.ec2@EC2InstanceStateChangeNotification";
    private static final String EC2_EVENT = """
            {"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"EC2 Instance State-change Notification",
             "source":"aws.ec2","account":"123456789012","time":"2021-11-11T21:29:54Z","region":"us-east-1",
             "resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
             "detail":{"instance-id":"i-abcd1111","state":"pending"}}
            """;

    @TempDir
    Path dir;

    /** Two schemas, the EC2 one in two versions, written by a registry as an application's bus would. */
    private SchemaRegistry writeSchemas() {
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        SchemaRegistry registry = SchemaRegistry.builder().clock(clock).dataLayout(new DataLayout(dir)).build();
        registry.observe(EC2_EVENT);
        registry.observe(EC2_EVENT.replace("\"source\":\"aws.ec2\"", "\"source\":\"shop.orders\"")
                .replace("EC2 Instance State-change Notification", "Order Placed"));
        clock.advance(Duration.ofMinutes(5));
        registry.observe(EC2_EVENT.replace("\"state\":", "\"reason\":\"user\",\"state\":"));
        return registry;
    }

    private CliRun run(int status, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dir.toString()));
        CliRun cli = new CliRun();
        assertEquals(status, cli.run(all.toArray(String[]::new)), cli.err() + cli.out());
        return cli;
    }

    @Test
    void listSchemasAnswersAsTheAwsCli() throws Exception {
        writeSchemas();
        CliRun cli = run(0, "events", "list-schemas");
        assertEquals("""
                {
                    "Schemas": [
                        {
                            "LastModified": "2026-12-02T10:05:00+00:00",
                            "SchemaArn": "arn:aws:schemas:us-east-1:123456789012:schema/discovered-schemas/aws.ec2@EC2InstanceStateChangeNotification",
                            "SchemaName": "aws.ec2@EC2InstanceStateChangeNotification",
                            "Tags": {},
                            "VersionCount": 2
                        },
                        {
                            "LastModified": "2026-12-02T10:00:00+00:00",
                            "SchemaArn": "arn:aws:schemas:us-east-1:123456789012:schema/discovered-schemas/shop.orders@OrderPlaced",
                            "SchemaName": "shop.orders@OrderPlaced",
                            "Tags": {},
                            "VersionCount": 1
                        }
                    ]
                }
                """, cli.out());
        assertEquals("", cli.err());
        JsonNode prefixed = JSON.readTree(run(0, "events", "list-schemas", "--schema-name-prefix", "shop.").out());
        assertEquals(1, prefixed.get("Schemas").size());
        assertEquals("shop.orders@OrderPlaced", prefixed.at("/Schemas/0/SchemaName").asText());
    }

    @Test
    void describeSchemaAnswersTheLatestOrTheAskedVersion() throws Exception {
        SchemaRegistry registry = writeSchemas();
        JsonNode latest = JSON.readTree(run(0, "events", "describe-schema", "--schema-name", EC2).out());
        List<String> keys = new ArrayList<>();
        latest.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("Content", "LastModified", "SchemaArn", "SchemaName", "SchemaVersion", "Tags", "Type", "VersionCreatedDate"), keys);
        assertEquals("2", latest.get("SchemaVersion").asText());
        assertEquals("OpenApi3", latest.get("Type").asText());
        assertEquals("2026-12-02T10:05:00+00:00", latest.get("VersionCreatedDate").asText());
        assertEquals(registry.describeSchema(EC2, null).content(), latest.get("Content").asText());
        JsonNode content = JSON.readTree(latest.get("Content").asText());
        assertEquals("aws.ec2", content.at("/components/schemas/AWSEvent/x-amazon-events-source").asText());
        assertTrue(content.at("/components/schemas/EC2InstanceStateChangeNotification/properties").has("reason"));

        JsonNode first = JSON.readTree(run(0, "events", "describe-schema", "--schema-name", EC2, "--schema-version", "1").out());
        assertEquals("1", first.get("SchemaVersion").asText());
        assertEquals("2026-12-02T10:00:00+00:00", first.get("VersionCreatedDate").asText());
        assertEquals("2026-12-02T10:05:00+00:00", first.get("LastModified").asText());
        assertTrue(!first.get("Content").asText().contains("reason"));
    }

    @Test
    void exportSchemaAnswersJsonSchemaDraft4() throws Exception {
        SchemaRegistry registry = writeSchemas();
        JsonNode export = JSON.readTree(run(0, "events", "export-schema", "--schema-name", EC2, "--type", "JSONSchemaDraft4").out());
        List<String> keys = new ArrayList<>();
        export.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("Content", "SchemaArn", "SchemaName", "SchemaVersion", "Type"), keys);
        assertEquals("JSONSchemaDraft4", export.get("Type").asText());
        assertEquals(registry.exportSchema(EC2, null, "JSONSchemaDraft4").content(), export.get("Content").asText());
        assertEquals("http://json-schema.org/draft-04/schema#", JSON.readTree(export.get("Content").asText()).get("$schema").asText());

        CliRun openApi = run(254, "events", "export-schema", "--schema-name", EC2, "--type", "OpenApi3");
        assertEquals("monitor: error: An error occurred (BadRequestException) when calling the ExportSchema operation: "
                + "Invalid type 'OpenApi3': a schema is exported as JSONSchemaDraft4 only\n", openApi.err());
        CliRun noType = run(252, "events", "export-schema", "--schema-name", EC2);
        assertTrue(noType.err().contains("Missing required option: '--type=TYPE'"), noType.err());
    }

    @Test
    void getCodeBindingPrintsOrWritesTheJavaSource() throws Exception {
        SchemaRegistry registry = writeSchemas();
        CliRun printed = run(0, "events", "get-code-binding", "--schema-name", EC2, "--language", "Java17");
        assertEquals(registry.codeBindingSource(EC2, null, "Java17"), printed.out());
        assertTrue(printed.out().startsWith("package schema.aws.ec2.ec2instancestatechangenotification;\n"), printed.out());
        assertTrue(printed.out().contains("@JsonProperty(\"detail-type\") String detailType"), printed.out());

        Path file = dir.resolve("src/AWSEvent.java");
        CliRun written = run(0, "events", "get-code-binding", "--schema-name", EC2, "--schema-version", "1", "--language", "Java17",
                "--outfile", file.toString());
        assertEquals("", written.out());
        assertEquals(registry.codeBindingSource(EC2, "1", "Java17"), Files.readString(file));

        CliRun java8 = run(254, "events", "get-code-binding", "--schema-name", EC2, "--language", "Java8");
        assertTrue(java8.err().startsWith("monitor: error: An error occurred (BadRequestException) when calling the "
                + "GetCodeBindingSource operation: Invalid language 'Java8'"), java8.err());
    }

    @Test
    void aSchemaOrVersionThatDoesNotExistIsTheServicesNotFoundError() {
        writeSchemas();
        CliRun missing = run(254, "events", "describe-schema", "--schema-name", "aws.ec2@Nothing");
        assertEquals("monitor: error: An error occurred (NotFoundException) when calling the DescribeSchema operation: "
                + "Schema with name aws.ec2@Nothing does not exist in registry discovered-schemas\n", missing.err());
        assertEquals("", missing.out());
        CliRun version = run(254, "events", "export-schema", "--schema-name", EC2, "--schema-version", "9", "--type", "JSONSchemaDraft4");
        assertTrue(version.err().contains("(NotFoundException) when calling the ExportSchema operation: Schema " + EC2
                + " has no version 9 (versions kept: 1 to 2)"), version.err());
        CliRun registry = run(254, "events", "list-schemas", "--registry-name", "aws.events");
        assertTrue(registry.err().contains("(NotFoundException) when calling the ListSchemas operation: Registry with name aws.events"),
                registry.err());
        CliRun noName = run(252, "events", "describe-schema");
        assertTrue(noName.err().contains("Missing required option: '--schema-name=NAME'"), noName.err());
    }

    @Test
    void aDataDirWithoutSchemasIsAnErrorNamingTheFolder() throws Exception {
        CliRun missing = run(252, "events", "list-schemas");
        Path folder = dir.resolve("events/schemas/discovered-schemas").toAbsolutePath().normalize();
        assertEquals("monitor: error: no schema files (events/schemas/discovered-schemas/*.json) to read: the folder " + folder
                + " does not exist (is --data-dir the monitor's data directory?)\n", missing.err());
        Files.createDirectories(folder);
        CliRun empty = run(252, "events", "describe-schema", "--schema-name", EC2);
        assertTrue(empty.err().contains("to read: the folder " + folder + " holds none"), empty.err());
    }

    @Test
    void aDamagedSchemaFileIsSkippedWithAWarningAndTheOthersAnswer() throws Exception {
        writeSchemas();
        Path damaged = new DataLayout(dir).eventSchemaFile("discovered-schemas", "shop.orders@OrderPlaced");
        Files.writeString(damaged, "{\"SchemaName\": ");
        CliRun cli = run(0, "events", "list-schemas");
        assertTrue(cli.err().startsWith("monitor: warning: skipped " + damaged + ": "), cli.err());
        JsonNode answer = JSON.readTree(cli.out());
        assertEquals(1, answer.get("Schemas").size());
        assertEquals(EC2, answer.at("/Schemas/0/SchemaName").asText());
    }
}
