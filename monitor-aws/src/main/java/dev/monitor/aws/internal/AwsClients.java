package dev.monitor.aws.internal;

import dev.monitor.aws.AwsClientSettings;
import dev.monitor.core.export.ExporterContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS clients of one exporter or action, built the one way every AWS piece of Monitor builds
 * them, and closed together with {@link #close()} when the exporter closes:
 *
 * <pre>{@code
 * AwsClients clients = AwsClients.open("cloudwatch", settings, context.self()); // in the provider
 * CloudWatchClient cloudWatch = clients.build(CloudWatchClient.builder());
 * ...
 * clients.close();                                                             // in Exporter.close()
 * }</pre>
 *
 * <p>Every client gets: the region of the settings, else the SDK's region chain (resolved once,
 * here, so a missing region is a configuration problem rather than a failure at each call); the
 * endpoint override when set; credentials from the SDK's default chain, behind a provider that
 * turns "none found" into an error naming what to set; the JDK-based url-connection HTTP client
 * with the settings' timeouts; the SDK's retry strategy in the settings' mode with their attempts
 * and backoff; request compression as the SDK applies it (operations with the requestCompression
 * trait, such as PutMetricData, above 10 KB); and {@link UsageMetrics}, which counts every call
 * attempt and throttle in the {@code AWS/Usage} shape.
 */
public final class AwsClients implements AutoCloseable {
    /** Null until {@link #closing()}. */
    private volatile AwsRequestOverrideConfiguration override;
    private static final Logger LOG = LoggerFactory.getLogger(AwsClients.class);

    private final String owner;
    private final AwsClientSettings settings;
    private final Region region;
    private final ExplainedCredentials credentials;
    private final UsageMetrics usage;
    private final List<SdkAutoCloseable> clients = new ArrayList<>();

    private AwsClients(String owner, AwsClientSettings settings, Region region, UsageMetrics usage) {
        this.owner = owner;
        this.settings = settings;
        this.region = region;
        this.credentials = new ExplainedCredentials(owner, DefaultCredentialsProvider.builder().build());
        this.usage = usage;
    }

    /**
     * The clients of {@code owner} (an exporter's name, used in error messages).
     *
     * @param usage where calls and throttles are counted; see {@link UsageMetrics}
     * @throws IllegalArgumentException when no region is set and the SDK's region chain finds none:
     *                                  the message names the settings that would give one
     */
    public static AwsClients open(String owner, AwsClientSettings settings, UsageMetrics usage) {
        Objects.requireNonNull(settings, "settings");
        Region region;
        if (settings.region() != null) {
            region = Region.of(settings.region());
        } else {
            try {
                region = DefaultAwsRegionProviderChain.builder().build().getRegion();
            } catch (SdkClientException e) {
                throw new IllegalArgumentException("no AWS region for '" + owner + "': set region: in its configuration, "
                        + "or the AWS_REGION environment variable, the aws.region system property or a region in the "
                        + "profile (~/.aws/config)", e);
            }
        }
        return new AwsClients(owner, settings, region, usage);
    }

    /** The clients of the exporter of {@code context}, counting their usage in its {@code self} metrics. */
    public static AwsClients open(AwsClientSettings settings, ExporterContext context) {
        return open(context.name(), settings, new UsageMetrics(context.self()));
    }

    /** The region every client of this set uses. */
    public Region region() {
        return region;
    }

    /** Builds one client from its SDK builder ({@code CloudWatchClient.builder()}); closed by {@link #close()}. */
    public synchronized <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable> C build(B builder) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.socketTimeout()))
                .overrideConfiguration(o -> o
                        .retryStrategy(retryStrategy(settings))
                        .apiCallTimeout(settings.callTimeout())
                        .compressionConfiguration(c -> c.requestCompressionEnabled(true))
                        .addMetricPublisher(usage));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        C client = builder.build();
        clients.add(client);
        return client;
    }

    /**
     * The SDK's standard or adaptive strategy with the settings' attempts and exponential backoff
     * with full jitter; throttles back off from at least 1 s, as the SDK's own default does (capped by the ceiling).
     */
    static RetryStrategy retryStrategy(AwsClientSettings settings) {
        BackoffStrategy backoff = BackoffStrategy.exponentialDelay(settings.retryBaseDelay(), settings.retryMaxBackoff());
        Duration throttleBase = min(max(settings.retryBaseDelay(), Duration.ofSeconds(1)), settings.retryMaxBackoff());
        BackoffStrategy throttled = BackoffStrategy.exponentialDelay(throttleBase, settings.retryMaxBackoff());
        if (settings.retryMode().equals("adaptive")) {
            return AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(settings.maxAttempts())
                    .backoffStrategy(backoff).throttlingBackoffStrategy(throttled).build();
        }
        return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(settings.maxAttempts())
                .backoffStrategy(backoff).throttlingBackoffStrategy(throttled).build();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * What every request of these clients carries: nothing until {@link #closing()}, then the
     * whole call, retries included, within {@link #CLOSING_CALL_TIMEOUT}, so that a service that does
     * not answer cannot hold the monitor's close past its bound (10 s) and the exporter can still
     * count what it did not send.
     */
    public AwsRequestOverrideConfiguration override() {
        return override;
    }

    /** Bounds every later call by {@link #CLOSING_CALL_TIMEOUT}: an exporter's last calls, as it closes. */
    public void closing() {
        override = AwsRequestOverrideConfiguration.builder().apiCallTimeout(CLOSING_CALL_TIMEOUT).build();
    }

    /** How long a closing exporter's last call may take. */
    public static final Duration CLOSING_CALL_TIMEOUT = Duration.ofSeconds(4);

    /** Closes every client built here and the credentials provider; never throws. */
    @Override
    public synchronized void close() {
        for (SdkAutoCloseable client : clients) {
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.warn("an AWS client of '{}' failed to close", owner, e);
            }
        }
        clients.clear();
        credentials.close();
    }

    /**
     * The SDK's default chain, whose "Unable to load credentials from any of the providers in the
     * chain" becomes an error that says, for this exporter, what would give it credentials.
     */
    static final class ExplainedCredentials implements AwsCredentialsProvider, SdkAutoCloseable {
        private final String owner;
        private final DefaultCredentialsProvider chain;

        ExplainedCredentials(String owner, DefaultCredentialsProvider chain) {
            this.owner = owner;
            this.chain = chain;
        }

        @Override
        public AwsCredentials resolveCredentials() {
            try {
                return chain.resolveCredentials();
            } catch (SdkClientException e) {
                throw SdkClientException.create(missingMessage(owner, e.getMessage()), e);
            }
        }

        @Override
        public void close() {
            chain.close();
        }
    }

    /** What a user reads when no credentials are found. */
    static String missingMessage(String owner, String sdkMessage) {
        return "no AWS credentials for '" + owner + "': set the environment variables AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY (or the system properties aws.accessKeyId and aws.secretAccessKey), AWS_PROFILE "
                + "with a profile in ~/.aws/credentials, or run with an instance or container role. The SDK's chain said: "
                + sdkMessage;
    }
}
