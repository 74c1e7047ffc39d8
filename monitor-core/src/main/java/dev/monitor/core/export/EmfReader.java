package dev.monitor.core.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.Values;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads EMF lines back into datapoints, as CloudWatch Logs would extract them: one datapoint per
 * metric, dimension set and line, whose samples are the metric member's number or array. Lines
 * that are not valid EMF and files that cannot be read are skipped and reported, never fatal.
 */
public final class EmfReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What was read: the datapoints wanted, each file or line that could not be read as
     * {@code file: reason} or {@code file:line: reason}, and how many EMF documents were read (wanted or not).
     */
    public record Result(List<Datapoint> datapoints, List<String> problems, int documents) {
    }

    /** Longer lines are not EMF this library wrote: they are skipped rather than held in memory. */
    static final int MAX_LINE_BYTES = 8 << 20;

    private EmfReader() {
    }

    /** Reads every {@code emf-*.jsonl} file in {@code directory}; none is an empty result. */
    public static Result readDirectory(Path directory) {
        return readDirectory(directory, (namespace, name) -> true);
    }

    /** Which metrics to keep while reading, by namespace and name; the rest are never built. */
    @FunctionalInterface
    public interface MetricFilter {
        boolean test(String namespace, String metricName);
    }

    /**
     * Reads the datapoints of the metrics {@code wanted} accepts from every {@code emf-*.jsonl}
     * file in {@code directory}, so that a query holds only its own metric in memory. A damaged file
     * never stops the others: a line that is not UTF-8 or not EMF is reported and skipped, and a file
     * that cannot be read on (cut, unreadable, a directory) is reported with what it gave up to there.
     */
    public static Result readDirectory(Path directory, MetricFilter wanted) {
        List<Datapoint> datapoints = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int[] documents = {0};
        if (Files.isDirectory(directory)) {
            List<Path> files;
            try (Stream<Path> listing = Files.list(directory)) {
                files = listing.filter(p -> p.getFileName().toString().matches("emf-.*\\.jsonl")).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                problems.add(directory.getFileName() + ": cannot be listed: " + e.getMessage());
                files = List.of();
            }
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!Files.isRegularFile(file)) {
                    problems.add(name + ": not a regular file");
                    continue;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    new Lines(in).forEach((number, bytes, length) -> {
                        String line = utf8(bytes, length);
                        if (line == null) {
                            problems.add(name + ":" + number + ": not UTF-8 text");
                        } else if (length > MAX_LINE_BYTES) {
                            problems.add(name + ":" + number + ": longer than " + (MAX_LINE_BYTES >> 20) + " MiB");
                        } else if (!line.isBlank()) {
                            try {
                                datapoints.addAll(parse(line, wanted));
                                documents[0]++;
                            } catch (RuntimeException | IOException e) {
                                // IllegalArgumentException names what the document lacks; anything else is still one bad line.
                                problems.add(name + ":" + number + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                            }
                        }
                    });
                } catch (IOException | UncheckedIOException e) {
                    problems.add(name + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                }
            }
        }
        return new Result(datapoints, problems, documents[0]);
    }

    /** The line as text, or null when its bytes are not UTF-8 (a reader that replaced them would hide damage). */
    private static String utf8(byte[] bytes, int length) {
        if (length > MAX_LINE_BYTES) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * The lines of a stream as bytes, split at {@code \n} (a trailing {@code \r} dropped), without
     * holding more than {@link #MAX_LINE_BYTES} of one line: a longer one is passed with its full length
     * but only its first bytes.
     */
    private static final class Lines {
        interface Sink {
            void accept(int number, byte[] bytes, int length);
        }

        private final InputStream in;

        Lines(InputStream in) {
            this.in = in;
        }

        void forEach(Sink sink) throws IOException {
            byte[] chunk = new byte[1 << 16];
            byte[] line = new byte[1 << 12];
            int kept = 0;
            long length = 0;
            int number = 0;
            int n;
            while ((n = in.read(chunk)) > 0) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        line = append(line, kept, chunk, from, i - from);
                        kept = Math.min(MAX_LINE_BYTES + 1, kept + (i - from));
                        length += i - from;
                        deliver(sink, ++number, line, kept, length);
                        kept = 0;
                        length = 0;
                        from = i + 1;
                    }
                }
                line = append(line, kept, chunk, from, n - from);
                kept = Math.min(MAX_LINE_BYTES + 1, kept + (n - from));
                length += n - from;
            }
            if (length > 0) {
                deliver(sink, ++number, line, kept, length);
            }
        }

        private static void deliver(Sink sink, int number, byte[] line, int kept, long length) {
            int usable = kept;
            if (length <= MAX_LINE_BYTES && usable > 0 && line[usable - 1] == '\r') {
                usable--;
            }
            sink.accept(number, line, length > MAX_LINE_BYTES ? MAX_LINE_BYTES + 1 : usable);
        }

        /** {@code line} with up to {@code count} bytes of {@code chunk} after its first {@code kept}, never past the cap. */
        private static byte[] append(byte[] line, int kept, byte[] chunk, int from, int count) {
            int room = MAX_LINE_BYTES + 1 - kept;
            int take = Math.min(count, Math.max(0, room));
            if (take == 0) {
                return line;
            }
            byte[] grown = line;
            if (kept + take > line.length) {
                grown = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES + 1, Math.max(line.length * 2, kept + take)));
            }
            System.arraycopy(chunk, from, grown, kept, take);
            return grown;
        }
    }

    /**
     * The datapoints of one EMF document.
     *
     * @throws IllegalArgumentException naming what the document lacks
     */
    public static List<Datapoint> parse(String line) throws IOException {
        return parse(line, (namespace, name) -> true);
    }

    private static List<Datapoint> parse(String line, MetricFilter wanted) throws IOException {
        JsonNode root = JSON.readTree(line);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode aws = root.path("_aws");
        if (!aws.path("Timestamp").canConvertToLong()) {
            throw new IllegalArgumentException("no _aws.Timestamp in epoch milliseconds");
        }
        Instant timestamp = Instant.ofEpochMilli(aws.get("Timestamp").longValue());
        List<Datapoint> datapoints = new ArrayList<>();
        for (JsonNode directive : aws.path("CloudWatchMetrics")) {
            if (!directive.path("Namespace").isTextual()) {
                throw new IllegalArgumentException("a directive has no Namespace");
            }
            String namespace = directive.get("Namespace").asText();
            for (JsonNode set : directive.path("Dimensions")) {
                List<Dimension> dimensions = new ArrayList<>();
                for (JsonNode key : set) {
                    JsonNode value = root.get(key.asText());
                    if (value == null || !value.isTextual()) {
                        throw new IllegalArgumentException("dimension '" + key.asText() + "' has no string member");
                    }
                    dimensions.add(new Dimension(key.asText(), value.asText()));
                }
                for (JsonNode definition : directive.path("Metrics")) {
                    if (wanted.test(namespace, definition.path("Name").asText())) {
                        datapoints.add(datapoint(root, definition, namespace, dimensions, timestamp));
                    }
                }
            }
        }
        return datapoints;
    }

    private static Datapoint datapoint(JsonNode root, JsonNode definition, String namespace,
                                       List<Dimension> dimensions, Instant timestamp) {
        String name = definition.path("Name").asText();
        Unit unit = definition.has("Unit") ? Unit.fromCloudWatchName(definition.get("Unit").asText()) : Unit.NONE;
        Resolution resolution = Resolution.ofSeconds(definition.path("StorageResolution").asInt(60));
        JsonNode member = root.get(name);
        double[] samples;
        if (member != null && member.isNumber()) {
            samples = new double[] {member.doubleValue()};
        } else if (member != null && member.isArray() && member.size() > 0) {
            samples = new double[member.size()];
            for (int i = 0; i < samples.length; i++) {
                if (!member.get(i).isNumber()) {
                    throw new IllegalArgumentException("metric '" + name + "' has a non-numeric value");
                }
                samples[i] = member.get(i).doubleValue();
            }
        } else {
            throw new IllegalArgumentException("metric '" + name + "' has no numeric member");
        }
        Arrays.sort(samples);
        List<Values> each = new ArrayList<>(samples.length);
        double sum = 0;
        for (double sample : samples) {
            each.add(Values.single(sample));
            sum += sample;
        }
        MetricId id = new MetricId(namespace, name, dimensions, unit, resolution);
        return new Datapoint(id, timestamp, samples.length, sum, samples[0], samples[samples.length - 1], Values.merge(each));
    }
}
