package dev.monitor.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Dimension;
import dev.monitor.core.Monitor;
import dev.monitor.core.config.ConfigException;
import dev.monitor.core.export.internal.Billing;
import dev.monitor.core.metrics.BuiltinMetrics;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The telemetry's own bill: {@code Monitor/Billing EstimatedCharges}, month to date, with the
 * dimensions of CloudWatch's {@code AWS/Billing} metric ({@code Currency}; {@code ServiceName} and
 * {@code Currency}: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/monitor_estimated_charges_with_cloudwatch.html),
 * from what exporters reported through their {@link UsageMeter}, and each exporter's monthly budget.
 */
class BillingTest {
    private static final Instant END_OF_JANUARY = Instant.parse("2026-01-31T23:50:00Z");

    @TempDir
    Path dir;

    /** The exporters this class's monitors made through test-metrics: other classes count what that type made. */
    @org.junit.jupiter.api.AfterEach
    void forgetMadeExporters() {
        TestMetricsProvider.made.removeIf(made -> made.name().equals("budgeted-cw") || made.name().equals("real"));
    }

    @Test
    void chargesAreUsageTimesPriceMonthToDateAndStartAgainAtTheMonthBoundary() {
        ManualClock clock = new ManualClock(END_OF_JANUARY);
        Billing billing = new Billing(BillingSettings.defaults(), clock, dev.monitor.api.metrics.Metrics.noop());
        UsageMeter cw = billing.meter("cloudwatch");
        UsageMeter xray = billing.meter("xray");
        cw.record("AmazonCloudWatch", "CW:Requests", 2000);            // USD 0.01 per 1,000
        cw.record("AmazonCloudWatch", "DataProcessing-Bytes", 3);      // USD 0.50 per GB
        xray.record("AWSXRay", "XRay-TracesStored", 1_000_000);       // USD 5.00 per million
        xray.record("AWSXRay", "Unpriced-Usage", 1e9);                 // kept at no charge
        cw.record("AmazonCloudWatch", "CW:Requests", -5);              // ignored
        cw.record("AmazonCloudWatch", "CW:Requests", Double.NaN);      // ignored
        assertEquals(0.02 + 1.50 + 5.00, billing.estimatedCharges(), 1e-9);
        assertEquals(Map.of("AWSXRay", 5.00, "AmazonCloudWatch", 1.52), round(billing.chargesByService()));
        assertEquals(1.52, billing.exporterCharges("cloudwatch"), 1e-9);

        clock.set(Instant.parse("2026-01-31T23:59:59.999Z"));
        assertEquals(6.52, billing.estimatedCharges(), 1e-9, "still January");
        clock.set(Instant.parse("2026-02-01T00:00:00Z"));
        assertEquals(0.0, billing.estimatedCharges(), "a new month starts from zero, as AWS/Billing does");
        assertEquals(0.0, billing.charges("AWSXRay"));
        cw.record("AmazonCloudWatch", "CW:Requests", 1000);
        assertEquals(0.01, billing.estimatedCharges(), 1e-12);
    }

    private static Map<String, Double> round(Map<String, Double> charges) {
        Map<String, Double> rounded = new java.util.TreeMap<>();
        charges.forEach((k, v) -> rounded.put(k, Math.round(v * 1e6) / 1e6));
        return rounded;
    }

    /** The estimate is the sum over every recorded usage of quantity times price, whatever the order of the records. */
    @Property(tries = 100)
    void theEstimateIsTheSumOfQuantityTimesPrice(@ForAll @Size(max = 30) List<@DoubleRange(min = 0, max = 1e6) Double> requests) {
        Billing billing = new Billing(BillingSettings.defaults(), new ManualClock(END_OF_JANUARY), dev.monitor.api.metrics.Metrics.noop());
        UsageMeter meter = billing.meter("e");
        double expected = 0;
        for (double quantity : requests) {
            meter.record("AmazonSNS", "Requests-Tier1", quantity);
            expected += quantity * 0.50 / 1_000_000;
        }
        assertEquals(expected, billing.estimatedCharges(), 1e-9 * Math.max(1, expected));
    }

    private static final class Capture implements Exporter<Datapoint> {
        final List<Datapoint> datapoints = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void export(List<Datapoint> batch) {
            datapoints.addAll(batch);
        }

        /** The last value of {@code namespace}/{@code name} with exactly {@code dimensions}; null when none. */
        Double last(String namespace, String name, Dimension... dimensions) {
            synchronized (datapoints) {
                Double last = null;
                for (Datapoint d : datapoints) {
                    if (d.metric().namespace().equals(namespace) && d.metric().name().equals(name)
                            && java.util.Set.copyOf(d.metric().dimensions()).equals(java.util.Set.of(dimensions))) {
                        last = d.maximum();
                    }
                }
                return last;
            }
        }

