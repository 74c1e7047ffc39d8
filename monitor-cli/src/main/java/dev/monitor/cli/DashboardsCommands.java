package dev.monitor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.dashboard.DashboardDocument;
import dev.monitor.core.dashboard.DashboardEntry;
import dev.monitor.core.dashboard.DashboardInvalidInputException;
import dev.monitor.core.dashboard.DashboardNotFoundException;
import dev.monitor.core.dashboard.DashboardValidationMessage;
import dev.monitor.core.dashboard.internal.DashboardRegistry;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.internal.AwsCliTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code monitor dashboards put-dashboard | get-dashboard | list-dashboards | delete-dashboards}: the dashboard
 * verbs of {@code aws cloudwatch} over the dashboards under {@code <data-dir>/dashboards}, answering in the AWS
 * CLI's shapes (botocore's PutDashboard, GetDashboard, ListDashboards, DeleteDashboards). A body or name the
 * service refuses is printed as the AWS CLI prints a service error,
 * {@code An error occurred (InvalidParameterInput) when calling the PutDashboard operation: ...}, exit 254; a
 * command line it cannot use (a missing option, a {@code file://} body that cannot be read) exits 252.
 */
@Command(name = "dashboards", description = "CloudWatch dashboards under <data-dir>/dashboards, as aws cloudwatch's dashboard verbs.",
        subcommands = {DashboardsCommands.PutDashboard.class, DashboardsCommands.GetDashboard.class,
                DashboardsCommands.ListDashboards.class, DashboardsCommands.DeleteDashboards.class},
        mixinStandardHelpOptions = true)
final class DashboardsCommands {
    private DashboardsCommands() {
    }

    /** Where the dashboards are. */
    static final class Store {
        @Option(names = "--data-dir", defaultValue = "monitor-data", description = "The monitor's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--account", defaultValue = "000000000000", paramLabel = "ID",
                description = "The account of the dashboards' ARNs, as the monitor's account setting (default: ${DEFAULT-VALUE}).")
        String account;

        DashboardRegistry open() {
            return DashboardRegistry.of(new DataLayout(dataDir), Clock.systemUTC(), account);
        }
    }

    /** Runs {@code answer} and prints the service's refusals as the AWS CLI does. */
    private static int answer(CommandLine.Model.CommandSpec spec, String operation, Callable<Integer> answer) throws Exception {
        try {
            return answer.call();
        } catch (DashboardInvalidInputException e) {
            return SchemaCommands.serviceError(spec, e.code(), operation, e.getMessage());
        } catch (DashboardNotFoundException e) {
            return SchemaCommands.serviceError(spec, e.code(), operation, e.getMessage());
        }
    }

    @Command(name = "put-dashboard", mixinStandardHelpOptions = true,
            description = "Creates or replaces a dashboard, as aws cloudwatch put-dashboard: the body is checked as PutDashboard checks it.")
    static final class PutDashboard implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Store store;

        @Option(names = "--dashboard-name", required = true, paramLabel = "NAME",
                description = "Up to 255 characters of A-Z, a-z, 0-9, - and _.")
        String name;

        @Option(names = "--dashboard-body", required = true, paramLabel = "JSON",
                description = "The dashboard body's JSON, or file://PATH to read it from a file.")
        String body;

        @Override
        public Integer call() throws Exception {
            String text = body;
            if (body.startsWith("file://")) {
                Path file = Path.of(body.substring("file://".length()));
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    return Output.usageError(spec, "Error parsing parameter '--dashboard-body': Unable to load paramfile " + body
                            + ": No such file or directory: '" + file + "'");
                } catch (IOException e) {
                    return Output.usageError(spec, "Error parsing parameter '--dashboard-body': Unable to load paramfile " + body
                            + ": " + e.getMessage());
                }
            }
            String read = text;
            return answer(spec, "PutDashboard", () -> {
                List<DashboardValidationMessage> messages = store.open().putDashboard(name, read);
                ObjectNode answer = Output.JSON.createObjectNode();
                ArrayNode list = answer.putArray("DashboardValidationMessages");
                for (DashboardValidationMessage message : messages) {
                    list.addObject().put("DataPath", message.dataPath()).put("Message", message.message());
                }
                return Output.json(spec, answer);
            });
        }
    }

    @Command(name = "get-dashboard", mixinStandardHelpOptions = true,
            description = "A dashboard's ARN and body as put, as aws cloudwatch get-dashboard.")
    static final class GetDashboard implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Store store;

        @Option(names = "--dashboard-name", required = true, paramLabel = "NAME", description = "The dashboard.")
        String name;

        @Override
        public Integer call() throws Exception {
            return answer(spec, "GetDashboard", () -> {
                DashboardDocument dashboard = store.open().getDashboard(name);
                ObjectNode answer = Output.JSON.createObjectNode();
                answer.put("DashboardArn", dashboard.dashboardArn());
                answer.put("DashboardBody", dashboard.dashboardBody());
                answer.put("DashboardName", dashboard.dashboardName());
                return Output.json(spec, answer);
            });
        }
    }

    @Command(name = "list-dashboards", mixinStandardHelpOptions = true,
            description = "The dashboards, by name, as aws cloudwatch list-dashboards.")
    static final class ListDashboards implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Store store;

        @Option(names = "--dashboard-name-prefix", paramLabel = "PREFIX", description = "Only the dashboards whose name starts with this.")
        String prefix;

        @Override
        public Integer call() throws Exception {
            if (prefix != null && !prefix.matches("[A-Za-z0-9._-]{0,255}")) {
                return SchemaCommands.serviceError(spec, "InvalidParameterValue", "ListDashboards", "The value for field DashboardNamePrefix "
                        + "contains invalid characters. It can only contain alphanumerics, dot (.), dash (-) and underscore (_).");
            }
            ObjectNode answer = Output.JSON.createObjectNode();
            ArrayNode entries = answer.putArray("DashboardEntries");
            for (DashboardEntry entry : store.open().listDashboards(prefix)) {
                ObjectNode node = entries.addObject();
                node.put("DashboardName", entry.dashboardName());
                node.put("DashboardArn", entry.dashboardArn());
                node.put("LastModified", AwsCliTime.format(entry.lastModified()));
                node.put("Size", entry.size());
            }
            return Output.json(spec, answer);
        }
    }

    @Command(name = "delete-dashboards", mixinStandardHelpOptions = true,
            description = "Deletes dashboards, as aws cloudwatch delete-dashboards: as many of them as exist.")
    static final class DeleteDashboards implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Store store;

        @Option(names = "--dashboard-names", required = true, arity = "1..*", paramLabel = "NAME", description = "The dashboards (up to 100).")
        List<String> names;

        @Override
        public Integer call() throws Exception {
            if (names.size() > 100) {
                return Output.usageError(spec, "--dashboard-names: " + names.size() + " dashboards given; DeleteDashboards takes at most 100");
            }
            return answer(spec, "DeleteDashboards", () -> {
                store.open().deleteDashboards(names);
                return 0;
            });
        }
    }
}
