package dev.monitor.core.export.internal;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.export.BillingSettings;
import dev.monitor.core.export.UsageMeter;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The month's usage the exporters reported and what it costs: {@code EstimatedCharges} in namespace
 * {@code Monitor/Billing}, as CloudWatch's {@code AWS/Billing} metric has it, with dimension
 * {@code Currency=USD} for the total and {@code ServiceName}, {@code Currency} per service; month
 * to date on the monitor's clock, starting again from zero when a UTC month begins. It also keeps
 * each exporter's charges for its budget. Thread-safe: exporters record from their own threads.
 */
public final class Billing {
    private static final Logger LOG = LoggerFactory.getLogger(Billing.class);

    private final BillingSettings settings;
    private final Clock clock;
    private final Metrics billing;
    private YearMonth month;
    /** Charges this month: by service, and by exporter. */
    private final Map<String, Double> byService = new HashMap<>();
    private final Map<String, Double> byExporter = new HashMap<>();
    /** The services with a gauge of their own, registered at their first usage. */
    private final Set<String> gauged = new HashSet<>();
    /** The exporters warned about this month, so that a budget reached is logged once a month. */
    private final Set<String> warned = new HashSet<>();

    /**
     * @param billing where the charges go: the monitor's {@code Monitor/Billing} namespace
     */
    public Billing(BillingSettings settings, Clock clock, Metrics billing) {
        this.settings = settings;
        this.clock = clock;
        this.billing = billing;
        this.month = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        billing.gaugeBuilder("EstimatedCharges").dimension("Currency", BillingSettings.CURRENCY)
                .resolution(Resolution.STANDARD).observe(this::estimatedCharges);
    }

    /** The meter of one exporter: its usage counts towards the totals and towards its own budget. */
    public UsageMeter meter(String exporter) {
        return (service, usageType, quantity) -> record(exporter, service, usageType, quantity);
    }

    private void record(String exporter, String service, String usageType, double quantity) {
        if (service == null || usageType == null || !(quantity > 0) || Double.isInfinite(quantity)) {
            return;
        }
        BillingSettings.Price price = settings.price(service, usageType);
        double charge = price == null ? 0 : quantity * price.usd();
        boolean newService;
        synchronized (this) {
            roll();
            byService.merge(service, charge, Double::sum);
            byExporter.merge(exporter, charge, Double::sum);
            newService = gauged.add(service);
        }
        if (newService) { // outside the lock: the registry may call back into the gauge
            billing.gaugeBuilder("EstimatedCharges").dimension("ServiceName", service).dimension("Currency", BillingSettings.CURRENCY)
                    .resolution(Resolution.STANDARD).observe(() -> charges(service));
        }
    }

    /** Starts the month again when the clock has passed into a new one. Under the lock. */
    private void roll() {
        YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        if (!now.equals(month)) {
            month = now;
            byService.replaceAll((service, charge) -> 0.0); // a service's gauge stays, at zero, as AWS's does
            byExporter.clear();
            warned.clear();
        }
    }

    /** The estimated charges of this month, in US dollars. */
    public synchronized double estimatedCharges() {
        roll();
        double sum = 0;
        for (double charge : byService.values()) {
            sum += charge;
        }
        return sum;
    }

    /** This month's charges of one service, in US dollars. */
    public synchronized double charges(String service) {
        roll();
        return byService.getOrDefault(service, 0.0);
    }

    /** This month's charges by service. */
    public synchronized Map<String, Double> chargesByService() {
        roll();
        return new TreeMap<>(byService);
    }

    /** This month's charges of what {@code exporter} sent, in US dollars. */
    public synchronized double exporterCharges(String exporter) {
        roll();
        return byExporter.getOrDefault(exporter, 0.0);
    }

    /** Whether {@code exporter} has a budget and its charges this month reached it; logs that once a month. */
    public boolean overBudget(String exporter) {
        Double budget = settings.budgets().get(exporter);
        if (budget == null) {
            return false;
        }
        double spent;
        boolean first;
        synchronized (this) {
            spent = exporterCharges(exporter);
            first = spent >= budget && warned.add(exporter);
        }
        if (first) {
            LOG.warn("exporter '{}' reached its monthly budget of USD {} (estimated USD {} this month); its batches are dropped until "
                    + "the month ends, counted in Monitor/Dropped (Reason=MonthlyBudget)", exporter, budget, String.format("%.4f", spent));
        }
        return spent >= budget;
    }
}
