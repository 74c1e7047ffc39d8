package dev.monitor.core.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One log event as a query sees it: the system fields {@code @timestamp}, {@code @message},
 * {@code @logStream} and {@code @log} ({@code account-id:log-group-name}, as
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html
 * defines it), the event's JSON fields (nested ones flattened with dots,
 * {@code user.id}, array items by index, {@code items.0}), and the fields earlier commands added.
 * The JSON is parsed on first use, keeping only the fields the query reads.
 */
final class EventRow implements QueryEngine.Row {
    private static final JsonFactory FACTORY = new JsonFactory();

    final long micros;
    final String group;
    final String stream;
    final String line;
    private final Set<String> wanted;
    /** The account id of {@code @log}; the query engine sets it before it reads the event. */
    String account = QueryEngine.DEFAULT_ACCOUNT;
    private Map<String, Object> json;
    private Map<String, Object> added;

    EventRow(long micros, String group, String stream, String line, Set<String> wanted) {
        this.micros = micros;
        this.group = group;
        this.stream = stream;
        this.line = line;
        this.wanted = wanted;
    }

    @Override
    public Object get(String name) {
        if (added != null && added.containsKey(name)) {
            return added.get(name);
        }
        switch (name) {
            case "@timestamp":
                return new QueryEngine.Timestamp(micros);
            case "@message":
                return line;
            case "@logStream":
                return stream;
            case "@log":
                return account + ":" + group;
            default:
                if (json == null) {
                    json = parse();
                }
                return json.get(name);
        }
    }

    @Override
    public void put(String name, Object value) {
        if (added == null) {
            added = new HashMap<>();
        }
        added.put(name, value);
    }

    private Map<String, Object> parse() {
        Map<String, Object> fields = new HashMap<>();
        try (JsonParser parser = FACTORY.createParser(line)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                readObject(parser, "", fields);
            }
        } catch (IOException | RuntimeException e) {
            // A line that is not JSON has only the system fields, as in CloudWatch.
        }
        return fields;
    }

    private void readObject(JsonParser parser, String prefix, Map<String, Object> fields) throws IOException {
        // A query reads a few fields: the rest of the line need not be parsed once they are all found.
        while ((wanted == null || fields.size() < wanted.size()) && parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix + parser.currentName();
            readValue(parser, parser.nextToken(), name, fields);
        }
    }

    private void readValue(JsonParser parser, JsonToken token, String name, Map<String, Object> fields) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                if (wantedBelow(name)) {
                    readObject(parser, name + ".", fields);
                } else {
                    parser.skipChildren();
                }
            }
            case START_ARRAY -> {
                if (wantedBelow(name)) {
                    int index = 0;
                    JsonToken item;
                    while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
                        readValue(parser, item, name + "." + index++, fields);
                    }
                } else {
                    parser.skipChildren();
                }
            }
            case VALUE_STRING -> keep(fields, name, parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> keep(fields, name, parser.getDoubleValue());
            case VALUE_TRUE -> keep(fields, name, Boolean.TRUE);
            case VALUE_FALSE -> keep(fields, name, Boolean.FALSE);
            default -> {
            }
        }
    }

    private void keep(Map<String, Object> fields, String name, Object value) {
        if (wanted == null || wanted.contains(name)) {
            fields.put(name, value);
        }
    }

    private boolean wantedBelow(String name) {
        if (wanted == null) {
            return true;
        }
        String prefix = name + ".";
        for (String field : wanted) {
            if (field.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
