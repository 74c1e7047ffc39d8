package dev.monitor.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.internal.AwsCliTime;
import dev.monitor.core.audit.internal.CloudTrailFilesExporter;
import dev.monitor.core.audit.internal.Journal;
import dev.monitor.core.audit.internal.JournalRecords;
import dev.monitor.core.audit.internal.LookupIndex;
import dev.monitor.core.audit.internal.TrailFiles;
import dev.monitor.core.files.DataLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LookupEvents over the trail files: the matching records, newest first, in pages. Each file's
 * index says which of its records match; only the files holding the page's records are read.
 */
final class Lookup {

    private Lookup() {
    }

    /** A matching record: its file, its place in the file, its time. */
    private record Hit(int file, int ordinal, long time) {
    }

    /** Lists the trail files to search. */
    interface TrailListing {
        List<Path> list() throws IOException;
    }

    /**
     * LookupEvents over the trail files {@code trailFiles} lists and the journal segments in
     * the journal not yet delivered (read line by line), each record once. The journal is
     * read before the trail files are listed: a segment delivered meanwhile is then in a listed
     * trail file, and a segment whose trail file is listed (a delivery in progress, or one a crash
     * cut short before the segment was deleted) is passed over, its records being in that file. A
     * file that cannot be read is named in {@code problems} with the reason and the answer comes
     * from the rest; an index that cannot be read is passed over for its trail file.
     */
    static ObjectNode run(DataLayout layout, TrailListing trailFiles, LookupAttribute attribute, Instant start,
                          Instant end, int maxResults, String nextToken, ObjectMapper json, List<String> problems) throws IOException {
        if (maxResults < 1 || maxResults > 50) {
            throw new IllegalArgumentException("MaxResults " + maxResults + " is not from 1 to 50");
        }
        int offset = offset(nextToken);
        long from = start.getEpochSecond();
        long to = end.getEpochSecond();
        Map<Path, List<JsonNode>> pending = new LinkedHashMap<>();
        Map<Path, List<String>> pendingProblems = new HashMap<>();
        Map<Path, String> firstRecords = new HashMap<>();
        for (Path segment : Journal.segments(layout.auditJournal())) {
            List<String> found = new ArrayList<>();
            try {
                pending.put(segment, pendingRecords(segment, json, found, firstRecords));
                pendingProblems.put(segment, found);
            } catch (java.nio.file.NoSuchFileException e) {
                // delivered since it was listed: its trail file, listed below, holds its records
            } catch (IOException | RuntimeException e) {
                problems.add(segment + ": " + reason(e));
            }
        }
        List<Path> files = trailFiles.list();
        // After the listing: a file listed was named (its name kept) before it was written.
        java.util.Set<Path> listed = new java.util.HashSet<>(files);
        for (java.util.Iterator<Path> segments = pending.keySet().iterator(); segments.hasNext(); ) {
            String first = firstRecords.get(segments.next());
            if (first != null && listed.contains(CloudTrailFilesExporter.keptFile(layout, first))) {
                segments.remove();
            }
        }
        pending.keySet().forEach(segment -> problems.addAll(pendingProblems.get(segment)));
        List<Path> sources = new ArrayList<>(files);
        sources.addAll(pending.keySet());
        List<Hit> hits = new ArrayList<>();
        Map<Integer, List<JsonNode>> parsed = new HashMap<>();
        for (int f = 0; f < sources.size(); f++) {
            int file = f;
            Path source = sources.get(f);
            if (f < files.size()) {
                Path index = LookupIndex.indexOf(layout, source);
                if (Files.exists(index)) {
                    List<Hit> indexed = new ArrayList<>();
                    try {
                        LookupIndex.scan(index, attribute == null ? null : attribute.key(), attribute == null ? null : attribute.value(), from, to, (ordinal, time) -> indexed.add(new Hit(file, ordinal, time)));
                        hits.addAll(indexed);
                        continue;
                    } catch (IOException | RuntimeException e) {
                        problems.add(index + ": " + reason(e) + "; its trail file is read instead");
                    }
                }
            }
            List<JsonNode> records;
            try {
                records = f < files.size() ? records(source, json) : pending.get(source);
            } catch (IOException | RuntimeException e) {
                problems.add(source + ": " + reason(e));
                continue;
            }
            parsed.put(f, records);
            for (int r = 0; r < records.size(); r++) {
                long time;
                try {
                    time = LookupIndex.time(records.get(r).path("eventTime").asText()).getEpochSecond();
                } catch (RuntimeException e) {
                    problems.add(source + ": record " + (r + 1) + " has no valid eventTime");
                    continue;
                }
                if (time >= from && time <= to && (attribute == null || matches(records.get(r), attribute))) {
                    hits.add(new Hit(f, r, time));
                }
            }
        }
        // Newest first; within a second, later in the trail first.
        hits.sort(Comparator.comparingLong(Hit::time).thenComparingInt(Hit::file).thenComparingInt(Hit::ordinal).reversed());
        List<Hit> page = hits.subList(Math.min(offset, hits.size()), Math.min(hits.size(), offset + maxResults));
        // Only the page's records are read back, each file once, skipping the records around them.
        Map<Integer, java.util.SortedSet<Integer>> wanted = new LinkedHashMap<>();
        for (Hit hit : page) {
            wanted.computeIfAbsent(hit.file(), f -> new java.util.TreeSet<>()).add(hit.ordinal());
        }
        Map<Integer, Map<Integer, JsonNode>> found = new HashMap<>();
        for (Map.Entry<Integer, java.util.SortedSet<Integer>> file : wanted.entrySet()) {
            List<JsonNode> all = parsed.get(file.getKey());
            Map<Integer, JsonNode> records = new HashMap<>();
            if (all != null) {
                file.getValue().forEach(ordinal -> records.put(ordinal, all.get(ordinal)));
            } else {
                try {
                    records.putAll(select(sources.get(file.getKey()), file.getValue(), json));
                } catch (IOException | RuntimeException e) {
                    problems.add(sources.get(file.getKey()) + ": " + reason(e));
                }
            }
            found.put(file.getKey(), records);
        }
        ObjectNode answer = json.createObjectNode();
        ArrayNode events = answer.putArray("Events");
        for (Hit hit : page) {
            JsonNode record = found.get(hit.file()).get(hit.ordinal());
            if (record != null) {
                events.add(event(record, json));
            }
        }
        if (offset + maxResults < hits.size()) {
            answer.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("offset:" + (offset + maxResults)).getBytes(StandardCharsets.UTF_8)));
        }
        return answer;
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "not found";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    /** The records of a journal segment not yet delivered; its lines that are not records are named in {@code problems}. */
    static List<JsonNode> pendingRecords(Path segment, ObjectMapper json, List<String> problems, Map<Path, String> firstRecords)
            throws IOException {
        JournalRecords.Parsed read = JournalRecords.parse(segment);
        if (!read.good().isEmpty()) {
            firstRecords.put(segment, read.good().get(0).text());
        }
        for (JournalRecords.Bad bad : read.bad()) {
            problems.add(segment + " line " + bad.line() + ": " + bad.reason());
        }
        List<JsonNode> records = new ArrayList<>(read.good().size());
        for (JournalRecords.Good good : read.good()) {
            records.add(json.readTree(good.text()));
        }
        return records;
    }

    static List<JsonNode> records(Path file, ObjectMapper json) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        json.readTree(TrailFiles.gunzip(file)).path("Records").forEach(records::add);
        return records;
    }

    /** The records at {@code ordinals} of a trail file, streaming past the others without building them. */
    private static Map<Integer, JsonNode> select(Path file, java.util.SortedSet<Integer> ordinals, ObjectMapper json) throws IOException {
        Map<Integer, JsonNode> records = new HashMap<>();
        try (com.fasterxml.jackson.core.JsonParser parser = json.getFactory().createParser(
                new java.util.zip.GZIPInputStream(Files.newInputStream(file), 1 << 16))) {
            com.fasterxml.jackson.core.JsonToken token;
            while ((token = parser.nextToken()) != null && token != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                // to the Records array
            }
            int ordinal = 0;
            int last = ordinals.last();
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT && ordinal <= last) {
                if (ordinals.contains(ordinal)) {
                    records.put(ordinal, json.readTree(parser));
                } else {
                    parser.skipChildren();
                }
                ordinal++;
            }
        }
        return records;
    }

    private static int offset(String token) {
        if (token == null) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("offset:")) {
                int offset = Integer.parseInt(decoded.substring("offset:".length()));
                if (offset > 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("NextToken '" + token + "' is not a token this trail gave: pass the NextToken of the"
                + " previous page as it was printed");
    }

    /** LookupEvents' attributes, as CloudTrail reads them from a record. */
    static boolean matches(JsonNode record, LookupAttribute attribute) {
        String value = attribute.value();
        return switch (attribute.key()) {
            case "ResourceType" -> any(record, "type", value);
            case "ResourceName" -> any(record, "ARN", value);
            default -> value.equals(attribute(record, attribute.key()));
        };
    }

    /** A record's {@code eventTime} as the AWS CLI prints LookupEvents' {@code EventTime}; kept as written if it is no time. */
    private static String cliTime(String eventTime) {
        try {
            return AwsCliTime.format(java.time.Instant.parse(eventTime));
        } catch (java.time.format.DateTimeParseException e) {
            return eventTime;
        }
    }

    /** The value of a single-valued lookup attribute of a record, or null. */
    static String attribute(JsonNode record, String key) {
        return switch (key) {
            case "EventId" -> record.path("eventID").asText(null);
            case "EventName" -> record.path("eventName").asText(null);
            case "ReadOnly" -> record.path("readOnly").asText(null);
            case "Username" -> username(record);
            case "EventSource" -> record.path("eventSource").asText(null);
            case "AccessKeyId" -> record.at("/userIdentity/accessKeyId").asText(null);
            default -> null;
        };
    }

    private static boolean any(JsonNode record, String field, String value) {
        for (JsonNode resource : record.path("resources")) {
            if (value.equals(resource.path(field).asText())) {
                return true;
            }
        }
        return false;
    }

    private static String username(JsonNode record) {
        JsonNode identity = record.path("userIdentity");
        return identity.hasNonNull("userName") ? identity.get("userName").asText() : identity.path("principalId").asText(null);
    }

    /** One entry of LookupEvents' {@code Events}, the whole record as the {@code CloudTrailEvent} string. */
    private static ObjectNode event(JsonNode record, ObjectMapper json) throws IOException {
        ObjectNode event = json.createObjectNode();
        event.put("EventId", record.path("eventID").asText());
        event.put("EventName", record.path("eventName").asText());
        event.put("ReadOnly", record.path("readOnly").asText());
        if (record.at("/userIdentity/accessKeyId").isTextual()) {
            event.put("AccessKeyId", record.at("/userIdentity/accessKeyId").asText());
        }
        event.put("EventTime", cliTime(record.path("eventTime").asText()));
        event.put("EventSource", record.path("eventSource").asText());
        String username = username(record);
        if (username != null) {
            event.put("Username", username);
        }
        ArrayNode resources = event.putArray("Resources");
        for (JsonNode resource : record.path("resources")) {
            ObjectNode entry = resources.addObject();
            if (resource.has("type")) {
                entry.put("ResourceType", resource.get("type").asText());
            }
            entry.put("ResourceName", resource.path("ARN").asText());
        }
        event.put("CloudTrailEvent", json.writeValueAsString(record));
        return event;
    }
}
