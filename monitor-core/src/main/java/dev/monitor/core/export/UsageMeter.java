package dev.monitor.core.export;

/**
 * Where an exporter reports the billable usage of what it actually sent, so that the monitor can
 * estimate what its telemetry costs: {@code Monitor/Billing EstimatedCharges}, month to date, and
 * each exporter's monthly budget (see {@link BillingSettings}). Given in {@link ExporterContext#usage()};
 * an exporter that sends nowhere billable never calls it.
 *
 * <p>Call it after a request succeeded, with the service and usage type of AWS's bill and the
 * quantity in the unit of their price ({@link BillingSettings.Price#unit()}): for example
 * {@code record("AmazonCloudWatch", "CW:Requests", 1)} per PutMetricData call and
 * {@code record("AmazonCloudWatch", "DataProcessing-Bytes", bytes / 1e9)} for log bytes ingested.
 * Usage with no price is kept at no charge. Cheap, thread-safe, never throws.
 */
@FunctionalInterface
public interface UsageMeter {

    /** A meter that keeps nothing: outside a monitor, or for an exporter that is not billed. */
    UsageMeter NONE = (service, usageType, quantity) -> { };

    /**
     * Adds {@code quantity} of {@code usageType} of {@code service} to this month's usage.
     *
     * @param service   the service as AWS's bill and the {@code ServiceName} dimension name it: {@code AmazonCloudWatch},
     *                  {@code AWSXRay}, {@code AmazonS3}, {@code AWSEvents}, {@code AmazonSNS}, {@code AWSLambda}
     * @param usageType the usage type without its region prefix: {@code CW:Requests}, {@code XRay-TracesStored}
     * @param quantity  how much, in the price's unit; a negative or non-finite quantity is ignored
     */
    void record(String service, String usageType, double quantity);
}
