package dev.monitor.benchmarks;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import dev.monitor.api.context.Context;
import dev.monitor.api.logs.Logger;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.Monitor;
import dev.monitor.core.logs.LogSettings;
import dev.monitor.core.metrics.BuiltinMetrics;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.redaction.SecretWords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.logstash.logback.encoder.LogstashEncoder;
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
 * Logging one event with the same JSON fields (a context key {@code requestId}, and
 * {@code orderId} and {@code amount}) to a file: Monitor's structured logger against Logback
 * with logstash-logback-encoder, synchronous (the usual set-up: the caller encodes and writes)
 * and behind an {@code AsyncAppender} (the caller enqueues, like Monitor's).
 *
 * <p>{@code *Call} benchmarks time one call on the caller's thread, in a loop no writer can keep
 * up with: Monitor then drops (and counts) most events, and teardown prints how many. The
 * {@code *Paced} ones spend a fixed amount of CPU between calls so that the writer keeps up;
 * minus {@code pace} they give the cost of a call that is not dropped. {@code *Sustained} ones
 * log 10,000 events and wait until they are written: the time per event is the inverse of the
 * sustained rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LogBenchmarks {
    private Path dir;
    private Monitor monitor;
    private Logger monitorLog;
    private LoggerContext logback;
    private org.slf4j.Logger logbackSync;
    private org.slf4j.Logger logbackAsync;
    private AsyncAppender asyncAppender;
    private dev.monitor.api.context.Scope context;
    private long orderId;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("log-benchmarks");
        Monitor.Builder builder = Monitor.builder().namespace("Bench").dataDir(dir.resolve("monitor"))
                .tickEvery(Duration.ZERO)
                .logs(LogSettings.builder().group("/bench/app").stream("bench").level(dev.monitor.api.logs.Level.INFO)
                        .queueCapacity(1 << 16).maxEventBytes(256 * 1024).secretWords(SecretWords.DEFAULTS)
                        .rotateBytes(256L << 20).rotateEvery(Duration.ofHours(1)).build());
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        monitor = builder.build();
        monitorLog = monitor.logs().logger("bench.Orders");

        logback = new LoggerContext();
        logback.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        logback.start();
        logbackSync = logger("sync", dir.resolve("logback-sync.json"), false);
        logbackAsync = logger("async", dir.resolve("logback-async.json"), true);
        // Logback's own MDC adapter: the same map the encoder reads, whatever SLF4J provider is installed.
        logback.getMDCAdapter().put("requestId", "r-42");
        context = Context.current().with("requestId", "r-42").makeCurrent();
    }

    private org.slf4j.Logger logger(String name, Path file, boolean async) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(logback);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(logback);
        appender.setName(name + "-file");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger logger = logback.getLogger("bench." + name);
        logger.setAdditive(false);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        if (async) {
            asyncAppender = new AsyncAppender();
            asyncAppender.setContext(logback);
            asyncAppender.setName("async");
            asyncAppender.setQueueSize(1 << 16);
            asyncAppender.setDiscardingThreshold(0);
            asyncAppender.setNeverBlock(true);
            asyncAppender.addAppender(appender);
            asyncAppender.start();
            logger.addAppender(asyncAppender);
        } else {
            logger.addAppender(appender);
        }
        return logger;
    }

    @Benchmark
    public void monitorCall() {
        monitorLog.atInfo().field("orderId", ++orderId).field("amount", 42.5).message("order placed");
    }

    @Benchmark
    public void logbackSyncCall() {
        logbackSync.atInfo().addKeyValue("orderId", ++orderId).addKeyValue("amount", 42.5).log("order placed");
    }

    @Benchmark
    public void logbackAsyncCall() {
        logbackAsync.atInfo().addKeyValue("orderId", ++orderId).addKeyValue("amount", 42.5).log("order placed");
    }

    /** CPU burnt between paced calls: a few microseconds on the build machines. */
    private static final long PACE_TOKENS = 500;

    @Benchmark
    public void pace() {
        org.openjdk.jmh.infra.Blackhole.consumeCPU(PACE_TOKENS);
    }

    @Benchmark
    public void monitorPaced() {
        org.openjdk.jmh.infra.Blackhole.consumeCPU(PACE_TOKENS);
        monitorLog.atInfo().field("orderId", ++orderId).field("amount", 42.5).message("order placed");
    }

    @Benchmark
    public void logbackAsyncPaced() {
        org.openjdk.jmh.infra.Blackhole.consumeCPU(PACE_TOKENS);
        logbackAsync.atInfo().addKeyValue("orderId", ++orderId).addKeyValue("amount", 42.5).log("order placed");
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public void monitorSustained() {
        for (int i = 0; i < 10_000; i++) {
            monitorLog.atInfo().field("orderId", ++orderId).field("amount", 42.5).message("order placed");
        }
        monitor.logs().flush(Duration.ofSeconds(30));
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public void logbackSyncSustained() {
        for (int i = 0; i < 10_000; i++) {
            logbackSync.atInfo().addKeyValue("orderId", ++orderId).addKeyValue("amount", 42.5).log("order placed");
        }
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public void logbackAsyncSustained() {
        for (int i = 0; i < 10_000; i++) {
            logbackAsync.atInfo().addKeyValue("orderId", ++orderId).addKeyValue("amount", 42.5).log("order placed");
        }
        while (asyncAppender.getNumberOfElementsInQueue() > 0) {
            Thread.onSpinWait();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        context.close();
        monitor.logs().flush(Duration.ofSeconds(30));
        Instant minute = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        double dropped = ((dev.monitor.core.metrics.internal.MetricRegistry) monitor.metrics()).collect(Resolution.STANDARD, minute).stream()
                .filter(d -> d.metric().name().equals("LogEventsDropped")).mapToDouble(Datapoint::sum).sum();
        System.out.printf("%nMonitor dropped %.0f of %d events (queue full)%n", dropped, orderId);
        Path sync = dir.resolve("logback-sync.json");
        if (Files.exists(sync) && Files.size(sync) > 0) {
            // An empty MDC would make Logback look cheaper than it is.
            System.out.println("Logback's file holds the MDC's requestId: "
                    + Files.readAllLines(sync).get(0).contains("\"requestId\":\"r-42\""));
        }
        monitor.close();
        logback.stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
