package dev.monitor.benchmarks;

import dev.monitor.api.logs.Logger;
import dev.monitor.testing.ManualClock;
import dev.monitor.core.Monitor;
import dev.monitor.core.redaction.SecretWords;
import dev.monitor.core.logs.LogSettings;
import dev.monitor.core.logs.QueryEngine;
import dev.monitor.core.logs.QueryResult;
import dev.monitor.core.metrics.BuiltinMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A Logs Insights filter-and-stats query over log files on one thread: the time per operation
 * is per event scanned, its inverse the events scanned per second on one core. The files hold
 * {@value #EVENTS} events of the shop's shape, gzipped as the writer leaves them after rotation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class QueryScanBenchmark {
    static final int EVENTS = 500_000;
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final String QUERY = "filter level = \"ERROR\" and latencyMs > 100 | stats count(*) as errors, avg(latencyMs) by region";

    private Path dir;

    @Setup(Level.Trial)
    public void writeFiles() throws IOException {
        dir = Files.createTempDirectory("query-scan");
        ManualClock clock = new ManualClock(START);
        Monitor.Builder builder = Monitor.builder().namespace("Bench").dataDir(dir).clock(clock).tickEvery(Duration.ZERO)
                .logs(LogSettings.builder().group("/bench/app").stream("bench").level(dev.monitor.api.logs.Level.INFO)
                        .queueCapacity(1 << 16).maxEventBytes(256 * 1024).secretWords(SecretWords.DEFAULTS)
                        .rotateBytes(16L << 20).rotateEvery(Duration.ofHours(1)).build());
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        String[] regions = {"eu-west-1", "us-east-1", "ap-south-1"};
        try (Monitor monitor = builder.build()) {
            Logger log = monitor.logs().logger("shop.Orders");
            for (int i = 0; i < EVENTS; i++) {
                clock.set(START.plusMillis(i));
                var event = (i % 20 == 0 ? log.atError() : log.atInfo()).field("orderId", "o-" + i)
                        .field("region", regions[i % 3]).field("latencyMs", i % 250).field("amount", (i % 1000) / 4.0);
                event.message(i % 20 == 0 ? "payment failed" : "order placed");
                if (i % 50_000 == 0) {
                    monitor.logs().flush(Duration.ofSeconds(30));
                }
            }
        }
        QueryResult check = scan();
        if (check.scanned() != EVENTS) {
            throw new IllegalStateException("expected " + EVENTS + " events in the files, found " + check.scanned());
        }
    }

    private QueryResult scan() {
        return QueryEngine.run(QUERY, new dev.monitor.core.files.DataLayout(dir).logs(), List.of("/bench/app"), START, START.plus(Duration.ofHours(1)));
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public QueryResult filterAndStats() {
        return scan();
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
