package dev.monitor.core.profiler;

import dev.monitor.core.files.DataLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A profile: stack samples in Brendan Gregg's collapsed format ({@code frame;frame;frame COUNT} a line, root first, leaf last),
 * as the profiler writes one file per profiling group, kind and interval:
 * {@code profiles/<group>/<kind>/<start>--<end>.collapsed} with times as {@code 20261202T101500Z} (UTC).
 *
 * <p>Parsing is lenient line by line: a malformed line is left out and named in {@link #problems()} (its line number
 * and the rule it broke), and every other line is kept. Identical stacks are summed, so {@link #merge} is associative
 * and commutative, and {@code parse(write(x))} equals {@code x}. Immutable.
 */
public final class CollapsedProfile {
    /** The kinds of profile: CPU samples, allocated bytes, nanoseconds blocked on a lock. */
    public static final Set<String> KINDS = Set.of("cpu", "alloc", "lock");
    /** How an interval's start and end are written in file names, in UTC. */
    public static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** A file of one interval: {@code <start>--<end>.collapsed}. */
    private static final Pattern INTERVAL_FILE = Pattern.compile("(\\d{8}T\\d{6}Z)--(\\d{8}T\\d{6}Z)\\.collapsed");
    /** How much of a malformed line a problem quotes. */
    private static final int QUOTED = 80;

    private static final CollapsedProfile EMPTY = new CollapsedProfile(Map.of(), List.of());

    private final Map<List<String>, Long> counts;
    private final List<String> problems;

    private CollapsedProfile(Map<List<String>, Long> counts, List<String> problems) {
        this.counts = counts;
        this.problems = problems;
    }

    /** One stack and how often it was seen (samples for cpu, bytes for alloc, nanoseconds blocked for lock). */
    public record Stack(List<String> frames, long count) {
        /** @throws IllegalArgumentException for no frames, an empty frame, a frame holding ';' or a line break, or a count below 1 */
        public Stack {
            frames = List.copyOf(frames);
            if (frames.isEmpty()) {
                throw new IllegalArgumentException("a stack has at least one frame");
            }
            for (String frame : frames) {
                if (frame.isEmpty() || frame.indexOf(';') >= 0 || frame.indexOf('\n') >= 0 || frame.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("frame '" + frame + "' cannot be written in the collapsed format: a frame is not "
                            + "empty and holds no ';' and no line break");
                }
            }
            if (count < 1) {
                throw new IllegalArgumentException("the count of stack " + String.join(";", frames) + " is " + count
                        + ": a count is positive");
            }
        }

        /** The frames as the collapsed format writes them: {@code a;b;c}. */
        public String text() {
            return String.join(";", frames);
        }

        /** The frame sampled: the last. */
        public String leaf() {
            return frames.get(frames.size() - 1);
        }
    }

    /** One interval's file of one group and kind. */
    public record IntervalFile(Path file, String group, String kind, Instant start, Instant end) {
    }

    /** No stacks. */
    public static CollapsedProfile empty() {
        return EMPTY;
    }

    /** The stacks, identical ones summed. @throws ArithmeticException when the counts of one stack add up beyond a long */
    public static CollapsedProfile of(Collection<Stack> stacks) {
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        for (Stack stack : stacks) {
            counts.merge(stack.frames(), stack.count(), Math::addExact);
        }
        return new CollapsedProfile(counts, List.of());
    }

    /** Parses collapsed text; malformed lines are left out and named in {@link #problems()}. */
    public static CollapsedProfile parse(String text) {
        return parse(null, text);
    }

    /**
     * Parses collapsed text from {@code source} (a file name, or null), which the problems name before the line:
     * {@code x.collapsed, line 3: the count 'many' is not a positive whole number: 'a;b many'}.
     */
    public static CollapsedProfile parse(String source, String text) {
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int lineNumber = 0;
        int at = 0;
        while (at <= text.length()) {
            int newline = text.indexOf('\n', at);
            int stop = newline < 0 ? text.length() : newline;
            String line = text.substring(at, stop > at && text.charAt(stop - 1) == '\r' ? stop - 1 : stop);
            lineNumber++;
            at = stop + 1;
            if (line.isBlank()) {
                continue;
            }
            String problem = parseLine(line, counts);
            if (problem != null) {
                problems.add((source == null ? "" : source + ", ") + "line " + lineNumber + ": " + problem + ": '"
                        + (line.length() > QUOTED ? line.substring(0, QUOTED) + "..." : line) + "'");
            }
        }
        return new CollapsedProfile(counts, List.copyOf(problems));
    }

    /** Adds the line's stack to {@code counts}, or returns the rule it breaks. */
    private static String parseLine(String line, Map<List<String>, Long> counts) {
        int space = line.lastIndexOf(' ');
        if (space < 0) {
            return "a line is 'frame;frame;...;frame COUNT', with a space before the count, and this one has no space";
        }
        String number = line.substring(space + 1);
        long count;
        try {
            count = !number.isEmpty() && number.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.parseLong(number) : -1;
        } catch (NumberFormatException e) {
            return "the count '" + number + "' is larger than " + Long.MAX_VALUE;
        }
        if (count < 1) {
            return "the count '" + number + "' is not a positive whole number";
        }
        if (space == 0) {
            return "the stack before the count is empty";
        }
        String[] frames = line.substring(0, space).split(";", -1);
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].isEmpty()) {
                return "frame " + (i + 1) + " of " + frames.length + " is empty (';' at an end of the stack or twice in a row)";
            }
        }
        List<String> stack = List.of(frames);
        Long before = counts.get(stack);
        if (before != null && before > Long.MAX_VALUE - count) {
            return "this stack's counts add up beyond " + Long.MAX_VALUE;
        }
        counts.put(stack, before == null ? count : before + count);
        return null;
    }

    /** The stacks in the collapsed format, one a line in the order of {@link #stacks()}, each line ending in '\n'. */
    public String write() {
        StringBuilder text = new StringBuilder();
        for (Stack stack : stacks()) {
            text.append(stack.text()).append(' ').append(stack.count()).append('\n');
        }
        return text.toString();
    }

    /** Both stacks' counts summed, and both problems. @throws ArithmeticException when a sum is beyond a long */
    public CollapsedProfile merge(CollapsedProfile other) {
        Map<List<String>, Long> merged = new LinkedHashMap<>(counts);
        other.counts.forEach((stack, count) -> merged.merge(stack, count, Math::addExact));
        List<String> allProblems = new ArrayList<>(problems);
        allProblems.addAll(other.problems);
        return new CollapsedProfile(merged, List.copyOf(allProblems));
    }

    /** The stacks, ordered by their text (so writing is deterministic). */
    public List<Stack> stacks() {
        List<Stack> stacks = new ArrayList<>(counts.size());
        counts.forEach((frames, count) -> stacks.add(new Stack(frames, count)));
        stacks.sort(Comparator.comparing(Stack::text));
        return stacks;
    }

    /** The sum of every stack's count. */
    public long total() {
        long total = 0;
        for (long count : counts.values()) {
            total = Math.addExact(total, count);
        }
        return total;
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /** What could not be read, each naming its file (when known), line and the rule broken; the rest was kept. */
    public List<String> problems() {
        return problems;
    }

    /** Equal when the same stacks have the same counts; the problems met reading them do not count. */
    @Override
    public boolean equals(Object other) {
        return other instanceof CollapsedProfile that && counts.equals(that.counts);
    }

    @Override
    public int hashCode() {
        return counts.hashCode();
    }

    @Override
    public String toString() {
        return "CollapsedProfile" + counts;
    }

    // The files under <data-dir>/profiles.

    /**
     * The profiling groups under {@code profiles}, sorted: each folder's name as {@link DataLayout#nameOfFolder} reads
     * it; none when the folder does not exist.
     */
    public static List<String> groups(Path profiles) {
        if (!Files.isDirectory(profiles)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(profiles)) {
            return folders.filter(Files::isDirectory).map(folder -> DataLayout.nameOfFolder(folder.getFileName().toString()))
                    .filter(name -> !name.startsWith(".")).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("the profiling groups under " + profiles + " could not be listed", asIo(e));
        }
    }

    /**
     * The interval files of {@code group} and {@code kind} that overlap [{@code start}, {@code end}), by start;
     * files named otherwise are not interval files and are passed over.
     *
     * @throws IllegalArgumentException for a group name that is not a folder name or a kind not in {@link #KINDS}
     */
    public static List<IntervalFile> files(Path profiles, String group, String kind, Instant start, Instant end) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind '" + kind + "' is not one of cpu, alloc, lock");
        }
        Path folder = groupFolder(profiles, group).resolve(kind);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<IntervalFile> files = new ArrayList<>();
        try (Stream<Path> listed = Files.list(folder)) {
            for (Path file : (Iterable<Path>) listed::iterator) {
                Matcher name = INTERVAL_FILE.matcher(file.getFileName().toString());
                if (!name.matches() || !Files.isRegularFile(file)) {
                    continue;
                }
                Instant from = fileTime(name.group(1));
                Instant to = fileTime(name.group(2));
                if (from != null && to != null && from.isBefore(end) && to.isAfter(start)) {
                    files.add(new IntervalFile(file, group, kind, from, to));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("the profile files in " + folder + " could not be listed", asIo(e));
        }
        files.sort(Comparator.comparing(IntervalFile::start).thenComparing(IntervalFile::end));
        return files;
    }

    /**
     * The stacks of every interval file of {@code group} and {@code kind} that overlaps [{@code start}, {@code end}),
     * merged. A file that cannot be read, and each malformed line, is named in {@link #problems()}; the rest is kept.
     */
    public static CollapsedProfile read(Path profiles, String group, String kind, Instant start, Instant end) {
        CollapsedProfile merged = empty();
        for (IntervalFile file : files(profiles, group, kind, start, end)) {
            merged = merged.merge(read(file.file()));
        }
        return merged;
    }

    /** One file's stacks; a file that cannot be read gives no stacks and one problem naming it. */
    public static CollapsedProfile read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            return new CollapsedProfile(Map.of(), List.of(file + ": could not be read: " + e.getMessage()));
        }
    }

    /** A time of a file name ({@code 20261202T101500Z}), or null when it is not one. */
    public static Instant fileTime(String text) {
        try {
            return FILE_TIME.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code <start>--<end>}: how an interval is named in file names. */
    public static String intervalName(Instant start, Instant end) {
        return FILE_TIME.format(start) + "--" + FILE_TIME.format(end);
    }

    /**
     * The folder of {@code group}: {@code profiles/<group>}, the name as {@link DataLayout#folderName} writes it.
     *
     * @throws IllegalArgumentException for a group name that is empty or starts with '.'
     */
    public static Path groupFolder(Path profiles, String group) {
        checkGroup(group);
        return profiles.resolve(DataLayout.folderName(group));
    }

    private static void checkGroup(String group) {
        if (group == null || group.isEmpty() || group.startsWith(".") || group.length() > 255) {
            throw new IllegalArgumentException("profiling group '" + group + "' is not a group's name: 1 to 255 characters, "
                    + "not starting with '.'");
        }
    }

    private static IOException asIo(Exception e) {
        return e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
    }
}
