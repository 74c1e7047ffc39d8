package dev.monitor.aws.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Counts every request an AWS client sends, and every throttled one, per service and operation,
 * as metrics of the {@code AWS/Usage} shape in the monitor's own namespace:
 * {@code CallCount} and {@code ThrottleCount}, dimensions {@code Service} (as AWS/Usage names it:
 * {@code CloudWatch}, {@code Logs}, {@code X-Ray}, ...), {@code Type=API}, {@code Resource} (the
 * operation, {@code PutMetricData}) and {@code Class=None}. Each attempt is a call, retries
 * included, as the service counts them; a call that never left the client (no credentials) is none.
 * AWS's own: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Usage-Metrics.html
 * (CallCount, ResourceCount and ThrottleCount with Service, Type, Resource and Class). They stay in
 * namespace {@code Monitor}: an exporter's context offers only the monitor's own metrics, and
 * {@code AWS/Usage} holds what AWS measures, which these are not.
 *
 * <p>A {@link MetricPublisher} rather than an {@code ExecutionInterceptor}: an interceptor sees
 * only the last attempt's error, while the SDK's metrics carry each attempt's
 * {@link CoreMetric#ERROR_TYPE}, {@code Throttling} when its retry logic judged the response a
 * throttle (by error code, such as CloudWatch's {@code Throttling} or Logs' {@code ThrottlingException},
 * or status 429). The SDK publishes on the calling thread, once per call, failed calls included.
 */
public final class UsageMetrics implements MetricPublisher {
    /** AWS/Usage's {@code Service} values for the SDK's service ids where they differ. */
    private static final Map<String, String> USAGE_NAMES = Map.of(
            "CloudWatch Logs", "Logs",
            "XRay", "X-Ray",
            "EventBridge", "Events",
            "CloudWatch Events", "Events");

    private final Metrics self;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public UsageMetrics(Metrics self) {
        this.self = Objects.requireNonNull(self, "self");
    }

    /** The {@code Service} dimension for an SDK service id. */
    static String serviceName(String serviceId) {
        return USAGE_NAMES.getOrDefault(serviceId, serviceId);
    }

    @Override
    public void publish(MetricCollection call) {
        String service = first(call, CoreMetric.SERVICE_ID);
        String operation = first(call, CoreMetric.OPERATION_NAME);
        if (service == null || operation == null) {
            return;
        }
        long attempts = 0;
        long throttles = 0;
        for (MetricCollection child : call.children()) {
            if (child.name().equals("ApiCallAttempt")) {
                attempts++;
                if (child.metricValues(CoreMetric.ERROR_TYPE).contains("Throttling")) {
                    throttles++;
                }
            }
        }
        if (attempts > 0) {
            counter("CallCount", service, operation).increment(attempts);
        }
        if (throttles > 0) {
            counter("ThrottleCount", service, operation).increment(throttles);
        }
    }

    private Counter counter(String name, String service, String operation) {
        String usageService = serviceName(service);
        return counters.computeIfAbsent(name + '\n' + usageService + '\n' + operation, key -> self.counterBuilder(name)
                .dimension("Service", usageService).dimension("Type", "API").dimension("Resource", operation)
                .dimension("Class", "None").resolution(Resolution.STANDARD).register());
    }

    private static <T> T first(MetricCollection collection, software.amazon.awssdk.metrics.SdkMetric<T> metric) {
        var values = collection.metricValues(metric);
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public void close() {
        // the counters belong to the monitor
    }
}
