package dev.monitor.core.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.profiler.RuleRecorder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each recommendation rule that {@link ProfilerEngineTest}'s wasteful program does not cover, on real JFR recordings of
 * a small program that has the problem ({@link RuleWorkloads}) and of one doing the same work well ({@link RuleRecorder}).
 * One profiler runs for the class. {@code client-per-call} is recorded in monitor-aws, on AWS SDK clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuleRecordingsTest {
    private static final long POSITIVE = 600_000_000L;
    private static final long NEGATIVE = 300_000_000L;
    private ProfilerEngine profiler;
    private RuleRecorder recorder;

    @BeforeAll
    void start(@TempDir Path dir) {
        profiler = new ProfilerEngine(RuleRecorder.settings(), new ProfilerEngine.Context(new DataLayout(dir), Clock.systemUTC(), "shop",
                Metrics.noop(), p -> { }, e -> { }, Duration.ZERO, false));
        profiler.start();
        assertTrue(profiler.running());
        recorder = new RuleRecorder(profiler, RuleWorkloads.class);
    }

    @AfterAll
    void stop() {
        profiler.close();
    }

    private void check(String rule, String wastefulMethod, LongConsumer wasteful, long wastefulCpu, LongConsumer done)
            throws InterruptedException {
        recorder.check(rule, wastefulMethod, wasteful, wastefulCpu, done, NEGATIVE);
    }

    @Test
    void loggingEveryRequestIsExcessiveLoggingAndAGuardedMessageAtALevelThatIsOffIsNot() throws Exception {
        check("excessive-logging", "lambda$chattyLogging$", RuleWorkloads::chattyLogging, POSITIVE, RuleWorkloads::quietLogging);
    }

    @Test
    void anObjectMapperPerCallIsFoundAndASharedOneIsNot() throws Exception {
        check("object-mapper-per-call", "lambda$mapperPerCall$", RuleWorkloads::mapperPerCall, POSITIVE, RuleWorkloads::sharedMapper);
    }

    @Test
    void aDocumentBuilderFactoryPerDocumentIsFoundAndOneFactoryWithAReusedBuilderIsNot() throws Exception {
        // parsing XML is mostly allocation and native work that CPU samples miss (a recording held 11 samples for 0.6 s of
        // CPU): a longer run, so that the CPU rules see their minimum of samples
        check("xml-factory-per-call", "lambda$xmlFactoryPerCall$", RuleWorkloads::xmlFactoryPerCall, 3 * POSITIVE,
                RuleWorkloads::sharedXmlFactory);
    }

    @Test
    void javaSerializationIsReflectionHeavyAndAHandWrittenCodecIsNot() throws Exception {
        check("reflection-serialization", "lambda$javaSerialization$", RuleWorkloads::javaSerialization, POSITIVE,
                RuleWorkloads::handWrittenCodec);
    }

    @Test
    void sumsOverBoxedLongsAreExcessiveBoxingAndOverAPrimitiveArrayAreNot() throws Exception {
        check("boxing", "lambda$boxedSums$", RuleWorkloads::boxedSums, POSITIVE, RuleWorkloads::primitiveSums);
    }

    @Test
    void aCopyPerCallIsAnAllocationHotspotAndAReusedBufferIsNot() throws Exception {
        byte[] page = new byte[64 * 1024];
        byte[] buffer = new byte[64 * 1024];
        check("allocation-hotspot", "lambda$copyPerCall$", RuleWorkloads::copyPerCall, POSITIVE,
                cpu -> RuleWorkloads.reusedBuffer(cpu, page, buffer));
    }
}
