package dev.monitor.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.core.audit.AuditEvent;
import dev.monitor.core.audit.AuditResource;
import dev.monitor.core.audit.AuditSettings;
import dev.monitor.core.audit.AuditTrail;
import dev.monitor.core.audit.LookupAttribute;
import dev.monitor.core.audit.SigningKeys;
import dev.monitor.core.audit.TrailValidator;
import dev.monitor.core.audit.UserIdentity;
import dev.monitor.core.files.DataLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The audit trail: records per second in buffered and in sync mode (run with {@code -t 1} and
 * {@code -t 2}: sync callers share forces), against the naive durable log of one forced write per
 * record; looking up one user's records among 1,000,000; and validating the trail that holds them.
 * No peer library keeps an audit trail, so the naive log is the comparison.
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditBenchmarks {

    /** A trail being written to, in each mode. */
    @State(Scope.Benchmark)
    public static class Trails {
        Path dir;
        AuditTrail buffered;
        AuditTrail sync;
        final AtomicLong ids = new AtomicLong();

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory("audit-benchmarks");
            AuditSettings buffering = AuditSettings.builder().deliverEvery(Duration.ofMinutes(5), 10_000).build();
            buffered = AuditTrail.builder().dataDir(dir.resolve("buffered")).settings(buffering).build();
            sync = AuditTrail.builder().dataDir(dir.resolve("sync")).settings(buffering.toBuilder().sync().build()).build();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            buffered.close();
            sync.close();
            delete(dir);
        }
    }

    static AuditEvent event(long id) {
        return AuditEvent.builder("DeleteOrder").source("orders.shop.example").by(UserIdentity.user("user-" + (id % 1000)))
                .from("203.0.113.7").userAgent("shop-admin/1.0").request(Map.of("orderId", "o-" + id))
                .resource(AuditResource.of("Shop::Order", "arn:monitor:shop:::order/o-" + id)).build();
    }

    /** Records per second, handed to the journal's writer (forced every 100 ms). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void recordBuffered(Trails trails) {
        trails.buffered.record(event(trails.ids.incrementAndGet()));
    }

    /** Records per second, each forced to disk before {@code record} returns. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void recordSync(Trails trails) {
        trails.sync.record(event(trails.ids.incrementAndGet()));
    }

    /** The naive durable log sync mode is measured against: one record's line written and forced per call. */
    @State(Scope.Benchmark)
    public static class ForcedFile {
        Path dir;
        FileChannel channel;
        byte[] line;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory("audit-forced");
            channel = FileChannel.open(dir.resolve("journal"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            Instant before = Instant.now().minusSeconds(60);
            try (AuditTrail trail = AuditTrail.builder().dataDir(dir.resolve("sample")).build()) {
                trail.record(event(1));
            }
            JsonNode sample = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    AuditTrail.lookupEvents(dir.resolve("sample"), null, before, Instant.now().plusSeconds(60), 1, null));
            line = (sample.at("/Events/0/CloudTrailEvent").asText() + "\n").getBytes(StandardCharsets.UTF_8);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            delete(dir);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void forceEachLine(ForcedFile file) throws IOException {
        synchronized (file) {
            file.channel.write(ByteBuffer.wrap(file.line));
            file.channel.force(false);
        }
    }

    /** A trail of 1,000,000 records, and its digests. */
    @State(Scope.Benchmark)
    public static class MillionRecords {
        Path dir;
        Instant start;
        Instant end;

        @Setup(Level.Trial)
        public void write() throws IOException {
            dir = Files.createTempDirectory("audit-million");
            start = Instant.now().minusSeconds(60);
            AuditSettings settings = AuditSettings.builder().deliverEvery(Duration.ofMinutes(30), 10_000).build();
            try (AuditTrail trail = AuditTrail.builder().dataDir(dir).settings(settings).build()) {
                for (long i = 0; i < 1_000_000; i++) {
                    trail.record(event(i));
                }
            }
            end = Instant.now().plusSeconds(60);
            try (Stream<Path> files = Files.walk(new DataLayout(dir).audit().resolve(DataLayout.AWS_LOGS))) {
                System.out.printf("%n%d trail files written%n", files.filter(p -> p.toString().endsWith(".json.gz")).count());
            }
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            AuditBenchmarks.delete(dir);
        }
    }

    /** LookupEvents by user among 1,000,000 records (1,000 match; one page of 50 is read). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object lookupAmongAMillion(MillionRecords trail) throws IOException {
        return AuditTrail.lookupEvents(trail.dir, new LookupAttribute("Username", "user-42"), trail.start, trail.end, 50, null);
    }

    /** Validating the digest chain and every file of the 1,000,000-record trail. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object validateAMillion(MillionRecords trail) throws IOException {
        TrailValidator.Report report = TrailValidator.validate(trail.dir,
                SigningKeys.readPublicKey(trail.dir.resolve("audit/public-key.pem")), trail.start, trail.end);
        if (!report.valid() || report.logFiles() < 100) {
            throw new IllegalStateException("the trail should be intact: " + report.findings().size() + " findings");
        }
        return report;
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
