package dev.monitor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.events.schemas.SchemaDescription;
import dev.monitor.core.events.schemas.SchemaRegistry;
import dev.monitor.core.events.schemas.SchemaSummary;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.internal.AwsCliTime;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code monitor events list-schemas | describe-schema | export-schema | get-code-binding}: the verbs of
 * {@code aws schemas} over the schemas a monitor discovered from its events, answering in the AWS CLI's
 * shapes (botocore's ListSchemas, DescribeSchema, ExportSchema, GetCodeBindingSource). A schema or version
 * that does not exist, or a type or language the registry does not offer, is the service error it is in
 * AWS: {@code An error occurred (NotFoundException) when calling the DescribeSchema operation: ...}, exit
 * 254 as the AWS CLI's (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-returncodes.html).
 */
final class SchemaCommands {
    /** The AWS CLI's exit status when the service answered with an error. */
    static final int SERVICE_ERROR = 254;
    private static final String SCHEMA_FILES = "schema files (events/schemas/discovered-schemas/*.json)";

    private SchemaCommands() {
    }

    /** Where the schemas are, and which registry. */
    static final class Registry {
        @Option(names = "--data-dir", defaultValue = "monitor-data", description = "The monitor's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--registry-name", defaultValue = SchemaRegistry.REGISTRY_NAME, paramLabel = "NAME",
                description = "The registry; Monitor discovers schemas into ${DEFAULT-VALUE} (the default).")
        String registryName;

        /** The registry read from the data directory, or null after printing why there is none to read. */
        SchemaRegistry read(CommandLine.Model.CommandSpec spec, String operation) {
            Path folder = new DataLayout(dataDir).eventSchemaRegistry(SchemaRegistry.REGISTRY_NAME);
            if (!SchemaRegistry.REGISTRY_NAME.equals(registryName)) {
                serviceError(spec, "NotFoundException", operation, "Registry with name " + registryName + " does not exist: Monitor keeps "
                        + "the schemas it discovers in " + SchemaRegistry.REGISTRY_NAME);
                return null;
            }
            String nothing = Output.nothingToRead(folder, SCHEMA_FILES, file -> DataLayout.isEventSchemaFile(file.getFileName().toString()));
            if (nothing != null) {
                Output.usageError(spec, nothing);
                return null;
            }
            SchemaRegistry registry = SchemaRegistry.read(new DataLayout(dataDir));
            Output.skipped(spec, registry.unreadableFiles());
            return registry;
        }
    }

    /** Prints an error the way the AWS CLI prints a service's; returns 254. */
    static int serviceError(CommandLine.Model.CommandSpec spec, String code, String operation, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("monitor: error: An error occurred (" + code + ") when calling the " + operation + " operation: " + message);
        err.flush();
        return SERVICE_ERROR;
    }

    /** Runs {@code answer} and turns the registry's refusals into service errors. */
    private static int answer(CommandLine.Model.CommandSpec spec, String operation, Callable<Integer> answer) throws Exception {
        try {
            return answer.call();
        } catch (NoSuchElementException e) {
            return serviceError(spec, "NotFoundException", operation, e.getMessage());
        } catch (IllegalArgumentException e) {
            return serviceError(spec, "BadRequestException", operation, e.getMessage());
        }
    }

    @Command(name = "list-schemas", mixinStandardHelpOptions = true,
            description = "The schemas discovered from the monitor's events, as aws schemas list-schemas answers.")
    static final class ListSchemas implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Registry registry;

        @Option(names = "--schema-name-prefix", paramLabel = "PREFIX", description = "Only the schemas whose name starts with this.")
        String prefix;

        @Override
        public Integer call() throws Exception {
            SchemaRegistry read = registry.read(spec, "ListSchemas");
            if (read == null) {
                return lastStatus(registry);
            }
            ObjectNode answer = Output.JSON.createObjectNode();
            ArrayNode schemas = answer.putArray("Schemas");
            for (SchemaSummary summary : read.listSchemas(prefix)) {
                ObjectNode schema = schemas.addObject();
                schema.put("LastModified", AwsCliTime.format(summary.lastModified()));
                schema.put("SchemaArn", summary.schemaArn());
                schema.put("SchemaName", summary.schemaName());
                schema.putObject("Tags");
                schema.put("VersionCount", summary.versionCount());
            }
            return Output.json(spec, answer);
        }
    }

    /** The status a failed {@link Registry#read} printed: a registry that is not Monitor's is a service error. */
    private static int lastStatus(Registry registry) {
        return SchemaRegistry.REGISTRY_NAME.equals(registry.registryName) ? MonitorCli.USAGE_ERROR : SERVICE_ERROR;
    }

    /** The options naming one version of one schema. */
    static final class Version {
        @Option(names = "--schema-name", required = true, paramLabel = "NAME",
                description = "The schema, such as aws.ec2@EC2InstanceStateChangeNotification.")
        String schemaName;

        @Option(names = "--schema-version", paramLabel = "VERSION", description = "The version (\"1\", \"2\", ...); default: the latest.")
        String schemaVersion;
    }

    @Command(name = "describe-schema", mixinStandardHelpOptions = true,
            description = "A schema's version in OpenAPI 3, as aws schemas describe-schema answers.")
    static final class DescribeSchema implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Registry registry;

        @Mixin
        Version version;

        @Override
        public Integer call() throws Exception {
            SchemaRegistry read = registry.read(spec, "DescribeSchema");
            if (read == null) {
                return lastStatus(registry);
            }
            return answer(spec, "DescribeSchema", () -> {
                SchemaDescription schema = read.describeSchema(version.schemaName, version.schemaVersion);
                ObjectNode answer = Output.JSON.createObjectNode();
                answer.put("Content", schema.content());
                answer.put("LastModified", AwsCliTime.format(schema.lastModified()));
                answer.put("SchemaArn", schema.schemaArn());
                answer.put("SchemaName", schema.schemaName());
                answer.put("SchemaVersion", schema.schemaVersion());
                answer.putObject("Tags");
                answer.put("Type", schema.type());
                answer.put("VersionCreatedDate", AwsCliTime.format(schema.versionCreatedDate()));
                return Output.json(spec, answer);
            });
        }
    }

    @Command(name = "export-schema", mixinStandardHelpOptions = true,
            description = "A schema's version as JSON Schema draft-04, as aws schemas export-schema answers.")
    static final class ExportSchema implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Registry registry;

        @Mixin
        Version version;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "The format: JSONSchemaDraft4, the one the registry exports.")
        String type;

        @Override
        public Integer call() throws Exception {
            SchemaRegistry read = registry.read(spec, "ExportSchema");
            if (read == null) {
                return lastStatus(registry);
            }
            return answer(spec, "ExportSchema", () -> {
                SchemaDescription schema = read.exportSchema(version.schemaName, version.schemaVersion, type);
                ObjectNode answer = Output.JSON.createObjectNode();
                answer.put("Content", schema.content());
                answer.put("SchemaArn", schema.schemaArn());
                answer.put("SchemaName", schema.schemaName());
                answer.put("SchemaVersion", schema.schemaVersion());
                answer.put("Type", schema.type());
                return Output.json(spec, answer);
            });
        }
    }

    @Command(name = "get-code-binding", mixinStandardHelpOptions = true,
            description = {"The source of a schema's code binding: Java 17 records with Jackson annotations (AWSEvent.java).",
                "Printed, or written to --outfile."})
    static final class GetCodeBinding implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Registry registry;

        @Mixin
        Version version;

        @Option(names = "--language", required = true, paramLabel = "LANGUAGE", description = "Java17, the language Monitor generates.")
        String language;

        @Option(names = "--outfile", paramLabel = "FILE", description = "Write the source to this file (printing nothing), as AWS writes it.")
        Path outfile;

        @Override
        public Integer call() throws Exception {
            SchemaRegistry read = registry.read(spec, "GetCodeBindingSource");
            if (read == null) {
                return lastStatus(registry);
            }
            return answer(spec, "GetCodeBindingSource", () -> {
                String source = read.codeBindingSource(version.schemaName, version.schemaVersion, language);
                if (outfile == null) {
                    PrintWriter out = spec.commandLine().getOut();
                    out.print(source);
                    out.flush();
                } else {
                    Path parent = outfile.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    Files.writeString(outfile, source, StandardCharsets.UTF_8);
                }
                return 0;
            });
        }
    }
}
