package dev.monitor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.events.patterns.EventPattern;
import dev.monitor.core.events.patterns.InvalidEventPatternException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The event-pattern verbs of {@code monitor events}. */
final class EventPatternCommands {
    private EventPatternCommands() {
    }

    /** {@code aws events test-event-pattern}, answered by Monitor's matcher. */
    @Command(name = "test-event-pattern", mixinStandardHelpOptions = true,
            description = {"Tests whether an event pattern matches an event, as TestEventPattern answers: {\"Result\": true}.",
                "With --events, tests every event of a JSON-lines file and answers {\"Results\": [...]} in their order.",
                "An invalid pattern exits 252 with AWS's message (\"Event pattern is not valid. Reason: ...\")."})
    static final class TestEventPattern implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--event-pattern", required = true, paramLabel = "PATTERN",
                description = "The pattern: inline JSON, or file://path to read it from a file.")
        String eventPattern;

        @CommandLine.ArgGroup(multiplicity = "1")
        Events events;

        static final class Events {
            @Option(names = "--event", paramLabel = "EVENT", required = true,
                    description = "One event: inline JSON, or file://path.")
            String event;

            @Option(names = "--events", paramLabel = "file://FILE", required = true,
                    description = "A file of events, one JSON object a line (blank lines are skipped).")
            String eventsFile;
        }

        @Override
        public Integer call() throws IOException {
            List<String> problems = new ArrayList<>();
            String patternText = text("--event-pattern", eventPattern, problems);
            if (!problems.isEmpty()) {
                return Output.usageError(spec, problems);
            }
            EventPattern pattern;
            try {
                pattern = EventPattern.parse(patternText);
            } catch (InvalidEventPatternException e) {
                return Output.usageError(spec, "An error occurred (InvalidEventPatternException) when calling the "
                        + "TestEventPattern operation: " + e.getMessage());
            }
            ObjectNode answer = Output.JSON.createObjectNode();
            if (events.event != null) {
                String event = text("--event", events.event, problems);
                if (!problems.isEmpty()) {
                    return Output.usageError(spec, problems);
                }
                try {
                    answer.put("Result", pattern.matches(event));
                } catch (IllegalArgumentException e) {
                    return Output.usageError(spec, "--event: " + e.getMessage());
                }
                return Output.json(spec, answer);
            }
            if (!events.eventsFile.startsWith("file://")) {
                return Output.usageError(spec, "--events takes file://path (a file of JSON lines), not '"
                        + abbreviate(events.eventsFile) + "'");
            }
            Path file = Path.of(events.eventsFile.substring("file://".length())).toAbsolutePath().normalize();
            List<String> lines = readLines("--events", file, problems);
            if (!problems.isEmpty()) {
                return Output.usageError(spec, problems);
            }
            ArrayNode results = answer.putArray("Results");
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                try {
                    results.add(pattern.matches(line));
                } catch (IllegalArgumentException e) {
                    problems.add("--events " + file + " line " + (i + 1) + ": " + e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                return Output.usageError(spec, problems);
            }
            return Output.json(spec, answer);
        }

        /** An option's value: inline text, or the content of the file a file:// value names (as the AWS CLI reads it). */
        private static String text(String option, String value, List<String> problems) {
            if (!value.startsWith("file://")) {
                return value;
            }
            Path file = Path.of(value.substring("file://".length())).toAbsolutePath().normalize();
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(option + ": the file " + file + " could not be read ("
                        + (Files.exists(file) ? e.getMessage() : "it does not exist") + ")");
                return null;
            }
        }

        private static List<String> readLines(String option, Path file, List<String> problems) {
            try {
                return Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(option + ": the file " + file + " could not be read ("
                        + (Files.exists(file) ? e.getMessage() : "it does not exist") + ")");
                return List.of();
            }
        }

        private static String abbreviate(String value) {
            return value.length() <= 60 ? value : value.substring(0, 57) + "...";
        }
    }
}
