package dev.monitor.xray.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.core.files.DataLayout;
import dev.monitor.testing.ManualClock;
import dev.monitor.xray.Sampler;
import dev.monitor.xray.internal.SegmentFilesExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Secrets planted anywhere a segment can carry them never reach a segment file. */
class RedactionProperties {

    enum Place { METADATA, AWS, ANNOTATION_KEY, ANNOTATION_TEXT, URL_PASSWORD, URL_QUERY, SQL_URL, EXCEPTION }

    /** A secret, where it is put, how deep (metadata and aws values nest in maps and lists), and whether on a subsegment. */
    record Planting(String secret, Place place, String key, List<Boolean> levels, boolean onSubsegment) {
        /** The secret under a secret key, wrapped in {@code levels} maps (true) or lists (false). */
        Object nested() {
            Object value = new LinkedHashMap<>(Map.of(key, secret, "harmless", "kept"));
            for (int i = 0; i < levels.size(); i++) {
                value = levels.get(i) ? new LinkedHashMap<>(Map.of("level" + i, value)) : new ArrayList<>(List.of("x", value));
            }
            return value;
        }
    }

    @Provide
    Arbitrary<Planting> plantings() {
        return Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(10).ofMaxLength(20).map(s -> "zq" + s),
                Arbitraries.of(Place.class), Arbitraries.of("dbPassword", "access_token", "clientSecret", "apiKey", "X-Api-Key",
                        "Authorization", "privateKey", "PASSWD"),
                Arbitraries.of(true, false).list().ofMaxSize(6), Arbitraries.of(true, false)).as(Planting::new);
    }

    @Property(tries = 60)
    void noPlantedSecretReachesASegmentFile(@ForAll("plantings") Planting planting) throws Exception {
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        Path dir = Files.createTempDirectory("redaction");
        try {
            TraceEngine tracer = TraceEngine.builder().clock(clock).sampler(Sampler.fromJson(
                            "{\"version\": 2, \"rules\": [], \"default\": {\"fixed_target\": 1000000, \"rate\": 1}}", clock))
                    .exporter("segment-files", new SegmentFilesExporter(new DataLayout(dir),
                            new SegmentFilesExporter.Options(1 << 20, Duration.ofHours(1), null), clock)).build();
            try (Segment segment = tracer.beginSegment("orders")) {
                if (planting.onSubsegment()) {
                    try (Subsegment call = tracer.beginSubsegment("payments")) {
                        plant((Entity) call, planting);
                    }
                } else {
                    plant((Entity) segment, planting);
                }
            }
            tracer.close();
            String written = read(dir);
            assertTrue(written.contains("\"orders\""), "the segment was written: " + written);
            assertFalse(written.contains(planting.secret()), written);
            assertTrue(written.contains("[REDACTED]"), written);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static void plant(Entity entity, Planting planting) {
        String secret = planting.secret();
        switch (planting.place()) {
            case METADATA -> entity.putMetadata("debug", "request", planting.nested());
            case AWS -> entity.putAws("operation_input", planting.nested());
            case ANNOTATION_KEY -> entity.putAnnotation(planting.key().replace("-", "_"), secret);
            case ANNOTATION_TEXT -> entity.putAnnotation("note", "retrying with " + planting.key() + "=" + secret);
            case URL_PASSWORD -> entity.putHttpRequest("url", "https://ann:" + secret + "@shop.example/orders?id=1");
            case URL_QUERY -> entity.putHttpRequest("url", "https://shop.example/orders?id=1&access_token=" + secret + "&x=2");
            case SQL_URL -> entity.putSql("url", "jdbc:postgresql://db.example/shop?user=ann&password=" + secret);
            default -> entity.addException(new IllegalStateException("login failed, " + planting.key() + "=" + secret + " refused"));
        }
    }

    private static String read(Path dir) throws IOException {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.append(Files.readString(file));
            }
        }
        return out.toString();
    }
}
