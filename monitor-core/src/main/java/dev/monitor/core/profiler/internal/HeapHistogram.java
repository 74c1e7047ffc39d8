package dev.monitor.core.profiler.internal;

import dev.monitor.core.profiler.HeapSummary;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * Heap summaries from the JVM's class histogram ({@code GC.class_histogram}, through the {@code DiagnosticCommand}
 * MBean's {@code gcClassHistogram}, as {@code jcmd} runs it): parsed, cut to the top classes by bytes and by instances,
 * and compared with the histogram before. Not thread-safe (the profiler calls it under its lock).
 */
final class HeapHistogram {
    /** A histogram line: {@code    1:          5765         502696  [B (java.base@17.0.15)}. */
    private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private Map<String, long[]> before;

    /** One class of a histogram: live instances and bytes. */
    record Row(String className, long instances, long bytes) {
    }

    /** The histogram of the live objects now; costs a full GC. */
    static String take() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException("the class histogram could not be taken through the DiagnosticCommand MBean "
                    + "(a HotSpot JVM has one): " + e, e);
        }
    }

    /** The rows of {@code GC.class_histogram} output; lines that are not rows (header, total) are passed over. */
    static List<Row> parse(String histogram) {
        List<Row> rows = new ArrayList<>();
        for (String line : histogram.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                try {
                    rows.add(new Row(javaName(m.group(3)), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
                } catch (NumberFormatException e) {
                    // a count beyond a long is no count: the line is passed over
                }
            }
        }
        return rows;
    }

    /** A JVM type name as Java writes it: {@code [B} is {@code byte[]}, {@code [Ljava.lang.String;} is {@code java.lang.String[]}. */
    static String javaName(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return name;
        }
        String element = name.substring(dims);
        String base = switch (element) {
            case "B" -> "byte";
            case "C" -> "char";
            case "D" -> "double";
            case "F" -> "float";
            case "I" -> "int";
            case "J" -> "long";
            case "S" -> "short";
            case "Z" -> "boolean";
            default -> element.startsWith("L") && element.endsWith(";") ? element.substring(1, element.length() - 1) : element;
        };
        return base + "[]".repeat(dims);
    }

    /**
     * The top {@code top} classes by bytes and the top {@code top} by instances (most bytes first), each with its change
     * since the summary this instance made before (null in the first).
     */
    HeapSummary summarize(String group, Instant time, List<Row> rows, int top) {
        Map<String, long[]> now = new LinkedHashMap<>();
        for (Row row : rows) {
            long[] sum = now.computeIfAbsent(row.className(), k -> new long[2]);
            sum[0] += row.instances();
            sum[1] += row.bytes();
        }
        Set<String> chosen = new LinkedHashSet<>();
        now.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
                .limit(top).forEach(e -> chosen.add(e.getKey()));
        now.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed())
                .limit(top).forEach(e -> chosen.add(e.getKey()));
        List<HeapSummary.Entry> entries = new ArrayList<>();
        for (String name : chosen) {
            long[] counts = now.get(name);
            long[] earlier = before == null ? null : before.getOrDefault(name, new long[2]);
            entries.add(new HeapSummary.Entry(name, counts[0], counts[1], earlier == null ? null : counts[0] - earlier[0],
                    earlier == null ? null : counts[1] - earlier[1]));
        }
        entries.sort(Comparator.comparingLong(HeapSummary.Entry::bytes).reversed().thenComparing(HeapSummary.Entry::className));
        before = now;
        return new HeapSummary(group, time, entries);
    }
}
