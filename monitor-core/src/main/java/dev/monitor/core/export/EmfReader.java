package dev.monitor.core.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.JsonLinesReader;
import dev.monitor.core.files.RollingFile;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.Values;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads EMF lines back into datapoints, as CloudWatch Logs would extract them: one datapoint per
 * metric, dimension set and line, whose samples are the metric member's number or array. Lines
 * that are not valid EMF and files that cannot be read are skipped and reported, never fatal
 * ({@link JsonLinesReader}'s rules: strict UTF-8, lines up to 8 MiB).
 */
public final class EmfReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What was read: the datapoints wanted, each file or line that could not be read as
     * {@code file: reason} or {@code file:line: reason}, and how many EMF documents were read (wanted or not).
     */
    public record Result(List<Datapoint> datapoints, List<String> problems, int documents) {
    }

    private EmfReader() {
    }

    /** Reads every EMF file ({@link DataLayout.Files#EMF}) in {@code directory}; none is an empty result. */
    public static Result readDirectory(Path directory) {
        return readDirectory(directory, (namespace, name) -> true);
    }

    /** Which metrics to keep while reading, by namespace and name; the rest are never built. */
    @FunctionalInterface
    public interface MetricFilter {
        boolean test(String namespace, String metricName);
    }

    /**
     * Reads the datapoints of the metrics {@code wanted} accepts from every EMF file in
     * {@code directory}, so that a query holds only its own metric in memory. A damaged file never
     * stops the others: a line that is not UTF-8 or not EMF is reported and skipped, and a file that
     * cannot be read on (cut, unreadable, a directory) is reported with what it gave up to there.
     * Problems name files by their name in {@code directory}.
     */
    public static Result readDirectory(Path directory, MetricFilter wanted) {
        Reading reading = new Reading(wanted);
        reading.folder(directory, file -> file.getFileName().toString());
        return reading.result();
    }

    /**
     * As {@link #readDirectory(Path, MetricFilter)} over every metrics folder of {@code layout} (the
     * default one and those its manifest records), naming files in problems by their path.
     */
    public static Result read(DataLayout layout, MetricFilter wanted) {
        Reading reading = new Reading(wanted);
        for (Path folder : layout.folders(Signal.METRICS.name())) {
            reading.folder(folder, Path::toString);
        }
        return reading.result();
    }

    /** One read over one or more folders. */
    private static final class Reading {
        private final MetricFilter wanted;
        private final JsonLinesReader lines = new JsonLinesReader();
        private final List<Datapoint> datapoints = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private int documents;

        Reading(MetricFilter wanted) {
            this.wanted = wanted;
        }

        void folder(Path directory, Function<Path, String> naming) {
            if (!Files.isDirectory(directory)) {
                return;
            }
            List<Path> files;
            try (Stream<Path> listing = Files.list(directory)) {
                files = RollingFile.withoutCompressedTwins(
                        listing.filter(p -> DataLayout.Files.EMF.matches(p.getFileName().toString())).sorted().toList());
            } catch (IOException | UncheckedIOException e) {
                problems.add(naming.apply(directory) + ": cannot be listed: " + e.getMessage());
                return;
            }
            for (Path file : files) {
                lines.read(file, naming.apply(file), (number, line) -> {
                    datapoints.addAll(parse(line, wanted));
                    documents++;
                }, problems::add);
            }
        }

        Result result() {
            return new Result(datapoints, problems, documents);
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
        Unit unit = definition.has("Unit") ? Unit.fromApiName(definition.get("Unit").asText()) : Unit.NONE;
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
