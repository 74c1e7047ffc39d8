package dev.monitor.examples;

import dev.monitor.api.health.HealthResult;
import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.Monitor;
import dev.monitor.core.health.CheckOptions;
import dev.monitor.core.health.DayStatus;
import dev.monitor.core.health.HealthEvent;
import dev.monitor.core.health.HealthSettings;
import dev.monitor.core.health.MaintenanceWindow;
import dev.monitor.core.metrics.MetricStatistics;
import dev.monitor.core.metrics.StatisticsQuery;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shop's health: a check per service and one for the fraud-check API it depends on, a
 * maintenance window a minute into the run, and the history and events printed at the end. The
 * fault the demo injects turns payments DEGRADED (its check, and the faults on its traces that the
 * X-Ray service graph counts) and opens an issue that closes a few seconds after the fault ends.
 */
final class ShopHealth {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ShopHealth() {
    }

    /** The demo's health settings: a dependency's faults count over 4 s, so that it recovers within the half-minute run. */
    static HealthSettings settings() {
        return HealthSettings.builder().dependencies(new HealthSettings.Dependencies(0.2, 0.2, Duration.ofSeconds(4), 5)).build();
    }

    /**
     * Registers the shop's checks, binds its alarm and declares the maintenance; prints each status change.
     *
     * @return closing it removes the checks: before the services stop, so that their stopping is no outage
     */
    static Subscription start(Monitor monitor, ShopServices services, PrintStream out) {
        // a grace period: the first calls of a starting JVM are slow, which is not an outage
        CheckOptions every2s = CheckOptions.defaults().withInterval(Duration.ofSeconds(2)).withTimeout(Duration.ofSeconds(2))
                .withGracePeriod(Duration.ofSeconds(5));
        List<Subscription> checks = new ArrayList<>();
        checks.add(monitor.health().register("payments-errors", every2s.withComponent("payments"), () -> paymentErrors(monitor)));
        checks.add(monitor.health().register("orders-latency", every2s.withComponent("orders"), () -> ordersLatency(monitor)));
        URI fraud = services.fraudCheck().resolve("/fraud/score?order=health-check");
        checks.add(monitor.health().register("fraud-check-api", every2s.withComponent("fraud-check")
                .withGroups(CheckOptions.READINESS, "dependencies"), () -> {
                    int status = HTTP.send(HttpRequest.newBuilder(fraud).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    return status == 200 ? HealthResult.up() : HealthResult.down("the fraud-check API answered " + status);
                }));
        // The error-rate alarm could mark payments too (monitor.health().bindAlarm("CheckoutErrorRate", "payments", DEGRADED)):
        // its 10-second periods recover later than the half-minute run leaves, so the demo's payments rely on its check and traces.
        Instant start = monitor.clock().instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60);
        monitor.health().scheduleMaintenance(new MaintenanceWindow("payments", start, start.plus(Duration.ofMinutes(2)), Duration.ofMinutes(5),
                "The payments database moves to a larger instance: card payments are refused for two minutes. "
                        + "Retry failed payments after the window; no other action is needed."));
        monitor.health().onChange(change -> out.printf("[health] %s: %s -> %s%s%n", change.component(), change.previous(), change.status(),
                change.reason() == null ? "" : ": " + change.reason()));
        return () -> checks.forEach(Subscription::close);
    }

    private static double sum(Monitor monitor, String metric, Instant start, Instant end) {
        MetricStatistics answer = monitor.getStatistics(new StatisticsQuery("Shop", metric, List.of(), start, end, 1, List.of("Sum"), List.of()));
        return answer.datapoints().stream().mapToDouble(p -> p.statistics().get("Sum")).sum();
    }

    /** DEGRADED when over 10% of the last 3 s of checkouts failed at payments. */
    private static HealthResult paymentErrors(Monitor monitor) {
        Instant end = monitor.clock().instant();
        Instant start = end.minusSeconds(3);
        double checkouts = sum(monitor, "Checkouts", start, end);
        double errors = sum(monitor, "CheckoutErrors", start, end);
        double rate = checkouts == 0 ? 0 : errors / checkouts;
        HealthResult result = rate > 0.1
                ? HealthResult.degraded(String.format(Locale.ROOT, "%.0f%% of %.0f checkouts failed in the last 3 s", rate * 100, checkouts))
                : HealthResult.up();
        return result.withDetail("checkouts", (long) checkouts).withDetail("errors", (long) errors);
    }

    /** DEGRADED when the last 5 s of checkouts took over 60 ms at p99, as the latency alarm says. */
    private static HealthResult ordersLatency(Monitor monitor) {
        Instant end = monitor.clock().instant();
        MetricStatistics answer = monitor.getStatistics(new StatisticsQuery("Shop", "CheckoutLatency",
                List.of(new dev.monitor.api.metrics.Dimension("Operation", "checkout")), end.minusSeconds(5), end, 5, List.of(), List.of("p99")));
        double p99 = answer.datapoints().stream().mapToDouble(p -> p.extendedStatistics().getOrDefault("p99", 0.0)).max().orElse(0);
        return (p99 > 60 ? HealthResult.degraded(String.format(Locale.ROOT, "checkouts took %.0f ms at p99 in the last 5 s", p99))
                : HealthResult.up()).withDetail("p99Millis", p99);
    }

    /** The health history of the last days, a letter a day, the events, and where the feeds are. */
    static void printSummary(PrintStream out, Monitor monitor) {
        out.println("Health history, the last 7 days (UTC), a letter a day: G green, Y yellow, R red, . unknown:");
        for (Map.Entry<String, List<DayStatus>> row : monitor.health().history(7).entrySet()) {
            StringBuilder days = new StringBuilder();
            row.getValue().forEach(day -> days.append(switch (day.colour()) {
                case "green" -> 'G';
                case "yellow" -> 'Y';
                case "red" -> 'R';
                default -> '.';
            }));
            out.printf("  %-14s %s%n", row.getKey(), days);
        }
        for (HealthEvent event : monitor.health().events()) {
            out.printf("Health event %-8s %-40s %s%s%n", event.statusCode().wire(), event.eventTypeCode(),
                    event.startTime().truncatedTo(ChronoUnit.SECONDS), event.endTime() == null ? "" : " to " + event.endTime().truncatedTo(ChronoUnit.SECONDS));
        }
        monitor.dashboardUri().ifPresent(uri -> out.println("Health feeds (while it runs): " + uri.resolve("/health/feed.rss") + " and "
                + uri.resolve("/health/feed.atom")));
        out.println("Health events, like aws health describe-events:");
        out.println("    java -jar monitor-cli/target/monitor.jar health describe-events --data-dir " + monitor.dataDir());
    }
}
