package dev.monitor.core.logs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.context.Context;
import dev.monitor.api.context.Scope;
import dev.monitor.api.logs.Level;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.logs.internal.EventBuilder;
import dev.monitor.core.logs.internal.TestLogs;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.core.redaction.SecretWords;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

/** Secrets planted anywhere in an event, at any depth, never reach a log file. */
class LogRedactionProperties {
    enum Place {
        FIELD, NESTED_FIELD, CONTEXT, MDC, FIELD_TEXT, CONTEXT_TEXT, ARGUMENT_AFTER_KEY, ARGUMENT_PAIR,
        ARGUMENT_URL_PASSWORD, ARGUMENT_URL_QUERY, NESTED_ARGUMENT, MESSAGE_TEXT, EXCEPTION_MESSAGE, CAUSE_MESSAGE
    }

    /** One secret: where it goes, under which key, separated how, at which depth. */
    record Plant(Place place, String key, String separator, String value, int depth) {
    }

    @Property(tries = 150)
    void aPlantedSecretNeverReachesALogFile(@ForAll("plantLists") List<Plant> plants)
            throws Exception {
        Path dir = Files.createTempDirectory("redaction");
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        TestLogs logs = TestLogs.start(LogSettings.builder().group("/monitor/Shop").stream("host-1").level(Level.INFO)
                .queueCapacity(1024).maxEventBytes(65536).secretWords(SecretWords.DEFAULTS).rotateBytes(1 << 20)
                .rotateEvery(Duration.ofHours(1)).build(), dir, clock,
                new MetricRegistry("Shop", clock, Resolution.STANDARD, 1000));
        try {
            log(logs, plants);
            assertTrue(logs.flush(Duration.ofSeconds(5)));
            logs.close();
            String written = LogSafetyTest.everythingWritten(dir);
            assertTrue(written.contains("\"message\":\"planted"), written);
            for (Plant plant : plants) {
                assertFalse(written.contains(plant.value()), plant + " leaked: " + written);
            }
        } finally {
            logs.close();
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void log(TestLogs logs, List<Plant> plants) {
        EventBuilder event = logs.logger("app").builder(Level.WARN);
        Context context = Context.current();
        Map<String, String> mdc = new LinkedHashMap<>();
        StringBuilder pattern = new StringBuilder("planted");
        List<Object> arguments = new ArrayList<>();
        // The messages of an exception and its causes, outermost first.
        List<String> chain = new ArrayList<>();
        int n = 0;
        for (Plant plant : plants) {
            String pair = plant.key() + plant.separator() + plant.value();
            String field = "f" + n++;
            switch (plant.place()) {
                case FIELD -> event.field(plant.key(), plant.value());
                case NESTED_FIELD -> event.field(field, nest(plant, plant.depth()));
                case CONTEXT -> context = context.with(plant.key(), plant.value());
                case MDC -> mdc.put(plant.key(), plant.value());
                case FIELD_TEXT -> event.field(field, "before " + pair + " after");
                case CONTEXT_TEXT -> context = context.with(field, "x " + pair);
                case ARGUMENT_AFTER_KEY -> {
                    pattern.append(" ").append(plant.key()).append(plant.separator()).append("{}");
                    arguments.add(plant.value());
                }
                case ARGUMENT_PAIR -> {
                    pattern.append(" got {} there");
                    arguments.add(pair);
                }
                case ARGUMENT_URL_PASSWORD -> {
                    pattern.append(" calling {}");
                    arguments.add("https://ann:" + plant.value() + "@db.example:5432/x");
                }
                case ARGUMENT_URL_QUERY -> {
                    pattern.append(" GET {}");
                    arguments.add("/orders?id=7&" + plant.key() + "=" + plant.value() + "&x=1");
                }
                case NESTED_ARGUMENT -> {
                    pattern.append(" with {}");
                    arguments.add(nest(plant, plant.depth()));
                }
                case MESSAGE_TEXT -> pattern.append(" ").append(pair.replace("{", "(")).append(",");
                case EXCEPTION_MESSAGE -> chain.add(0, "failed: " + pair);
                case CAUSE_MESSAGE -> {
                    for (int i = 0; i <= plant.depth(); i++) {
                        chain.add("wrapped " + i);
                    }
                    chain.add("refused " + pair);
                }
            }
        }
        Throwable failure = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            failure = i % 2 == 0 ? new IllegalStateException(chain.get(i), failure) : new java.io.IOException(chain.get(i), failure);
        }
        if (failure != null) {
            event.cause(failure);
        }
        event.context(mdc);
        try (Scope ignored = context.makeCurrent()) {
            event.message(pattern.toString(), arguments.toArray());
        }
    }

    /** The secret under its key, {@code depth} maps and lists down, among other values. */
    private static Object nest(Plant plant, int depth) {
        Map<String, Object> bottom = new LinkedHashMap<>();
        bottom.put("user", "ann");
        bottom.put(plant.key(), plant.value());
        Object value = bottom;
        for (int i = 0; i < depth; i++) {
            if (i % 2 == 0) {
                value = List.of("item", value);
            } else {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("level" + i, value);
                value = map;
            }
        }
        return value;
    }

    @Provide
    Arbitrary<List<Plant>> plantLists() {
        return plants().list().ofMinSize(1).ofMaxSize(4);
    }

    private static Arbitrary<Plant> plants() {
        Arbitrary<String> keys = Arbitraries.of(SecretWords.DEFAULTS).flatMap(word -> Arbitraries.strings().alpha()
                .ofMaxLength(4).map(prefix -> prefix + (prefix.length() % 2 == 0 ? word : word.toUpperCase())));
        Arbitrary<String> separators = Arbitraries.of("=", ": ", ":", " = ");
        // Z and Q never occur in what is logged around them: finding the value means it leaked.
        Arbitrary<String> words = Arbitraries.strings().withChars("XYZ0123456789_-.").ofMinLength(4).ofMaxLength(16);
        return Combinators.combine(Arbitraries.of(Place.class), keys, separators, words, words,
                Arbitraries.integers().between(0, 6)).as((place, key, separator, first, second, depth) -> {
                    // Where the structure says where a value ends, it may hold spaces; in free text it ends at one.
                    boolean structured = place == Place.FIELD || place == Place.NESTED_FIELD || place == Place.CONTEXT
                            || place == Place.MDC || place == Place.ARGUMENT_AFTER_KEY || place == Place.NESTED_ARGUMENT;
                    return new Plant(place, key, separator, "ZQ" + first + (structured ? " " : "") + second, depth);
                });
    }
}
