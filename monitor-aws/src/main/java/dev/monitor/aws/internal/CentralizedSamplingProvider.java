package dev.monitor.aws.internal;

import dev.monitor.aws.AwsClientSettings;
import dev.monitor.core.config.ConfigNode;
import dev.monitor.xray.SamplingStrategyProvider;
import java.time.Duration;
import software.amazon.awssdk.services.xray.XRayClient;

/**
 * {@code traces: {sampling: {type: centralized}}}: X-Ray's sampling rules and quotas decide (see
 * {@link CentralizedSampling}), the local rules ({@code samplingRules}) before the first rules and
 * when none could be fetched for an hour. Settings: {@link AwsClientSettings}' ({@code region},
 * {@code endpoint}, retries and timeouts), and {@code serviceType} (the origin rules match with
 * {@code ServiceType}, such as {@code AWS::EC2::Instance}) and {@code resourceArn} (the ARN rules
 * match with {@code ResourceARN}) for the service this process is. Without a timeout given, a call
 * gets 5 s to read and 10 s in all (the poller shares the monitor's I/O lane), one attempt: the next
 * poll is the retry.
 *
 * <p>Found through {@link java.util.ServiceLoader} when monitor-xray is on the class path too.
 */
public final class CentralizedSamplingProvider implements SamplingStrategyProvider {
    static final String OWNER = "traces.sampling";

    @Override
    public String type() {
        return "centralized";
    }

    @Override
    public Factory read(ConfigNode section) {
        AwsClientSettings read = AwsClientSettings.read(section);
        AwsClientSettings aws = new AwsClientSettings(read.region(), read.endpoint(), read.retryMode(),
                section.has("maxAttempts") ? read.maxAttempts() : 1, read.retryBaseDelay(), read.retryMaxBackoff(),
                read.connectTimeout(), section.has("socketTimeout") ? read.socketTimeout() : Duration.ofSeconds(5),
                section.has("callTimeout") ? read.callTimeout() : Duration.ofSeconds(10));
        String serviceType = section.string("serviceType", null);
        String resourceArn = section.string("resourceArn", null);
        section.rejectUnknownKeys();
        return context -> {
            AwsClients clients = AwsClients.open(OWNER, aws, new UsageMetrics(context.self()));
            try {
                XRayClient xray = clients.build(XRayClient.builder());
                return new CentralizedSampling(xray, context.clock(), context.local(),
                        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble(), serviceType, resourceArn)
                        .start(context.background(), clients);
            } catch (RuntimeException e) {
                clients.close();
                throw e;
            }
        };
    }
}
