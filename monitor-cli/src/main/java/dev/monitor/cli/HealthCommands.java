package dev.monitor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.health.HealthEvent;
import dev.monitor.core.health.internal.HealthEventJson;
import dev.monitor.core.health.internal.HealthFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code monitor health ...}: the health events a monitor wrote under {@code <data-dir>/health}, answered in the AWS
 * Health API's shapes (https://docs.aws.amazon.com/health/latest/APIReference/API_DescribeEvents.html,
 * API_DescribeEventDetails.html, API_DescribeAffectedEntities.html), the latest version of each event, the most
 * recently updated first, as DescribeEvents sorts them.
 */
@Command(name = "health", description = "Health events the monitor wrote under <data-dir>/health, as AWS Health answers.",
        subcommands = {HealthCommands.DescribeEvents.class, HealthCommands.DescribeEventDetails.class,
                HealthCommands.DescribeAffectedEntities.class},
        mixinStandardHelpOptions = true)
final class HealthCommands {
    /** EventFilter's list members this CLI reads, each with what it matches. */
    private static final Map<String, Function<HealthEvent, List<String>>> EVENT_FILTERS = new LinkedHashMap<>();
    private static final List<String> TIME_FILTERS = List.of("startTimes", "endTimes", "lastUpdatedTimes");

    static {
        EVENT_FILTERS.put("eventArns", e -> List.of(e.arn()));
        EVENT_FILTERS.put("eventTypeCodes", e -> List.of(e.eventTypeCode()));
        EVENT_FILTERS.put("services", e -> List.of(e.service()));
        EVENT_FILTERS.put("regions", e -> List.of(e.region()));
        EVENT_FILTERS.put("eventTypeCategories", e -> List.of(e.eventTypeCategory().wire()));
        EVENT_FILTERS.put("eventStatusCodes", e -> List.of(e.statusCode().wire()));
        EVENT_FILTERS.put("entityArns", e -> e.entities().stream().map(HealthEvent.AffectedEntity::entityArn).toList());
        EVENT_FILTERS.put("entityValues", e -> e.entities().stream().map(HealthEvent.AffectedEntity::entityValue).toList());
    }

    private HealthCommands() {
    }

    /** Where the events are: the option every command takes, and the reading of them. */
    static final class Events {
        @Option(names = "--data-dir", defaultValue = "monitor-data", description = "The monitor's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        /** The events in the data directory, or null after printing why there are none to read. */
        List<HealthEvent> read(CommandLine.Model.CommandSpec spec) {
            DataLayout layout = new DataLayout(dataDir);
            String nothing = Output.nothingToRead(layout.health(), "health events (health/events-*.jsonl)",
                    file -> DataLayout.healthFileDay("events", file.getFileName().toString()) != null);
            if (nothing != null) {
                Output.usageError(spec, nothing);
                return null;
            }
            return new HealthFiles(layout).events();
        }
    }

    /** The {@code --filter} parsed, its members checked against {@code known}; null when it does not parse. */
    static JsonNode filter(String text, List<String> known, List<String> problems) {
        JsonNode parsed = parseFilter("--filter", text, problems);
        if (parsed != null) {
            checkMembers("--filter", parsed, known, problems);
        }
        return parsed;
    }

