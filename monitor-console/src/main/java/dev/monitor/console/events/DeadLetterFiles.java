package dev.monitor.console.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.console.ApiRequest;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.JsonLinesReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The rules' dead-letter files ({@code <data-dir>/events/dead-letters/<bus>/<rule>.jsonl}, the
 * older lines in {@code .jsonl.1}), read as {@code monitor events list-dead-letters} reads them: each
 * line the event and EventBridge's dead-letter attributes
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html). Lines that are not dead
 * letters are named in {@code problems} and the rest is answered.
 */
final class DeadLetterFiles {
    /** Dead letters answered at most, the newest. */
    static final int LIMIT = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterFiles() {
    }

    /** One dead letter: what failed (the event, the rule and target), why (the error) and when. */
    record DeadLetter(Instant time, String bus, String rule, String ruleArn, String targetArn, String errorCode, String errorMessage,
                      String exhaustedRetryCondition, Integer retryAttempts, String eventId, String source, String detailType,
                      String event) {
    }

    /** The dead letters in the range, newest first; {@code total} counts every one in it, {@code dead letters} holds at most {@link #LIMIT}. */
    record Answer(Instant start, Instant end, long total, List<DeadLetter> deadLetters, List<String> problems) {
    }

    static Answer read(Path dataDir, ApiRequest request) throws IOException {
        ApiRequest.TimeRange range = request.range();
        String onlyBus = request.optional("bus").orElse(null);
        String onlyRule = request.optional("rule").orElse(null);
        // The newest LIMIT lines, oldest on top to be pushed out: a rule keeps up to twice 8 MB, and only what is shown is built.
        PriorityQueue<Line> newest = new PriorityQueue<>(Comparator.comparing(Line::time).thenComparingLong(Line::order));
        long[] total = {0};
        List<String> problems = new ArrayList<>();
        JsonLinesReader reader = new JsonLinesReader();
        for (Path busFolder : sorted(new DataLayout(dataDir).eventDeadLetters())) {
            String bus = DataLayout.nameOfFolder(busFolder.getFileName().toString());
            if (!Files.isDirectory(busFolder) || onlyBus != null && !onlyBus.equals(bus)) {
                continue;
            }
            for (Path file : sorted(busFolder)) {
                String fileName = file.getFileName().toString();
                if (!fileName.endsWith(".jsonl")) {
                    continue;
                }
                String rule = DataLayout.nameOfFolder(fileName.substring(0, fileName.length() - ".jsonl".length()));
                if (onlyRule != null && !onlyRule.equals(rule)) {
                    continue;
                }
                for (Path part : List.of(file.resolveSibling(fileName + ".1"), file)) {
                    if (!Files.isRegularFile(part)) {
                        continue;
                    }
                    reader.read(part, dataDir.relativize(part).toString(), (number, text) -> {
                        JsonNode letter = parse(text);
                        Instant time = time(letter);
                        if (!time.isBefore(range.start()) && time.isBefore(range.end())) {
                            total[0]++;
                            newest.add(new Line(time, total[0], bus, rule, letter));
                            if (newest.size() > LIMIT) {
                                newest.poll();
                            }
                        }
                    }, problems::add);
                }
            }
        }
        List<DeadLetter> shown = new ArrayList<>(newest.size());
        while (!newest.isEmpty()) {
            Line line = newest.poll();
            shown.add(letter(line));
        }
        java.util.Collections.reverse(shown);
        return new Answer(range.start(), range.end(), total[0], shown, problems);
    }

    /** A dead letter in the range, its line read but not yet shaped for the answer. */
    private record Line(Instant time, long order, String bus, String rule, JsonNode letter) {
    }

    private static JsonNode parse(String line) throws IOException {
        JsonNode letter = JSON.readTree(line);
        if (letter == null || !letter.path("event").isObject()) {
            throw new IllegalArgumentException("not a dead letter: it has no \"event\" object");
        }
        return letter;
    }

    /** When the letter was written: every line has it, as the bus writes it. */
    private static Instant time(JsonNode letter) {
        if (!letter.path("time").isTextual()) {
            throw new IllegalArgumentException("not a dead letter: it has no \"time\"");
        }
        try {
            return Instant.parse(letter.get("time").asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("its time '" + letter.get("time").asText() + "' is not an ISO-8601 instant");
        }
    }

    private static DeadLetter letter(Line line) throws IOException {
        JsonNode letter = line.letter();
        JsonNode event = letter.get("event");
        return new DeadLetter(line.time(), line.bus(), line.rule(), text(letter, "RULE_ARN"), text(letter, "TARGET_ARN"), text(letter, "ERROR_CODE"),
                text(letter, "ERROR_MESSAGE"), text(letter, "EXHAUSTED_RETRY_CONDITION"),
                letter.path("RETRY_ATTEMPTS").isNumber() ? letter.get("RETRY_ATTEMPTS").asInt() : null, text(event, "id"),
                text(event, "source"), text(event, "detail-type"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(event));
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isValueNode() && !node.path(field).isNull() ? node.get(field).asText() : null;
    }

    private static List<Path> sorted(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        TreeMap<String, Path> entries = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(entry -> entries.put(entry.getFileName().toString(), entry));
        }
        return List.copyOf(entries.values());
    }
}
