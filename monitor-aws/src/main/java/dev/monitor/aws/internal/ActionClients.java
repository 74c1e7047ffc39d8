package dev.monitor.aws.internal;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.aws.AwsClientSettings;
import dev.monitor.core.events.TargetException;
import dev.monitor.core.export.UsageMeter;
import java.net.URI;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * How the alarm-action and event-target providers reach their services. They are found by
 * {@link java.util.ServiceLoader} and have no configuration entry of their own, so:
 *
 * <ul>
 *   <li>the region is the ARN's own (CloudWatch and EventBridge act in the region the ARN names);</li>
 *   <li>the endpoint is the system property {@value #ENDPOINT_PROPERTY} when set (the demo's
 *       {@code --aws-endpoint}, a local emulator, a test); otherwise the SDK's own endpoint
 *       settings apply: {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>} or the system
 *       property {@code aws.endpointUrl}, else the service's endpoint in the region;</li>
 *   <li>retries, timeouts and credentials are {@link AwsClientSettings#defaults()} and the SDK's chain.</li>
 * </ul>
 *
 * <p>Each action or handler builds its client once, when it is created, and closes it when the
 * monitor closes it. Its calls are counted in the monitor's {@code CallCount} and {@code ThrottleCount}
 * (see {@link UsageMetrics}) and its billable requests in {@code Monitor/Billing}, through the
 * provider's context.
 */
public final class ActionClients {
    /** The system property that points every action and target at one endpoint. */
    public static final String ENDPOINT_PROPERTY = "monitor.aws.endpoint";

    private ActionClients() {
    }

    /** The settings for an ARN's region, from the system properties. */
    public static Function<String, AwsClientSettings> fromSystemProperties() {
        return region -> {
            AwsClientSettings settings = AwsClientSettings.defaults().withRegion(region);
            String endpoint = System.getProperty(ENDPOINT_PROPERTY);
            return endpoint == null || endpoint.isBlank() ? settings : settings.withEndpoint(URI.create(endpoint.trim()));
        };
    }

    /** Clients for one action or handler named {@code owner}, in {@code settings}' region, counting calls in {@code self}. */
    static AwsClients open(String owner, AwsClientSettings settings, Metrics self) {
        return AwsClients.open(owner, settings, new UsageMetrics(self));
    }

    /**
     * An SNS topic, as both an alarm action and a rule target publish to it: each publish is
     * metered as {@code AmazonSNS Requests-Tier1} (one request per started 64 KB, as SNS bills,
     * https://aws.amazon.com/sns/pricing/).
     */
    static final class SnsTopic implements AutoCloseable {
        private final AwsClients clients;
        private final SnsClient sns;
        private final String arn;
        private final UsageMeter usage;

        SnsTopic(String arn, AwsClientSettings aws, Metrics self, UsageMeter usage) {
            this.clients = open(arn, aws, self);
            this.sns = clients.build(SnsClient.builder());
            this.arn = arn;
            this.usage = usage;
        }

        /** Publishes {@code message}, with {@code subject} when not null. */
        void publish(String subject, String message) {
            sns.publish(p -> p.topicArn(arn).subject(subject).message(message));
            usage.record("AmazonSNS", "Requests-Tier1", Math.max(1, Math.ceil(Utf8.length(message) / 65_536.0)));
        }

        @Override
        public void close() {
            clients.close();
        }
    }

    /**
     * A Lambda function, invoked asynchronously (invocation type {@code Event}) as CloudWatch and
     * EventBridge both invoke; each invocation is metered as {@code AWSLambda Request}.
     */
    static final class LambdaFunction implements AutoCloseable {
        private final AwsClients clients;
        private final LambdaClient lambda;
        private final String arn;
        private final UsageMeter usage;

        LambdaFunction(String arn, AwsClientSettings aws, Metrics self, UsageMeter usage) {
            this.clients = open(arn, aws, self);
            this.lambda = clients.build(LambdaClient.builder());
            this.arn = arn;
            this.usage = usage;
        }

        void invoke(String payload) {
            lambda.invoke(i -> i.functionName(arn).invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String(payload)));
            usage.record("AWSLambda", "Request", 1);
        }

        @Override
        public void close() {
            clients.close();
        }
    }

    /**
     * A failed delivery as EventBridge's dead-letter error codes
     * (https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html): a missing resource
     * or permission and a rejected request are not retried, as EventBridge does not retry them;
     * throttling, 5xx and no answer are.
     */
    static TargetException targetFailure(String arn, SdkException e) {
        String message = arn + ": " + e.getMessage();
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "" : String.valueOf(service.awsErrorDetails().errorCode());
            int status = service.statusCode();
            if (service.isThrottlingException() || status == 429) {
                return new TargetException("THROTTLING", true, message, e);
            }
            if (code.contains("NotFound") || status == 404) {
                return new TargetException("NO_RESOURCE", false, message, e);
            }
            if (status == 403 || code.startsWith("AccessDenied") || code.equals("AuthorizationError")) {
                return new TargetException("NO_PERMISSIONS", false, message, e);
            }
            if (status >= 500) {
                return new TargetException("UNKNOWN", true, message, e);
            }
            return new TargetException("INVALID_PARAMETER", false, message, e);
        }
        return new TargetException("SDK_CLIENT_ERROR", true, message, e);
    }
}