        double sum(String namespace, String name, Dimension... dimensions) {
            synchronized (datapoints) {
                return datapoints.stream().filter(d -> d.metric().namespace().equals(namespace) && d.metric().name().equals(name)
                        && java.util.Set.copyOf(d.metric().dimensions()).equals(java.util.Set.of(dimensions))).mapToDouble(Datapoint::sum).sum();
            }
        }
    }

    private Monitor.Builder quiet(ManualClock clock, Capture capture, Path config) {
        Monitor.Builder builder = Monitor.builder().namespace("Shop").dataDir(dir).clock(clock).tickEvery(Duration.ZERO)
                .exporter("capture", capture).config(config);
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        return builder;
    }

    @Test
    void anExporterOverItsMonthlyBudgetIsDroppedAndCountedUntilTheNextMonth() throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                exporters:
                  - {type: test-metrics, name: budgeted-cw, billed: true}
                billing:
                  prices:
                    - {service: AmazonCloudWatch, usageType: CW:Requests, unit: Requests, usd: 1.0}
                  budgets:
                    budgeted-cw: 3
                """);
        ManualClock clock = new ManualClock(END_OF_JANUARY);
        Capture capture = new Capture();
        try (StderrCapture stderr = new StderrCapture(); Monitor monitor = quiet(clock, capture, config).build()) {
            List<Integer> exported = TestMetricsProvider.made.stream().filter(m -> m.name().equals("budgeted-cw")).findFirst()
                    .orElseThrow().batches();
            for (int minute = 0; minute < 5; minute++) {
                monitor.metrics().counter("Orders").increment();
                clock.advance(Duration.ofMinutes(1));
                assertTrue(monitor.flush(Duration.ofSeconds(10)));
            }
            assertEquals(3, exported.size(), "three batches at USD 1 each reach the budget of 3; the next two are dropped");
            Dimension usd = new Dimension("Currency", "USD");
            assertEquals(3.0, capture.last("Monitor/Billing", "EstimatedCharges", usd));
            assertEquals(3.0, capture.last("Monitor/Billing", "EstimatedCharges", new Dimension("ServiceName", "AmazonCloudWatch"), usd));
            double droppedItems = capture.sum("Monitor", "Dropped", new Dimension("Signal", "metrics"), new Dimension("Exporter", "budgeted-cw"),
                    new Dimension("Reason", "MonthlyBudget"));
            assertTrue(droppedItems >= 2, "the two dropped batches' datapoints are counted: " + droppedItems);
            assertTrue(stderr.text().contains("exporter 'budgeted-cw' reached its monthly budget of USD 3.0"), stderr.text());
            assertEquals(1, stderr.text().split("reached its monthly budget", -1).length - 1, "warned once a month");

            clock.set(Instant.parse("2026-02-01T00:05:00Z")); // the guardrail lifts with the month
            monitor.metrics().counter("Orders").increment();
            clock.advance(Duration.ofMinutes(1));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(4, exported.size(), "exporting again in February");
            clock.advance(Duration.ofMinutes(1));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(1.0, capture.last("Monitor/Billing", "EstimatedCharges", usd), "February's charges: one batch so far");
        }
        assertFalse(capture.datapoints.isEmpty());
    }

    @Test
    void aBudgetForNoExporterAndABadPriceAreConfigurationProblems() throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                exporters:
                  - {type: test-metrics, name: real}
                billing:
                  prices:
                    - {service: AmazonS3, usageType: Requests-Tier1, usd: -1}
                    - {service: AmazonS3, usageType: Requests-Tier2}
                  budgets:
                    typo: 3
                """);
        ConfigException e = assertThrows(ConfigException.class,
                () -> quiet(new ManualClock(END_OF_JANUARY), new Capture(), config).build());
        assertEquals(List.of(
                "billing.prices[0].usd: the price of AmazonS3 Requests-Tier1 must be a finite number >= 0, not -1.0",
                "billing.prices[1].usd: required: US dollars per unit",
                "billing.budgets.typo: no exporter is named 'typo'; exporters: [capture, real]"), e.problems());
    }

    @Test
    void everyDefaultPriceSaysWhereItWasRead() {
        for (BillingSettings.Price price : BillingSettings.DEFAULT_PRICES) {
            assertFalse(price.source().isBlank(), price.toString());
            assertTrue(price.usd() > 0, price.toString());
        }
        assertEquals(0.000005, BillingSettings.defaults().price("AWSXRay", "XRay-TracesStored").usd(),
                "https://aws.amazon.com/xray/pricing/: USD 5.00 per million traces recorded");
        assertEquals(7.0, BillingSettings.builder().price(new BillingSettings.Price("AWSXRay", "XRay-TracesStored", "Traces", 7.0, "x"))
                .build().price("AWSXRay", "XRay-TracesStored").usd(), "a configured price replaces the default");
    }
}
