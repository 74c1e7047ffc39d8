package dev.monitor.aws.internal;

import dev.monitor.aws.AwsClientSettings;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.files.DataLayout;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A loopback AWS, a manual clock, the monitor's own metrics and fake credentials (system
 * properties, as the SDK's chain reads them first; never real ones), for one test.
 */
final class Fixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    static final String ACCESS_KEY = "AKIDMONITORTEST00001";

    final ManualClock clock = new ManualClock(T0);
    final SelfMetrics self = new SelfMetrics(clock);
    final FakeAws aws;
    /** This test's data directory: exporters that keep state (the s3 digest chain) keep it here. */
    final Path dataDir;
    /** What the exporters metered, "service usageType" to quantity. */
    final java.util.Map<String, Double> metered = new java.util.concurrent.ConcurrentHashMap<>();

    Fixture() throws IOException {
        credentials(true);
        aws = new FakeAws();
        dataDir = java.nio.file.Files.createTempDirectory(Path.of("target").toAbsolutePath(), "aws-data-");
    }

    /** Sets or clears the fake credentials; without them the chain finds none (no profile file, no instance). */
    static void credentials(boolean present) {
        System.setProperty("aws.sharedCredentialsFile", Path.of("target", "no-such-credentials").toAbsolutePath().toString());
        System.setProperty("aws.configFile", Path.of("target", "no-such-config").toAbsolutePath().toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        if (present) {
            System.setProperty("aws.accessKeyId", ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", "fake/secret/for/loopback/tests/only00000");
        } else {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    ExporterContext context(String name) {
        return new ExporterContext(name, new DataLayout(dataDir), clock, self.self(), Runnable::run,
                (service, usageType, quantity) -> metered.merge(service + " " + usageType, quantity, Double::sum));
    }

    /** us-east-1 at the loopback endpoint, with retries in milliseconds so a test takes no longer than it must. */
    AwsClientSettings settings() {
        return new AwsClientSettings("us-east-1", aws.endpoint(), "standard", 3, Duration.ofMillis(1), Duration.ofMillis(10),
                Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    CloudWatchExporter cloudWatch(String name, long buffer) {
        ExporterContext context = context(name);
        return new CloudWatchExporter(AwsClients.open(settings(), context), context, buffer);
    }

    LogsExporter logs(String name, long buffer, LogsExporter.GroupSync sync) {
        ExporterContext context = context(name);
        return new LogsExporter(AwsClients.open(settings(), context), context, buffer, sync);
    }

    static LogsExporter.GroupSync noSync() {
        return new LogsExporter.GroupSync(null, java.util.Map.of(), java.util.List.of());
    }

    @Override
    public void close() {
        aws.close();
        credentials(true);
    }
}
