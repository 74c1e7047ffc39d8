package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor dashboards put-dashboard | get-dashboard | list-dashboards | delete-dashboards} answering as
 * {@code aws cloudwatch ...} does (https://docs.aws.amazon.com/cli/latest/reference/cloudwatch/put-dashboard.html and its
 * siblings: botocore's output shapes; a service error printed as the AWS CLI prints one, exit 254; a command line it
 * cannot use, exit 252, https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-returncodes.html).
 */
class DashboardsCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "{\"widgets\":[{\"type\":\"text\",\"x\":0,\"y\":0,\"width\":24,\"height\":2,"
            + "\"properties\":{\"markdown\":\"# Shop\"}}]}";

    @TempDir
    Path dir;

    private CliRun run(int status, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dir.toString()));
        CliRun cli = new CliRun();
        assertEquals(status, cli.run(all.toArray(String[]::new)), cli.err() + cli.out());
        return cli;
    }

    @Test
    void putGetListDeleteAnswerAsTheAwsCli() throws Exception {
        CliRun put = run(0, "dashboards", "put-dashboard", "--dashboard-name", "Shop", "--dashboard-body", BODY);
        assertEquals("{\n    \"DashboardValidationMessages\": []\n}\n", put.out());
        Path file = Files.writeString(dir.resolve("ops-body.json"), "{\"widgets\":[]}");
        run(0, "dashboards", "put-dashboard", "--dashboard-name", "Ops", "--dashboard-body", "file://" + file);

        CliRun get = run(0, "dashboards", "get-dashboard", "--dashboard-name", "Shop", "--account", "123456789012");
        assertEquals("{\n    \"DashboardArn\": \"arn:aws:cloudwatch::123456789012:dashboard/Shop\",\n    \"DashboardBody\": "
                + JSON.writeValueAsString(BODY) + ",\n    \"DashboardName\": \"Shop\"\n}\n", get.out());

        JsonNode list = JSON.readTree(run(0, "dashboards", "list-dashboards").out());
        assertEquals(2, list.get("DashboardEntries").size());
        JsonNode ops = list.get("DashboardEntries").get(0);
        assertEquals(List.of("DashboardName", "DashboardArn", "LastModified", "Size"), iterable(ops));
        assertEquals("Ops", ops.get("DashboardName").asText());
        assertEquals("arn:aws:cloudwatch::000000000000:dashboard/Ops", ops.get("DashboardArn").asText());
        assertEquals(14, ops.get("Size").asInt());
        assertTrue(ops.get("LastModified").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\+00:00"),
                ops.get("LastModified").asText());
        JsonNode prefixed = JSON.readTree(run(0, "dashboards", "list-dashboards", "--dashboard-name-prefix", "Sh").out());
        assertEquals("Shop", prefixed.get("DashboardEntries").get(0).get("DashboardName").asText());
        assertEquals(1, prefixed.get("DashboardEntries").size());

        CliRun delete = run(0, "dashboards", "delete-dashboards", "--dashboard-names", "Shop", "Ops");
        assertEquals("", delete.out());
        assertEquals("{\n    \"DashboardEntries\": []\n}\n", run(0, "dashboards", "list-dashboards").out());
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aBadBodyIsAServiceErrorWithPutDashboardsMessages() {
        CliRun put = run(254, "dashboards", "put-dashboard", "--dashboard-name", "Shop", "--dashboard-body",
                "{\"widgets\":[{\"type\":\"metric\",\"properties\":{\"metrics\":[[\"AWS/DMS\",\"CDCIncomingChanges\",{\"stat\":\"Sum\"},\"x\"]]}}]}");
        assertEquals("""
                monitor: error: An error occurred (InvalidParameterInput) when calling the PutDashboard operation: \
                The dashboard body is invalid, there are 1 validation errors:
                [
                  {
                    "dataPath": "/widgets/0/properties/metrics/0/2",
                    "message": "Invalid metric field type, only 'String' type is allowed"
                  }
                ]
                """, put.err());
        CliRun notJson = run(254, "dashboards", "put-dashboard", "--dashboard-name", "Shop", "--dashboard-body", "{widgets:");
        assertEquals("monitor: error: An error occurred (InvalidParameterInput) when calling the PutDashboard operation: "
                + "The field DashboardBody must be a valid JSON object\n", notJson.err());
        CliRun badName = run(254, "dashboards", "put-dashboard", "--dashboard-name", "my shop", "--dashboard-body", BODY);
        assertTrue(badName.err().contains("(InvalidParameterInput) when calling the PutDashboard operation: The value for field "
                + "DashboardName contains invalid characters."), badName.err());
    }

    @Test
    void aMissingDashboardIsResourceNotFound() {
        CliRun get = run(254, "dashboards", "get-dashboard", "--dashboard-name", "Nope");
        assertEquals("monitor: error: An error occurred (ResourceNotFound) when calling the GetDashboard operation: "
                + "Dashboard Nope does not exist\n", get.err());
        run(254, "dashboards", "delete-dashboards", "--dashboard-names", "Nope");
    }

    @Test
    void aCommandLineItCannotUseExits252() {
        CliRun missing = run(252, "dashboards", "put-dashboard", "--dashboard-name", "Shop");
        assertTrue(missing.err().contains("Missing required option: '--dashboard-body=JSON'"), missing.err());
        CliRun noFile = run(252, "dashboards", "put-dashboard", "--dashboard-name", "Shop", "--dashboard-body",
                "file://" + dir.resolve("nowhere.json"));
        assertTrue(noFile.err().startsWith("monitor: error: Error parsing parameter '--dashboard-body': Unable to load paramfile file://"),
                noFile.err());
    }
}
