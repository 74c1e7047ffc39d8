package dev.monitor.reviewer;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.symbolsolver.JavaSymbolSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.ReflectionTypeSolver;
import dev.monitor.reviewer.detectors.Detectors;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reviews Java 17 sources: parses each file, runs every detector over it, drops what inline suppressions, the
 * baseline and the diff filter leave out, and returns the rest as a {@link Review}. A file that does not parse is
 * a problem line in the review, never a failure of the whole run. Immutable and thread-safe; each
 * {@link #review} call parses with its own parser.
 * <pre>{@code
 * Review review = Reviewer.builder().build().review(Path.of("src/main/java"));
 * }</pre>
 */
public final class Reviewer {
    /** Folders that hold build output or tool state rather than sources. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", "build", "node_modules", ".git", ".idea");

    private final List<Detector> detectors;
    private final Baseline baseline;
    private final ChangedLines changes;

    private Reviewer(Builder builder) {
        this.detectors = List.copyOf(builder.detectors);
        this.baseline = builder.baseline;
        this.changes = builder.changes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reviews every {@code .java} file under {@code sources}, naming files relative to {@code sources}. */
    public Review review(Path sources) throws IOException {
        return review(sources, sources);
    }

    /**
     * Reviews every {@code .java} file under {@code sources} (a folder or one file), naming files relative to
     * {@code root}: the repository's top folder when the report goes to code scanning or the diff filter is on.
     */
    public Review review(Path sources, Path root) throws IOException {
        if (!Files.exists(sources)) {
            throw new IOException("--source " + sources + ": no such file or folder");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(path -> path.toString().endsWith(".java") && Files.isRegularFile(path))
                    .filter(path -> !skipped(sources.relativize(path)))
                    .sorted().toList();
        }
        Path base = root.toAbsolutePath().normalize();
        long started = System.nanoTime();
        Collector collector = new Collector();
        JavaParser parser = parser();
        for (Path file : files) {
            String name = base.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (MalformedInputException e) {
                collector.problems.add(name + ": not UTF-8 text, not reviewed");
                continue;
            }
            collector.review(parser, name, text);
        }
        return collector.review(Duration.ofNanos(System.nanoTime() - started));
    }

    /** Reviews one file's text, named {@code path}: what a test or an editor integration needs. */
    public Review review(String path, String text) {
        Collector collector = new Collector();
        long started = System.nanoTime();
        collector.review(parser(), path, text);
        return collector.review(Duration.ofNanos(System.nanoTime() - started));
    }

    /** The rules of the detectors this reviewer runs. */
    public List<Rule> rules() {
        return detectors.stream().map(Detector::rule).toList();
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            if (SKIPPED_FOLDERS.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A Java 17 parser whose symbol solver knows the JDK's types only: enough to type a {@code var} local from the
     * JDK method that initialises it, without loading the reviewed project's classes or dependencies.
     */
    private static JavaParser parser() {
        return new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
                .setSymbolResolver(new JavaSymbolSolver(new ReflectionTypeSolver(true))));
    }

    /** One review's running totals. */
    private final class Collector {
        final List<Finding> findings = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        int suppressed;
        int baselined;
        int unchanged;
        int files;
        long lines;

        void review(JavaParser parser, String name, String text) {
            ParseResult<CompilationUnit> parsed = parser.parse(text);
            if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
                String why = parsed.getProblems().isEmpty() ? "no syntax tree" : parsed.getProblems().get(0).getVerboseMessage();
                problems.add(name + ": does not parse as Java 17, not reviewed: " + why.lines().findFirst().orElse(why));
                return;
            }
            SourceFile file = new SourceFile(name, parsed.getResult().get(), text);
            files++;
            lines += file.lineCount();
            Suppressions suppressions = new Suppressions(file);
            problems.addAll(suppressions.problems());
            for (Detector detector : detectors) {
                Consumer<Finding> sink = finding -> {
                    if (suppressions.silences(finding)) {
                        suppressed++;
                    } else if (baseline.knows(finding)) {
                        baselined++;
                    } else if (changes != null && !changes.touches(finding.file(), finding.startLine(), finding.endLine())) {
                        unchanged++;
                    } else {
                        findings.add(finding);
                    }
                };
                try {
                    detector.inspect(file, sink);
                } catch (RuntimeException | StackOverflowError e) {
                    // One detector tripping over unusual code must not cost the findings of the others.
                    problems.add(name + ": detector " + detector.rule().id() + " failed: " + e);
                }
            }
        }

        Review review(Duration elapsed) {
            findings.sort(Comparator.comparing(Finding::file).thenComparingInt(Finding::startLine)
                    .thenComparingInt(Finding::startColumn).thenComparing(Finding::ruleId));
            return new Review(rules(), findings, suppressed, baselined, unchanged, files, lines, problems, elapsed);
        }
    }

    /** Which detectors run and which findings are left out. */
    public static final class Builder {
        private List<Detector> detectors = Detectors.all();
        private Baseline baseline = Baseline.empty();
        private ChangedLines changes;

        private Builder() {
        }

        /** The detectors to run; default: {@code Detectors.all()}. Rule ids must be unique. */
        public Builder detectors(List<? extends Detector> detectors) {
            Objects.requireNonNull(detectors, "detectors");
            Set<String> ids = new HashSet<>();
            for (Detector detector : detectors) {
                if (!ids.add(detector.rule().id())) {
                    throw new IllegalArgumentException("two detectors report rule " + detector.rule().id());
                }
            }
            this.detectors = List.copyOf(detectors);
            return this;
        }

        /** Findings this baseline knows are counted, not reported. */
        public Builder baseline(Baseline baseline) {
            this.baseline = Objects.requireNonNull(baseline, "baseline");
            return this;
        }

        /** Only findings touching these lines are reported (paths relative to the review's root). */
        public Builder changedLines(ChangedLines changes) {
            this.changes = Objects.requireNonNull(changes, "changed lines");
            return this;
        }

        public Reviewer build() {
            return new Reviewer(this);
        }
    }
}
