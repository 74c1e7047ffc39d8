package dev.monitor.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One object of a configuration document, read with defaults. Problems are not thrown one at a
 * time: each is recorded with its path ({@code exporters[1].rotateEvery: ...}) in a list shared by
 * the whole document, so that one {@link ConfigException} can report all of them. Keys that are
 * never read are reported as unknown by {@link #rejectUnknownKeys()}.
 */
public final class ConfigNode {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|KiB|MiB|GiB)?", Pattern.CASE_INSENSITIVE);
    /** Turns settings given as maps into the tree every node reads. */
    private static final ObjectMapper TREES = new ObjectMapper();

    private final JsonNode node;
    private final String path;
    private final List<String> problems;
    private final Set<String> read = new LinkedHashSet<>();

    private ConfigNode(JsonNode node, String path, List<String> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * The root of a document given as a parser gives it (maps, lists, strings, numbers and
     * booleans); its problems go to {@code problems}.
     */
    public static ConfigNode root(Map<String, ?> document, List<String> problems) {
        return rootOfTree(TREES.valueToTree(Objects.requireNonNull(document, "document")), problems);
    }

    /**
     * An object that stands for settings given in code, as maps, lists, strings, numbers and
     * booleans; problems name it by {@code path}.
     */
    public static ConfigNode of(String path, Map<String, ?> settings, List<String> problems) {
        return new ConfigNode(TREES.valueToTree(Objects.requireNonNull(settings, "settings")), path, problems);
    }

    /** The root of a parsed document; package-private so that Jackson stays out of the public surface. */
    static ConfigNode rootOfTree(JsonNode document, List<String> problems) {
        ConfigNode root = new ConfigNode(document == null ? MissingNode.getInstance() : document, "", problems);
        if (document != null && !document.isObject() && !document.isMissingNode() && !document.isNull()) {
            problems.add("(document): must be an object of settings");
        }
        return root;
    }

    /** This node's path in the document, such as {@code exporters[1]}. */
    public String path() {
        return path;
    }

    private String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Records a problem with {@code key}. */
    public void problem(String key, String message) {
        problems.add(pathOf(key) + ": " + message);
    }

    private JsonNode get(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    public boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    /** A required string; records {@code required} when missing. */
    public String requiredString(String key) {
        String value = string(key, null);
        if (value == null && !has(key)) {
            problem(key, "required");
        }
        return value;
    }

    public String string(String key, String fallback) {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
            problem(key, "must be a text value, not " + describe(value));
            return fallback;
        }
        return value.asText();
    }

    public boolean bool(String key, boolean fallback) {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            problem(key, "must be true or false, not " + describe(value));
            return fallback;
        }
        return value.booleanValue();
    }

    /** An integer in {@code [min, max]}. */
    public int integer(String key, int fallback, int min, int max) {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            problem(key, "must be a whole number, not " + describe(value));
            return fallback;
        }
        int number = value.intValue();
        if (number < min || number > max) {
            problem(key, number + " is out of range; allowed " + min + " to " + max);
            return fallback;
        }
        return number;
    }

    /** A finite number; null when absent. */
    public Double number(String key) {
        JsonNode value = get(key);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            problem(key, "must be a number, not " + describe(value));
            return null;
        }
        return value.doubleValue();
    }

    /** A list of text values; empty when absent. */
    public List<String> strings(String key) {
        JsonNode value = get(key);
        List<String> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        if (!value.isArray()) {
            problem(key, "must be a list of text values, not " + describe(value));
            return items;
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                problems.add(pathOf(key) + "[" + i + "]: must be a text value, not " + describe(value.get(i)));
            } else {
                items.add(value.get(i).asText());
            }
        }
        return items;
    }

    /** A list of finite numbers; null when absent. */
    public List<Double> numbers(String key) {
        JsonNode value = get(key);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            problem(key, "must be a list of numbers, not " + describe(value));
            return null;
        }
        List<Double> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isNumber() || !Double.isFinite(item.doubleValue())) {
                problems.add(pathOf(key) + "[" + i + "]: must be a finite number, not " + describe(item));
            } else {
                items.add(item.doubleValue());
            }
        }
        return items;
    }

    /**
     * The value of {@code key} as JSON text (an object, a list, or a quoted string, number or boolean), for
     * values another format defines, such as a dashboard body; null when absent.
     */
    public String json(String key) {
        JsonNode value = get(key);
        return value == null ? null : value.toString();
    }

    /** The keys of this object, each marked as read: for maps whose keys are names the user chooses. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        read.addAll(keys);
        return keys;
    }

    /** Marks keys as known without reading them: fields that are accepted and have no effect here. */
    public void ignore(String... keys) {
        read.addAll(List.of(keys));
    }

    /** A duration written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or {@code 7d}; must be positive. */
    public Duration duration(String key, Duration fallback) {
        String text = string(key, null);
        if (text == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            problem(key, "'" + text + "' is not a positive duration such as 500ms, 30s, 5m, 1h or 7d");
            return fallback;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /**
     * A size in bytes, written as a number or with a unit: {@code 64MB}, {@code 512KB}. Units are
     * binary, as Logback's and Spring's sizes and AWS's limits ("256 KB" per event) mean them:
     * {@code KB} is 1024 bytes, {@code MB} 1024², {@code GB} 1024³; {@code KiB}, {@code MiB} and
     * {@code GiB} are accepted as the same, and case does not matter. Must be positive and fit in a long.
     */
    public long bytes(String key, long fallback) {
        String text = string(key, null);
        if (text == null) {
            return fallback;
        }
        Matcher m = SIZE.matcher(text.trim());
        long size = -1;
        if (m.matches()) {
            try {
                size = Math.multiplyExact(Long.parseLong(m.group(1)), unitBytes(m.group(2)));
            } catch (ArithmeticException | NumberFormatException tooLarge) {
                problem(key, "'" + text + "' is larger than " + Long.MAX_VALUE + " bytes");
                return fallback;
            }
        }
        if (size <= 0) {
            problem(key, "'" + text + "' is not a positive size such as 1048576, 512KB or 64MB");
            return fallback;
        }
        return size;
    }

    /** The bytes of one {@code unit}: binary, whether written KB or KiB. */
    static long unitBytes(String unit) {
        if (unit == null || unit.equalsIgnoreCase("B")) {
            return 1;
        }
        return switch (Character.toUpperCase(unit.charAt(0))) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            default -> 1L << 30;
        };
    }

    /** One of {@code allowed} (case-insensitive), returned in lower case. */
    public String choice(String key, String fallback, String... allowed) {
        String text = string(key, null);
        if (text == null) {
            return fallback;
        }
        for (String option : allowed) {
            if (option.equalsIgnoreCase(text)) {
                return option;
            }
        }
        problem(key, "'" + text + "' is not one of " + String.join(", ", allowed));
        return fallback;
    }

    /** A nested object; an empty one when absent. */
    public ConfigNode child(String key) {
        JsonNode value = get(key);
        if (value != null && !value.isObject()) {
            problem(key, "must be an object of settings, not " + describe(value));
            value = null;
        }
        return new ConfigNode(value == null ? MissingNode.getInstance() : value, pathOf(key), problems);
    }

    /** A list of objects; empty when absent. */
    public List<ConfigNode> list(String key) {
        JsonNode value = get(key);
        List<ConfigNode> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        if (!value.isArray()) {
            problem(key, "must be a list, not " + describe(value));
            return items;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = pathOf(key) + "[" + i + "]";
            if (!item.isObject()) {
                problems.add(itemPath + ": must be an object of settings, not " + describe(item));
                continue;
            }
            items.add(new ConfigNode(item, itemPath, problems));
        }
        return items;
    }

    /** Records every key of this object that nothing read as unknown. */
    public void rejectUnknownKeys() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!read.contains(name)) {
                problem(name, "unknown setting" + (read.isEmpty() ? "" : "; expected one of " + String.join(", ", read)));
            }
        }
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "a list";
        }
        return "'" + value.asText() + "'";
    }

    @Override
    public String toString() {
        return path.isEmpty() ? "(document)" : path;
    }
}
