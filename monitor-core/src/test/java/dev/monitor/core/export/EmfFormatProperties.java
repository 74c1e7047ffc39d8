package dev.monitor.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.metrics.Dimension;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.Values;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Every line the EMF writer produces obeys the rules of CloudWatch's "Specification: Embedded
 * metric format", and reading the lines back yields every sample that was written.
 */
class EmfFormatProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The unit pattern of the specification's JSON schema. */
    private static final Pattern UNITS = Pattern.compile("Seconds|Microseconds|Milliseconds|Bytes|Kilobytes|Megabytes|"
            + "Gigabytes|Terabytes|Bits|Kilobits|Megabits|Gigabits|Terabits|Percent|Count|Bytes/Second|Kilobytes/Second|"
            + "Megabytes/Second|Gigabytes/Second|Terabytes/Second|Bits/Second|Kilobits/Second|Megabits/Second|"
            + "Gigabits/Second|Terabits/Second|Count/Second|None");
    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    @Provide
    Arbitrary<List<Datapoint>> batches() {
        Arbitrary<List<Dimension>> dimensions = Arbitraries.integers().between(0, 9).flatMap(n ->
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(3).list().ofSize(n).uniqueElements()
                        .map(names -> names.stream().map(name -> new Dimension("d" + name, "v" + name.length())).toList()));
        Arbitrary<Values> values = Arbitraries.doubles().between(-1e6, 1e6).ofScale(2)
                .list().ofMinSize(1).ofMaxSize(40)
                .flatMap(distinct -> Arbitraries.longs().between(1, 60).list().ofSize(distinct.size())
                        .map(counts -> values(distinct, counts)));
        Arbitrary<Datapoint> datapoint = Combinators.combine(
                Arbitraries.of("Shop", "Monitor"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
                dimensions, Arbitraries.of(Unit.values()), Arbitraries.of(Resolution.values()), values)
                .as((ns, name, dims, unit, resolution, v) -> new Datapoint(
                        new MetricId(ns, "m" + name, dims, unit, resolution), T, v.sampleCount(), 0,
                        v.values()[0], v.values()[v.values().length - 1], v));
        return datapoint.list().ofMinSize(1).ofMaxSize(250).uniqueElements(d -> d.metric());
    }

    private static Values values(List<Double> distinct, List<Long> counts) {
        Map<Double, Long> merged = new HashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            merged.merge(distinct.get(i), counts.get(i), Long::sum);
        }
        List<Values> parts = new ArrayList<>();
        merged.forEach((v, c) -> parts.add(new Values(new double[] {v}, new long[] {c})));
        return Values.merge(parts);
    }

    @Property(tries = 150)
    void everyLineObeysTheSpecification(@ForAll("batches") List<Datapoint> batch) throws Exception {
        List<String> lines = new EmfFormat(1000).format(batch, rejected -> {
            throw new AssertionError("rejected " + rejected);
        });
        for (String line : lines) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= EmfFormat.MAX_EVENT_BYTES, "over 256 KB");
            JsonNode root = JSON.readTree(line);
            JsonNode aws = root.get("_aws");
            assertTrue(aws.get("Timestamp").isIntegralNumber(), "Timestamp is epoch milliseconds");
            assertEquals(T.toEpochMilli(), aws.get("Timestamp").longValue());
            assertTrue(aws.get("CloudWatchMetrics").isArray());
            for (JsonNode directive : aws.get("CloudWatchMetrics")) {
                String namespace = directive.get("Namespace").asText();
                assertTrue(!namespace.isEmpty() && namespace.length() <= 255);
                assertTrue(directive.get("Dimensions").isArray() && directive.get("Dimensions").size() >= 1);
                for (JsonNode set : directive.get("Dimensions")) {
                    assertTrue(set.size() <= 9, "a DimensionSet has at most 9 keys");
                    for (JsonNode key : set) {
                        assertTrue(root.get(key.asText()).isTextual(), "dimension target is a string member");
                    }
                }
                JsonNode metrics = directive.get("Metrics");
                assertTrue(metrics.size() >= 1 && metrics.size() <= 100, "at most 100 MetricDefinitions");
                for (JsonNode definition : metrics) {
                    Iterator<String> fields = definition.fieldNames();
                    while (fields.hasNext()) {
                        String field = fields.next();
                        assertTrue(Set.of("Name", "Unit", "StorageResolution").contains(field), "no extra member " + field);
                    }
                    assertTrue(UNITS.matcher(definition.get("Unit").asText()).matches());
                    if (definition.has("StorageResolution")) {
                        assertEquals(1, definition.get("StorageResolution").intValue());
                    }
                    JsonNode target = root.get(definition.get("Name").asText());
                    assertTrue(target.isNumber() || (target.isArray() && target.size() <= 100 && target.size() > 0),
                            "metric target is a number or an array of at most 100 numbers");
                    if (target.isArray()) {
                        target.forEach(value -> assertTrue(value.isNumber()));
                    }
                }
            }
        }
        Map<MetricId, Long> readBack = new HashMap<>();
        for (String line : lines) {
            for (Datapoint d : EmfReader.parse(line)) {
                readBack.merge(d.metric(), d.sampleCount(), Long::sum);
            }
        }
        Set<MetricId> seen = new HashSet<>();
        for (Datapoint d : batch) {
            seen.add(d.metric());
            assertEquals(Math.min(1000, d.sampleCount()), readBack.get(d.metric()), "samples of " + d.metric());
        }
        assertEquals(seen, readBack.keySet());
    }

    @Test
    void beyondTheCapQuantilesStandForTheDistribution() {
        EmfFormat format = new EmfFormat(100);
        double[] values = new double[1000];
        long[] counts = new long[1000];
        for (int i = 0; i < 1000; i++) {
            values[i] = i + 1;
            counts[i] = 10;
        }
        double[] samples = format.samples(new Values(values, counts));
        assertEquals(100, samples.length);
        assertEquals(6.0, samples[0]);
        assertEquals(996.0, samples[99]);
        Values fromSamples = Values.merge(java.util.Arrays.stream(samples).mapToObj(Values::single).toList());
        assertEquals(500.0, fromSamples.percentile(50), 10);
        assertEquals(990.0, fromSamples.percentile(99), 10);
    }

    @Test
    void metricsEmfCannotCarryAreRejectedNotLost() {
        List<Dimension> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(new Dimension("d" + i, "v"));
        }
        Datapoint wide = Datapoint.single(new MetricId("Shop", "Wide", ten, Unit.COUNT, Resolution.STANDARD), T, 1);
        Datapoint clash = Datapoint.single(new MetricId("Shop", "Region", List.of(new Dimension("Region", "eu")),
                Unit.COUNT, Resolution.STANDARD), T, 1);
        Datapoint fine = Datapoint.single(new MetricId("Shop", "Orders", List.of(), Unit.COUNT, Resolution.HIGH), T, 4);
        List<Datapoint> rejected = new ArrayList<>();
        List<String> lines = new EmfFormat(1000).format(List.of(wide, clash, fine), rejected::add);
        assertEquals(List.of(wide, clash), rejected);
        assertEquals("{\"_aws\":{\"Timestamp\":1795341600000,\"CloudWatchMetrics\":[{\"Namespace\":\"Shop\","
                + "\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"Orders\",\"Unit\":\"Count\",\"StorageResolution\":1}]}]},"
                + "\"Orders\":4.0}", lines.get(0));
    }
}
