package dev.monitor.aws;

import dev.monitor.core.Monitor;
import dev.monitor.core.profiler.RuleRecorder;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The profiler's {@code client-per-call} rule on real JFR recordings of AWS SDK clients, the case CodeGuru Profiler is
 * known for: a handler that builds (and closes) a CloudWatch client for every request, and the same handler with one
 * client built before it runs. No request is sent; building the client is the cost.
 */
class ClientPerCallRecordingTest {
    @Test
    void aClientBuiltPerRequestIsFoundAndOneSharedClientIsNot(@TempDir Path dir) throws Exception {
        try (Monitor monitor = Monitor.builder().namespace("Shop").dataDir(dir).profiler(RuleRecorder.settings()).build();
             CloudWatchClient shared = Programs.client()) {
            monitor.profiler().start();
            new RuleRecorder(monitor.profiler(), Programs.class).check("client-per-call", "lambda$clientPerRequest$",
                    Programs::clientPerRequest, 600_000_000L, cpu -> Programs.sharedClient(cpu, shared), 300_000_000L);
        }
    }

    /** The programs recorded, in a class of their own: the profile is filtered to the stacks that name it. */
    static final class Programs {
        private static volatile long sink;

        /** Builds a client for each request, as a handler does that keeps none. */
        static void clientPerRequest(long cpuNanos) {
            RuleRecorder.forCpu(cpuNanos, i -> {
                try (CloudWatchClient client = client()) {
                    sink += handle(i) + client.serviceClientConfiguration().region().id().length();
                }
            });
        }

        /** The same requests with one client, built before the first. */
        static void sharedClient(long cpuNanos, CloudWatchClient client) {
            RuleRecorder.forCpu(cpuNanos, i -> sink += handle(i) + client.serviceClientConfiguration().region().id().length());
        }

        static CloudWatchClient client() {
            return CloudWatchClient.builder().region(Region.EU_WEST_1).endpointOverride(URI.create("http://127.0.0.1:9"))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "example-secret")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        }

        /** The business work of one request: some arithmetic, a few tens of microseconds. */
        private static long handle(int i) {
            double x = i;
            for (int k = 1; k <= 2_000; k++) {
                x = Math.sqrt(x + k) * 1.0000001;
            }
            return (long) x;
        }
    }
}
