package dev.monitor.core.export;

import dev.monitor.core.config.ConfigNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the telemetry's own AWS usage costs: the price table behind {@code Monitor/Billing
 * EstimatedCharges} and the monthly budget of each exporter. Exporters report usage through
 * {@link UsageMeter}; the monitor multiplies it by these prices, month to date on its clock (UTC
 * months, as AWS bills), and drops the batches of an exporter whose charges this month reached its
 * budget until the next month, counted in {@code Monitor/Dropped} with {@code Reason=MonthlyBudget}.
 * Audit records are never dropped: an audit exporter's budget only shows in the estimate.
 *
 * <pre>
 * billing:
 *   prices:                       # replace or add to the defaults, per service and usage type
 *     - {service: AmazonCloudWatch, usageType: CW:MetricMonitorUsage, unit: Metrics, usd: 0.30}
 *   budgets:                      # exporter name: US dollars per month
 *     cloudwatch: 25
 * </pre>
 *
 * <p>The defaults are AWS's published us-east-1 prices of the paid tier (no free tier is
 * subtracted, so the estimate is an upper bound), each with where it was read in
 * {@link Price#source()}. Immutable.
 */
public final class BillingSettings {
    /** The currency of every price and of the {@code Currency} dimension. */
    public static final String CURRENCY = "USD";

    /**
     * One price: US dollars per {@code unit} of a usage type of a service.
     *
     * @param source where the price was read, or why it is not verified
     */
    public record Price(String service, String usageType, String unit, double usd, String source) {
        public Price {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(usageType, "usageType");
            Objects.requireNonNull(unit, "unit");
            if (!(usd >= 0) || Double.isInfinite(usd)) {
                throw new IllegalArgumentException("the price of " + service + " " + usageType + " must be a finite number >= 0, not " + usd);
            }
        }

        String key() {
            return service + " " + usageType;
        }
    }

    private static final String CW_PRICING = "https://aws.amazon.com/cloudwatch/pricing/ (paid tier, us-east-1; "
            + "the figure as quoted from it by third parties, not read on the page here)";
    private static final String XRAY_PRICING = "https://aws.amazon.com/xray/pricing/ (USD 0.000005 per trace recorded, "
            + "USD 0.0000005 per trace retrieved or scanned)";
    private static final String UNVERIFIED = "not verified against AWS's pricing page; AWS's long-published us-east-1 figure";

    /** AWS's us-east-1 prices for what the AWS exporters send; see each {@link Price#source()}. */
    public static final List<Price> DEFAULT_PRICES = List.of(
            new Price("AmazonCloudWatch", "CW:MetricMonitorUsage", "Metrics", 0.30, CW_PRICING + " first 10,000 metrics per month"),
            new Price("AmazonCloudWatch", "CW:Requests", "Requests", 0.01 / 1000, UNVERIFIED + ": USD 0.01 per 1,000 metric API requests"),
            new Price("AmazonCloudWatch", "DataProcessing-Bytes", "GB", 0.50, CW_PRICING + " logs ingested (Standard class)"),
            new Price("AmazonCloudWatch", "TimedStorage-ByteHrs", "GB-Mo", 0.03, UNVERIFIED + ": USD 0.03 per GB-month of logs stored"),
            new Price("AWSXRay", "XRay-TracesStored", "Traces", 0.000005, XRAY_PRICING),
            new Price("AWSXRay", "XRay-TracesAccessed", "Traces", 0.0000005, XRAY_PRICING),
            new Price("AmazonS3", "Requests-Tier1", "Requests", 0.005 / 1000, UNVERIFIED + ": USD 0.005 per 1,000 PUT, COPY, POST, LIST"),
            new Price("AmazonS3", "TimedStorage-ByteHrs", "GB-Mo", 0.023, UNVERIFIED + ": S3 Standard, first 50 TB"),
            new Price("AWSEvents", "Event-64K-Chunks", "Events", 1.00 / 1_000_000, UNVERIFIED + ": USD 1.00 per million custom events; "
                    + "each 64 KB chunk of a payload billed as one event, https://aws.amazon.com/eventbridge/pricing/; the usage type as "
                    + "https://aws.amazon.com/premiumsupport/knowledge-center/eventbridge-reduce-charges/ names it"),
            new Price("AmazonSNS", "Requests-Tier1", "Requests", 0.50 / 1_000_000, UNVERIFIED + ": USD 0.50 per million publishes"),
            new Price("AWSLambda", "Request", "Requests", 0.20 / 1_000_000, "https://aws.amazon.com/lambda/pricing/ and "
                    + "https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html (USD 0.20 per 1 million requests)"),
            new Price("AWSSystemsManager", "OpsCenter-OpsItems", "OpsItems", 0.00267, UNVERIFIED
                    + ": USD 0.00267 per OpsItem created, https://aws.amazon.com/systems-manager/pricing/ (OpsCenter)"));

    private final Map<String, Price> prices;
    private final Map<String, Double> budgets;

    private BillingSettings(Builder builder) {
        this.prices = Map.copyOf(builder.prices);
        this.budgets = Map.copyOf(builder.budgets);
    }

    /** The default prices and no budget. */
    public static BillingSettings defaults() {
        return builder().build();
    }

    /** A builder that starts from the default prices and no budget. */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads a {@code billing:} section; problems go to the node's problem list. */
    public static BillingSettings read(ConfigNode node) {
        Builder builder = builder();
        for (ConfigNode price : node.list("prices")) {
            String service = price.requiredString("service");
            String usageType = price.requiredString("usageType");
            String unit = price.string("unit", "Units");
            Double usd = price.number("usd");
            if (usd == null && !price.has("usd")) {
                price.problem("usd", "required: US dollars per unit");
            }
            price.rejectUnknownKeys();
            if (service != null && usageType != null && usd != null) {
                try {
                    builder.price(new Price(service, usageType, unit, usd, "configured"));
                } catch (IllegalArgumentException e) {
                    price.problem("usd", e.getMessage());
                }
            }
        }
        ConfigNode budgets = node.child("budgets");
        for (String exporter : budgets.keys()) {
            Double usd = budgets.number(exporter);
            if (usd != null) {
                try {
                    builder.monthlyBudget(exporter, usd);
                } catch (IllegalArgumentException e) {
                    budgets.problem(exporter, e.getMessage());
                }
            }
        }
        node.rejectUnknownKeys();
        return builder.build();
    }

    /** The price of {@code usageType} of {@code service}; null when there is none (the usage is then free). */
    public Price price(String service, String usageType) {
        return prices.get(service + " " + usageType);
    }

    /** Every price, by {@code "service usageType"}. */
    public Map<String, Price> prices() {
        return prices;
    }

    /** The monthly budgets in US dollars, by exporter name. */
    public Map<String, Double> budgets() {
        return budgets;
    }

    /** Collects {@link BillingSettings}, starting from the default prices. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Price> prices = new LinkedHashMap<>();
        private final Map<String, Double> budgets = new LinkedHashMap<>();

        private Builder() {
            DEFAULT_PRICES.forEach(this::price);
        }

        /** Sets the price of its service and usage type, replacing a default. */
        public Builder price(Price price) {
            prices.put(price.key(), price);
            return this;
        }

        /**
         * Caps what exporter {@code exporter} may cost a month: once its estimated charges this month
         * reach {@code usd}, its batches are dropped until the month ends.
         */
        public Builder monthlyBudget(String exporter, double usd) {
            Objects.requireNonNull(exporter, "exporter");
            if (!(usd >= 0) || Double.isInfinite(usd)) {
                throw new IllegalArgumentException("the monthly budget of exporter '" + exporter + "' must be a finite number >= 0, not " + usd);
            }
            budgets.put(exporter, usd);
            return this;
        }

        public BillingSettings build() {
            return new BillingSettings(this);
        }
    }
}