    /**
     * A filter as the AWS CLI takes one: JSON ({@code {"eventStatusCodes":["open"]}}) or its shorthand
     * ({@code eventStatusCodes=open,closed,services=PAYMENTS}); each list member a key, a time range
     * {@code {"from": TIME, "to": TIME}} in JSON.
     */
    static JsonNode parseFilter(String option, String text, List<String> problems) {
        if (text == null) {
            return Output.JSON.createObjectNode();
        }
        String trimmed = text.trim();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = Output.JSON.readTree(trimmed);
                if (node != null && node.isObject()) {
                    return node;
                }
            } catch (IOException e) {
                problems.add(option + ": not JSON: " + e.getMessage().lines().findFirst().orElse(""));
                return null;
            }
            problems.add(option + ": must be a JSON object or key=value,... shorthand");
            return null;
        }
        ObjectNode filter = Output.JSON.createObjectNode();
        ArrayNode current = null;
        for (String token : trimmed.split(",")) {
            int equals = token.indexOf('=');
            if (equals > 0) {
                current = filter.putArray(token.substring(0, equals).trim());
                token = token.substring(equals + 1);
            }
            if (current == null) {
                problems.add(option + ": '" + text + "' must start with key=value");
                return null;
            }
            current.add(token.trim());
        }
        return filter;
    }

    /** Whether {@code event} passes every member of {@code filter}; unknown members are problems. */
    static boolean matches(HealthEvent event, JsonNode filter) {
        for (Map.Entry<String, Function<HealthEvent, List<String>>> member : EVENT_FILTERS.entrySet()) {
            JsonNode wanted = filter.get(member.getKey());
            if (wanted != null && !anyOf(member.getValue().apply(event), wanted)) {
                return false;
            }
        }
        for (String name : TIME_FILTERS) {
            JsonNode ranges = filter.get(name);
            if (ranges == null) {
                continue;
            }
            Instant time = switch (name) {
                case "startTimes" -> event.startTime();
                case "endTimes" -> event.endTime();
                default -> event.lastUpdatedTime();
            };
            boolean inAny = false;
            for (JsonNode range : ranges) {
                Instant from = range.hasNonNull("from") ? Times.parse(name + ".from", range.get("from").asText(), new ArrayList<>()) : null;
                Instant to = range.hasNonNull("to") ? Times.parse(name + ".to", range.get("to").asText(), new ArrayList<>()) : null;
                inAny |= time != null && (from == null || !time.isBefore(from)) && (to == null || !time.isAfter(to));
            }
            if (!inAny) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyOf(List<String> values, JsonNode wanted) {
        for (JsonNode value : wanted) {
            if (values.contains(value.asText())) {
                return true;
            }
        }
        return false;
    }

    /** The members of {@code filter} this CLI does not know, as problems naming the known ones. */
    static void checkMembers(String option, JsonNode filter, List<String> known, List<String> problems) {
        filter.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                problems.add(option + ": unknown member '" + name + "'; known: " + String.join(", ", known));
            } else if (!filter.get(name).isArray()) {
                problems.add(option + ": " + name + " must be a list");
            }
        });
        if (problems.isEmpty()) {
            for (String name : TIME_FILTERS) {
                for (JsonNode range : filter.path(name)) {
                    for (String end : List.of("from", "to")) {
                        if (range.hasNonNull(end)) {
                            Times.parse(option + " " + name + "." + end, range.get(end).asText(), problems);
                        }
                    }
                }
            }
        }
    }

    @Command(name = "describe-events", mixinStandardHelpOptions = true,
            description = "The events that match the filter, the most recently updated first (DescribeEvents).")
    static final class DescribeEvents implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Events store;

        @Option(names = "--filter", paramLabel = "FILTER",
                description = "An EventFilter: JSON, or shorthand such as eventStatusCodes=open,upcoming.")
        String filter;

        @Override
        public Integer call() throws Exception {
            List<String> problems = new ArrayList<>();
            List<String> known = new ArrayList<>(EVENT_FILTERS.keySet());
            known.addAll(TIME_FILTERS);
            JsonNode parsed = filter(filter, known, problems);
            if (!problems.isEmpty()) {
                return Output.usageError(spec, problems);
            }
            List<HealthEvent> events = store.read(spec);
            if (events == null) {
                return MonitorCli.USAGE_ERROR;
            }
            ObjectNode answer = Output.JSON.createObjectNode();
            ArrayNode list = answer.putArray("events");
            events.stream().filter(e -> matches(e, parsed)).forEach(e -> list.add(HealthEventJson.toEventJson(e)));
            return Output.json(spec, answer);
        }
    }

    @Command(name = "describe-event-details", mixinStandardHelpOptions = true,
            description = "Each event with its description (DescribeEventDetails); unknown ARNs in failedSet.")
    static final class DescribeEventDetails implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Events store;

        @Option(names = "--event-arns", required = true, arity = "1..10", paramLabel = "ARN", description = "1 to 10 event ARNs.")
        List<String> eventArns;

        @Override
        public Integer call() throws Exception {
            List<HealthEvent> events = store.read(spec);
            if (events == null) {
                return MonitorCli.USAGE_ERROR;
            }
            ObjectNode answer = Output.JSON.createObjectNode();
            ArrayNode successful = answer.putArray("successfulSet");
            ArrayNode failed = answer.putArray("failedSet");
            for (String arn : eventArns) {
                HealthEvent event = events.stream().filter(e -> e.arn().equals(arn)).findFirst().orElse(null);
                if (event != null) {
                    successful.add(HealthEventJson.toDetailsJson(event));
                } else {
                    failed.addObject().put("eventArn", arn).put("errorName", "EventNotFound")
                            .put("errorMessage", "No event with ARN " + arn + " under " + new DataLayout(store.dataDir).health().toAbsolutePath().normalize());
                }
            }
            return Output.json(spec, answer);
        }
    }

    @Command(name = "describe-affected-entities", mixinStandardHelpOptions = true,
            description = "The entities the events affect, each with its status (DescribeAffectedEntities).")
    static final class DescribeAffectedEntities implements Callable<Integer> {
        private static final List<String> MEMBERS = List.of("eventArns", "entityArns", "entityValues", "statusCodes", "lastUpdatedTimes");

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Events store;

        @Option(names = "--filter", required = true, paramLabel = "FILTER",
                description = "An EntityFilter with eventArns: JSON, or shorthand eventArns=ARN,ARN.")
        String filter;

        @Override
        public Integer call() throws Exception {
            List<String> problems = new ArrayList<>();
            JsonNode parsed = filter(filter, MEMBERS, problems);
            if (parsed != null && problems.isEmpty() && (!parsed.has("eventArns") || parsed.get("eventArns").isEmpty())) {
                problems.add("--filter: eventArns is required (1 to 10 event ARNs)");
            }
            if (!problems.isEmpty()) {
                return Output.usageError(spec, problems);
            }
            List<HealthEvent> events = store.read(spec);
            if (events == null) {
                return MonitorCli.USAGE_ERROR;
            }
            List<String> arns = new ArrayList<>();
            parsed.get("eventArns").forEach(arn -> arns.add(arn.asText()));
            ObjectNode answer = Output.JSON.createObjectNode();
            ArrayNode entities = answer.putArray("entities");
            for (HealthEvent event : events) {
                if (!arns.contains(event.arn())) {
                    continue;
                }
                for (JsonNode entity : HealthEventJson.toEntitiesJson(event, accountOf(event))) {
                    if (keep(entity, parsed)) {
                        entities.add(entity);
                    }
                }
            }
            return Output.json(spec, answer);
        }

        private static boolean keep(JsonNode entity, JsonNode filter) {
            for (String[] pair : new String[][] {{"entityArns", "entityArn"}, {"entityValues", "entityValue"}, {"statusCodes", "statusCode"}}) {
                JsonNode wanted = filter.get(pair[0]);
                if (wanted != null && !anyOf(List.of(entity.path(pair[1]).asText()), wanted)) {
                    return false;
                }
            }
            return true;
        }

        /** The account the entity ARNs name: arn:aws:health:REGION:ACCOUNT:entity/... */
        private static String accountOf(HealthEvent event) {
            for (HealthEvent.AffectedEntity entity : event.entities()) {
                String[] parts = entity.entityArn() == null ? new String[0] : entity.entityArn().split(":", 6);
                if (parts.length == 6 && !parts[4].isEmpty()) {
                    return parts[4];
                }
            }
            return "000000000000";
        }
    }
}
