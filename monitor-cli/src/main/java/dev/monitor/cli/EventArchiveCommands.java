package dev.monitor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.events.archive.internal.ArchiveFiles;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.JsonLinesReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code monitor events list-archives | list-dead-letters}: what a monitor's event buses kept under
 * {@code <data-dir>/events}. {@code list-archives} answers as {@code aws events list-archives} (botocore's
 * ListArchives: {@code {"Archives": [{"ArchiveName", "EventSourceArn", "State", "RetentionDays",
 * "SizeBytes", "EventCount", "CreationTime"}]}}); {@code list-dead-letters} answers as
 * {@code aws sqs receive-message} on a rule's dead-letter queue would: each undelivered event is a
 * message whose {@code Body} is the event and whose {@code MessageAttributes} are the ones EventBridge
 * sets on a dead-lettered event ({@code RULE_ARN}, {@code TARGET_ARN}, {@code ERROR_CODE},
 * {@code ERROR_MESSAGE}, {@code EXHAUSTED_RETRY_CONDITION}, {@code RETRY_ATTEMPTS}).
 */
final class EventArchiveCommands {
    private static final String[] STRING_ATTRIBUTES = {"RULE_ARN", "TARGET_ARN", "ERROR_CODE", "ERROR_MESSAGE", "EXHAUSTED_RETRY_CONDITION"};

    private EventArchiveCommands() {
    }

    /** The problem when {@code dataDir} is no directory, else null. */
    private static String noDataDir(Path dataDir) {
        return Files.isDirectory(dataDir) ? null : "the data directory " + dataDir.toAbsolutePath().normalize()
                + " does not exist (is --data-dir the monitor's data directory?)";
    }

    @Command(name = "list-archives", mixinStandardHelpOptions = true,
            description = "The event archives under <data-dir>/events/archives, as aws events list-archives answers.")
    static final class ListArchives implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "monitor-data", description = "The monitor's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--name-prefix", paramLabel = "PREFIX", description = "Only the archives whose name starts with this.")
        String namePrefix;

        @Override
        public Integer call() throws Exception {
            String problem = noDataDir(dataDir);
            if (problem != null) {
                return Output.usageError(spec, problem);
            }
            List<String> problems = new ArrayList<>();
            String answer = ArchiveFiles.listArchivesJson(new DataLayout(dataDir), namePrefix, problems::add);
            Output.skipped(spec, problems);
            return Output.json(spec, Output.JSON.readTree(answer));
        }
    }

    @Command(name = "list-dead-letters", mixinStandardHelpOptions = true,
            description = {"The events rules could not deliver, from <data-dir>/events/dead-letters (each rule's",
                    "<rule>.jsonl.1, then <rule>.jsonl),",
                    "as aws sqs receive-message answers for a dead-letter queue."})
    static final class ListDeadLetters implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "monitor-data", description = "The monitor's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--event-bus-name", paramLabel = "BUS", description = "Only this bus's rules (default: every bus).")
        String bus;

        @Option(names = "--rule-name", paramLabel = "RULE", description = "Only this rule's dead letters.")
        String rule;

        @Override
        public Integer call() throws Exception {
            String problem = noDataDir(dataDir);
            if (problem != null) {
                return Output.usageError(spec, problem);
            }
            DataLayout layout = new DataLayout(dataDir);
            ObjectNode answer = Output.JSON.createObjectNode();
            ArrayNode messages = answer.putArray("Messages");
            List<String> problems = new ArrayList<>();
            JsonLinesReader reader = new JsonLinesReader();
            for (Path busFolder : sorted(layout.eventDeadLetters())) {
                String busName = DataLayout.nameOfFolder(busFolder.getFileName().toString());
                if (!Files.isDirectory(busFolder) || bus != null && !bus.equals(busName)) {
                    continue;
                }
                for (Path file : sorted(busFolder)) {
                    String fileName = file.getFileName().toString();
                    if (!fileName.endsWith(".jsonl")) {
                        continue;
                    }
                    String ruleName = DataLayout.nameOfFolder(fileName.substring(0, fileName.length() - ".jsonl".length()));
                    if (rule != null && !rule.equals(ruleName)) {
                        continue;
                    }
                    Path previous = file.resolveSibling(fileName + ".1"); // the older lines, kept when the file reached its size cap
                    if (Files.isRegularFile(previous)) {
                        reader.read(previous, dataDir.relativize(previous).toString(), (number, text) -> messages.add(message(text)), problems::add);
                    }
                    reader.read(file, dataDir.relativize(file).toString(), (number, text) -> messages.add(message(text)), problems::add);
                }
            }
            Output.skipped(spec, problems);
            return Output.json(spec, answer);
        }

        /** One dead-letter line as an SQS message. */
        private static ObjectNode message(String line) throws IOException {
            JsonNode letter = Output.JSON.readTree(line);
            if (letter == null || !letter.has("event")) {
                throw new IllegalArgumentException("not a dead letter: it has no \"event\"");
            }
            ObjectNode message = Output.JSON.createObjectNode();
            message.put("MessageId", UUID.nameUUIDFromBytes(line.getBytes(StandardCharsets.UTF_8)).toString());
            message.put("Body", letter.get("event").toString());
            if (letter.path("time").isTextual()) {
                message.putObject("Attributes").put("SentTimestamp", Long.toString(Instant.parse(letter.get("time").asText()).toEpochMilli()));
            }
            ObjectNode attributes = message.putObject("MessageAttributes");
            for (String name : STRING_ATTRIBUTES) {
                if (letter.path(name).isTextual()) {
                    attributes.putObject(name).put("StringValue", letter.get(name).asText()).put("DataType", "String");
                }
            }
            if (letter.has("RETRY_ATTEMPTS")) {
                attributes.putObject("RETRY_ATTEMPTS").put("StringValue", letter.get("RETRY_ATTEMPTS").asText()).put("DataType", "Number");
            }
            return message;
        }

        private static List<Path> sorted(Path folder) throws IOException {
            TreeMap<String, Path> entries = new TreeMap<>();
            if (!Files.isDirectory(folder)) {
                return List.of();
            }
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
                stream.forEach(entry -> entries.put(entry.getFileName().toString(), entry));
            }
            return List.copyOf(entries.values());
        }
    }
}
