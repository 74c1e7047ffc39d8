package dev.monitor.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monitor.api.Telemetry;
import dev.monitor.api.logs.Logger;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Distribution;
import dev.monitor.api.metrics.Gauge;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.api.metrics.Timer;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.Monitor;
import dev.monitor.core.alarms.AlarmActions;
import dev.monitor.core.alarms.AlarmService;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.alarms.AlarmStatus;
import dev.monitor.core.alarms.ComparisonOperator;
import dev.monitor.core.alarms.CompositeAlarm;
import dev.monitor.core.alarms.MetricAlarm;
import dev.monitor.core.alarms.MetricDataQuery;
import dev.monitor.core.alarms.MetricStat;
import dev.monitor.core.alarms.Statistic;
import dev.monitor.core.alarms.TreatMissingData;
import dev.monitor.core.config.ConfigException;
import dev.monitor.core.logs.FilterPattern;
import dev.monitor.core.logs.MetricFilter;
import dev.monitor.core.metrics.MetricStatistics;
import dev.monitor.core.metrics.StatisticsQuery;
import dev.monitor.core.profiler.ProfilerSettings;
import dev.monitor.core.prometheus.PrometheusSettings;
import dev.monitor.xray.TraceIndex;
import dev.monitor.xray.XRaySettings;
import dev.monitor.xray.XRayTracer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The demo: a small order shop with simulated traffic, instrumented with Monitor. It writes EMF and
 * JSON-lines metric files under its data directory and stops after {@code --duration} or on Ctrl-C.
 *
 * <p>It declares five alarms (checkout latency, an error-rate math alarm, an anomaly band on the
 * request rate, a composite over the first two, and one on the error events a metric filter
 * counts in the logs) and, a few seconds in, injects a fault: ten seconds of slow, failing
 * checkouts ({@code --no-fault} leaves it out). The composite alarm
 * publishes to the {@code ops} topic, which prints each notification, and captures a thread dump
 * and a heap histogram under {@code <data-dir>/diagnostics}.
 *
 * <p>Checkouts travel over HTTP through three traced services on loopback (gateway, orders,
 * payments, and an untraced fraud-check API); their segment documents go to
 * {@code <data-dir>/traces} and to the X-Ray daemon address ({@code --daemon-address}, else
 * {@code AWS_XRAY_DAEMON_ADDRESS}, else {@code 127.0.0.1:2000}), and the summary prints the
 * service map.
 *
 * <p>It also serves the dashboard on {@code http://127.0.0.1:8080/} ({@code --port P}; a free port when
 * 8080 is taken).
 *
 * <p>{@code --aws-endpoint URL} sends everything to AWS's APIs at that URL (an emulator, a test
 * endpoint) as to AWS itself: the {@code cloudwatch}, {@code cloudwatch-logs}, {@code xray},
 * {@code s3} (the audit trail) and {@code eventbridge} exporters, the composite alarm's SNS action,
 * an EventBridge bus target for alarm events, and centralized sampling, all with {@code endpoint: URL}
 * and the region of {@code AWS_REGION} (else {@code us-east-1}); the credentials are the
 * environment's {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, which it requires.
 *
 * <pre>java -jar monitor-examples/target/monitor-demo.jar [--data-dir D] [--duration 30s] [--port 8080] [--config monitor.yaml] [--daemon-address H:P] [--aws-endpoint URL]</pre>
 */
public final class ShopDemo {
    private static final List<String> REGIONS = List.of("eu-west-1", "us-east-1", "ap-south-1");
    /** The shop's workers, each serving {@link #REQUESTS_PER_WORKER} requests a second when it can keep up. */
    static final int WORKERS = 3;
    static final int REQUESTS_PER_WORKER = 40;
    /** Lines of a receipt: enough wasted CPU for the profiler's 10-second intervals to show it. */
    static final int RECEIPT_LINES = 400;
    /** The request-rate alarm's period: the shortest CloudWatch allows, so that it acts within the demo. */
    private static final int RATE_PERIOD = 10;
    /** The periods of usual traffic the request-rate band is trained on at start: more than the 24 a band needs. */
    private static final int WARM_UP_PERIODS = 30;

    /** The errors per minute and logger, as the printed {@code monitor logs start-query} command asks. */
    static final String ERRORS_QUERY = "filter level = \"ERROR\" | stats count(*) as errors by bin(1m), logger";
    /** Why the service map's p99 and the CheckoutLatency metric's p99 differ, printed under the map. */
    static final String MAP_AND_METRIC = "  (The map's p99 is higher than CheckoutLatency's: an edge times the whole HTTP call, payments"
            + " and fraud-check included, for the sampled traces only (1 a second, then 5%); CheckoutLatency times every"
            + " checkout, but only the orders service's own work.)";
    /** Who deletes an order during the demo, as the audit trail will say. */
    static final String DELETING_OPERATOR = "ops-admin";
    /** The traces of checkouts that failed in payments, as the printed {@code get-trace-summaries} command asks. */
    static final String FAILED_CHECKOUTS = "service(\"payments\") { fault }";
    /** Payments log through SLF4J, as most existing code does; monitor-slf4j makes them Monitor events. */
    private static final org.slf4j.Logger PAYMENTS = org.slf4j.LoggerFactory.getLogger("shop.Payments");

    private final Metrics metrics;
    private final Logger orders;
    private final AtomicInteger orderIds = new AtomicInteger();
    private final Counter requests;
    private final Timer checkoutLatency;
    private final Distribution orderAmount;
    private final Gauge openCarts;
    private final Counter checkouts;
    private final Counter checkoutErrors;
    private final AtomicInteger inventory = new AtomicInteger(10_000);
    private volatile boolean faulty;

    ShopDemo(Telemetry telemetry) {
        this.metrics = telemetry.metrics();
        this.orders = telemetry.logs().logger("shop.Orders");
        this.requests = metrics.counterBuilder("Requests").resolution(Resolution.HIGH).register();
        this.checkoutLatency = metrics.timerBuilder("CheckoutLatency").dimension("Operation", "checkout")
                .unit(Unit.MILLISECONDS).resolution(Resolution.HIGH).register();
        this.checkouts = metrics.counterBuilder("Checkouts").resolution(Resolution.HIGH).register();
        this.checkoutErrors = metrics.counterBuilder("CheckoutErrors").resolution(Resolution.HIGH).register();
        this.orderAmount = metrics.distributionBuilder("OrderAmount").unit(Unit.NONE).register();
        this.openCarts = metrics.gaugeBuilder("OpenCarts").unit(Unit.COUNT).register();
        metrics.gaugeBuilder("Inventory").unit(Unit.COUNT).observe(inventory::get);
    }

    /** One simulated request: browse, maybe check out through the traced services. */
    void serveOne(ShopServices services) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        requests.increment();
        openCarts.set(random.nextInt(20, 80));
        if (random.nextInt(4) != 0) {
            return;
        }
        String region = REGIONS.get(random.nextInt(REGIONS.size()));
        services.checkout("customer-" + random.nextInt(1, 40), "o-" + orderIds.incrementAndGet(), region);
    }

    /** The orders service's work, inside its segment: returns its HTTP status. */
    int placeOrder(String orderId, String region, IntSupplier payments) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long extraMillis = faulty ? 90 : 0;
        long started = System.nanoTime();
        // The orders service's own work; the payment call's time is on the trace.
        checkoutLatency.time(() -> sleepMillis((long) Math.abs(random.nextGaussian() * 8 + 15) + extraMillis));
        int paid = payments.getAsInt();
        checkouts.increment();
        if (paid != 200) {
            checkoutErrors.increment();
            metrics.counter("OrdersFailed", "Region", region).increment();
            orders.atWarn().field("orderId", orderId).field("paymentStatus", paid).message("order not placed");
            return 502;
        }
        metrics.counter("OrdersPlaced", "Region", region).increment();
        double amount = Math.round(random.nextDouble(5, 250) * 100) / 100.0;
        orderAmount.record(amount);
        orders.atInfo().field("orderId", orderId).field("region", region).field("amount", amount)
                .field("receiptBytes", receipt(orderId, region, amount).length())
                .field("latencyMs", (System.nanoTime() - started) / 1_000_000).message("order placed");
        if (inventory.decrementAndGet() < 100) {
            inventory.set(10_000);
        }
        return 201;
    }

    /**
     * Deliberately wasteful, for the profiler to find (its recommendations name both): each receipt line is built with
     * String.format and checked against a Pattern compiled on every call.
     */
    static String receipt(String orderId, String region, double amount) {
        StringBuilder receipt = new StringBuilder();
        for (int line = 1; line <= RECEIPT_LINES; line++) {
            String text = String.format("%s %-14s line %03d %10.2f", orderId, region, line, amount / line);
            // monitor:ignore java/expensive-object-per-call the waste the profiler's demo is there to find
            if (java.util.regex.Pattern.compile("o-\\d+ [a-z0-9-]+ +line \\d{3} +[\\d.]+").matcher(text).matches()) {
                receipt.append(text).append('\n');
            }
        }
        return receipt.toString();
    }

    /** The payments service's decision: 1 in 50 fails, 1 in 3 while the fault is on. */
    int pay(String orderId, String region) {
        if (ThreadLocalRandom.current().nextInt(faulty ? 3 : 50) == 0) {
            PAYMENTS.error("payment failed for order {} in {}", orderId, region);
            return 503;
        }
        return 200;
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the demo, errors to standard error; returns the exit status. */
    static int run(String[] args, PrintStream out) {
        return run(args, out, System.err);
    }

    /** Runs the demo; returns the exit status: 0, or 2 with a one-line {@code error:} message on {@code err}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System::getenv);
    }

    /** The account the demo's AWS resources (the SNS topic, the event bus, the audit trail's keys) are named in. */
    static final String AWS_ACCOUNT = "123456789012";
    /** The bucket {@code --aws-endpoint} delivers the audit trail to. */
    static final String AWS_TRAIL_BUCKET = "shop-audit-trail";

    /**
     * Runs the demo with {@code env} as its environment (the AWS credentials and region of
     * {@code --aws-endpoint}); returns the exit status.
     */
    static int run(String[] args, PrintStream out, PrintStream err, java.util.function.UnaryOperator<String> env) {
        Map<String, String> saved = new java.util.HashMap<>();
        try {
            return run(args, out, err, env, saved);
        } finally {
            // --aws-endpoint set these for the SDK's chains; a demo run inside a test leaves the JVM as it found it
            saved.forEach((key, value) -> {
                if (value.isEmpty()) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    private static void setProperty(Map<String, String> saved, String key, String value) {
        saved.putIfAbsent(key, System.getProperty(key, ""));
        System.setProperty(key, value);
    }

    private static int run(String[] args, PrintStream out, PrintStream err, java.util.function.UnaryOperator<String> env,
                           Map<String, String> saved) {
        Path dataDir = Path.of("monitor-data");
        Duration duration = null;
        Path config = null;
        int port = 8080;
        boolean injectFault = true;
        String daemonAddress = null;
        String otlp = null; // --otlp [URL]: the three OTLP exporters (monitor-otlp), to a collector
        String awsEndpoint = null; // --aws-endpoint URL: every AWS exporter, action and centralized sampling, there
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            try {
                switch (args[i]) {
                    case "--data-dir" -> dataDir = Path.of(require(value));
                    case "--duration" -> duration = parseDuration(require(value));
                    case "--config" -> config = Path.of(require(value));
                    case "--port" -> port = port(require(value));
                    case "--daemon-address" -> daemonAddress = require(value);
                    case "--aws-endpoint" -> awsEndpoint = awsEndpoint(require(value));
                    case "--otlp" -> {
                        boolean given = value != null && !value.startsWith("--");
                        otlp = given ? value : "http://localhost:4318";
                        i -= given ? 0 : 1;
                    }
                    case "--no-fault" -> {
                        injectFault = false;
                        i--;
                    }
                    case "--help", "-h" -> {
                        out.println("usage: java -jar monitor-demo.jar [--data-dir D] [--duration 30s] [--port 8080] [--config monitor.yaml] [--daemon-address 127.0.0.1:2000] [--no-fault]");
                        out.println("       --otlp [URL]: also send metrics, logs and traces over OTLP/HTTP (default http://localhost:4318)");
                        out.println("       --aws-endpoint URL: also send every signal to AWS's APIs at URL (CloudWatch, CloudWatch Logs, X-Ray,"
                                + " S3, EventBridge, SNS), with centralized sampling; needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
                        return 0;
                    }
                    default -> {
                        err.println("monitor-demo: error: unknown argument '" + args[i] + "'; try --help");
                        return 2;
                    }
                }
            } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                err.println("monitor-demo: error: " + args[i] + ": " + e.getMessage());
                return 2;
            }
            i++;
        }
        String awsRegion = null;
        if (awsEndpoint != null) {
            String key = env.apply("AWS_ACCESS_KEY_ID");
            String secret = env.apply("AWS_SECRET_ACCESS_KEY");
            if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
                err.println("monitor-demo: error: --aws-endpoint needs credentials: set the environment variables AWS_ACCESS_KEY_ID and"
                        + " AWS_SECRET_ACCESS_KEY (an emulator takes any values, such as test and test)");
                return 2;
            }
            awsRegion = env.apply("AWS_REGION") != null && !env.apply("AWS_REGION").isBlank() ? env.apply("AWS_REGION") : "us-east-1";
            // The SDK's chains read these first: the credentials of env, and the endpoint of alarm actions and rule targets.
            setProperty(saved, "aws.accessKeyId", key);
            setProperty(saved, "aws.secretAccessKey", secret);
            setProperty(saved, "monitor.aws.endpoint", awsEndpoint);
        }
        Monitor monitor;
        try {
            // the profiler with 10-second intervals, so that its recommendations appear within the demo (a config file may change it)
            Monitor.Builder builder = Monitor.builder().namespace("Shop").dataDir(dataDir)
                    .profiler(ProfilerSettings.builder().enabled(true).reportingInterval(Duration.ofSeconds(10)).build());
            if (config != null) {
                builder.config(config).dataDir(dataDir);
            } else {
                builder.exporterOfType("emf", Map.of()).exporterOfType("jsonl", Map.of()).health(ShopHealth.settings())
                        .prometheus(PrometheusSettings.builder().enabled(true).build());
            }
            XRaySettings.Builder traces = XRaySettings.builder();
            if (daemonAddress != null) {
                traces.daemonAddress(daemonAddress);
            }
            if (awsEndpoint != null) {
                onAws(builder, traces, awsEndpoint, awsRegion);
            }
            if (daemonAddress != null || awsEndpoint != null) {
                builder.traces(traces.build());
            }
            if (otlp != null) {
                builder.exporterOfType("otlp", Map.of("endpoint", otlp, "service-name", "shop"));
            }
            monitor = builder.dashboard(new InetSocketAddress(InetAddress.getLoopbackAddress(), freeOr(port))).build();
        } catch (ConfigException e) {
            err.println("monitor-demo: error: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            // Whatever else stops the start (a folder that cannot be made, a port): its message, not a stack trace.
            err.println("monitor-demo: error: Monitor could not start: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 2;
        }
        dev.monitor.slf4j.MonitorSlf4j.install(monitor); // PAYMENTS logs through SLF4J into this monitor
        Instant started = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            monitor.close();
            out.println("Stopped; every metric was flushed to " + monitor.dataDir().resolve("metrics"));
            out.flush();
        }, "monitor-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        printWhereToLook(out, monitor, started, duration);

        monitor.alarms().onStateChange(change -> out.printf("[alarm] %s: %s -> %s: %s%n", change.alarmName(),
                change.previous().value(), change.current().value(), change.current().reason()));
        // The replayed history's last period ends now; the workers' schedule starts here.
        long trafficFrom = System.nanoTime();
        declareRequestRateAlarm(monitor.alarms(), monitor.clock().instant());
        ShopDemo shop = new ShopDemo(monitor);
        ShopServices services;
        try {
            services = new ShopServices(shop, monitor.tracer(), monitor.audit());
        } catch (IOException e) {
            err.println("monitor-demo: error: the shop's services could not listen on loopback: " + e.getMessage());
            monitor.close();
            return 2;
        }
        ShopEvents shopEvents;
        try {
            shopEvents = ShopEvents.start(monitor, out);
        } catch (IOException e) {
            err.println("monitor-demo: error: the pager webhook could not listen on loopback: " + e.getMessage());
            services.close();
            monitor.close();
            return 2;
        }
        ShopEvents.printWhereToLook(out, monitor);
        String snsTopic = awsEndpoint == null ? null : "arn:aws:sns:" + awsRegion + ":" + AWS_ACCOUNT + ":shop-ops";
        declareAlarms(monitor, out, snsTopic);
        if (awsEndpoint != null) {
            String bus = "arn:aws:events:" + awsRegion + ":" + AWS_ACCOUNT + ":event-bus/shop-alarms";
            monitor.events().putRule(dev.monitor.core.events.Rule.builder("alarms-to-aws")
                    .eventPattern("{\"source\": [\"aws.cloudwatch\"], \"detail-type\": [\"CloudWatch Alarm State Change\"]}")
                    .target(dev.monitor.core.events.Target.arn("aws-bus", bus)).build());
            printOnAws(out, awsEndpoint, awsRegion, snsTopic, bus);
        }
        dev.monitor.api.subscription.Subscription healthChecks = ShopHealth.start(monitor, services, out);
        declareLogMetrics(monitor);
        declareDashboard(monitor);
        ShopEvents.rootSignInSoon(monitor, stop, out);
        if (injectFault) {
            shop.injectFaultSoon(out, stop);
        }
        deleteAnOrderSoon(services, out, stop, monitor.dataDir());
        Thread[] workers = new Thread[WORKERS];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> {
                // A steady rate, as the request-rate band was trained on; a worker behind by a second gives up the debt.
                long interval = 1_000_000_000L / REQUESTS_PER_WORKER;
                long next = trafficFrom;
                while (stop.getCount() > 0) {
                    shop.serveOne(services);
                    next += interval;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        sleepMillis(TimeUnit.NANOSECONDS.toMillis(wait));
                    } else if (wait < -1_000_000_000L) {
                        next = System.nanoTime();
                    }
                }
            }, "shop-worker-" + w);
            workers[w].setDaemon(true);
            workers[w].start();
        }
        try {
            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop.countDown();
        for (Thread worker : workers) {
            try {
                worker.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        healthChecks.close();
        services.close();
        monitor.close();
        shopEvents.close(); // after the monitor: the last alarm changes are delivered to it first
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return 0; // Ctrl-C: the hook has closed the monitor
        }
        printSummary(out, monitor, started);
        ShopHealth.printSummary(out, monitor);
        return 0;
    }

    /**
     * The alarms: 10-second periods so that they act within the demo's half minute. Sub-minute
     * alarms need high-resolution metrics, which is why the checkout metrics are HIGH.
     */
    static void declareAlarms(Monitor monitor, PrintStream out) {
        declareAlarms(monitor, out, null);
    }

    /** The alarms, the composite one also publishing to {@code snsTopic} (an SNS topic's ARN) when not null. */
    static void declareAlarms(Monitor monitor, PrintStream out, String snsTopic) {
        AlarmService alarms = monitor.alarms();
        alarms.topic("ops").subscribe(message -> out.println("[ops topic] " + summary(message)));
        alarms.registerAction("capture", AlarmActions.diagnostics(monitor.dataDir().resolve("diagnostics"), Duration.ofMinutes(10)));
        alarms.putMetricAlarm(MetricAlarm.builder("CheckoutLatencyHigh").description("p99 checkout latency over 60 ms")
                .metric("Shop", "CheckoutLatency", new dev.monitor.api.metrics.Dimension("Operation", "checkout"))
                .extendedStatistic("p99").period(10).evaluationPeriods(1).threshold(60)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build());
        MetricStat errors = new MetricStat("Shop", "CheckoutErrors", List.of(), 10, Statistic.simple("Sum"));
        MetricStat all = new MetricStat("Shop", "Checkouts", List.of(), 10, Statistic.simple("Sum"));
        alarms.putMetricAlarm(MetricAlarm.builder("CheckoutErrorRate").description("over 10% of checkouts fail")
                .query(MetricDataQuery.metric("errors", errors, false))
                .query(MetricDataQuery.metric("checkouts", all, false))
                .query(MetricDataQuery.expression("rate", "100 * errors / checkouts", true))
                .evaluationPeriods(1).threshold(10).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build());
        CompositeAlarm.Builder degraded = CompositeAlarm.builder("ShopDegraded")
                .description("checkouts are slow or failing").rule("ALARM(CheckoutLatencyHigh) OR ALARM(CheckoutErrorRate)");
        if (snsTopic == null) {
            degraded.onState(AlarmState.ALARM, "ops", "capture").onState(AlarmState.OK, "ops");
        } else {
            degraded.onState(AlarmState.ALARM, "ops", "capture", snsTopic).onState(AlarmState.OK, "ops", snsTopic);
        }
        alarms.putCompositeAlarm(degraded.build());
    }

    /**
     * {@code --aws-endpoint}: the five AWS exporters and centralized sampling, each with the endpoint
     * and region (the audit trail to {@value #AWS_TRAIL_BUCKET}, path-style as emulators need).
     */
    private static void onAws(Monitor.Builder builder, XRaySettings.Builder traces, String endpoint, String region) {
        Map<String, Object> aws = Map.of("endpoint", endpoint, "region", region);
        Map<String, Object> s3 = new java.util.LinkedHashMap<>(aws);
        s3.putAll(Map.of("bucket", AWS_TRAIL_BUCKET, "account", AWS_ACCOUNT, "forcePathStyle", true));
        Map<String, Object> bus = new java.util.LinkedHashMap<>(aws);
        bus.put("eventBusName", "shop-events");
        builder.exporterOfType("cloudwatch", aws).exporterOfType("cloudwatch-logs", aws).exporterOfType("xray", aws)
                .exporterOfType("s3", s3).exporterOfType("eventbridge", bus);
        traces.sampling("centralized", aws);
    }

    private static void printOnAws(PrintStream out, String endpoint, String region, String snsTopic, String bus) {
        out.println("On AWS at " + endpoint + " (" + region + "): metrics with PutMetricData, logs with PutLogEvents, segments with"
                + " PutTraceSegments, the audit trail with PutObject to s3://" + AWS_TRAIL_BUCKET + ", events with PutEvents to"
                + " shop-events; centralized sampling with GetSamplingRules and GetSamplingTargets; ShopDegraded publishes to "
                + snsTopic + ", alarm events go to " + bus);
    }

    /** The {@code --aws-endpoint} URL: http or https with a host. */
    static String awsEndpoint(String text) {
        try {
            java.net.URI uri = new java.net.URI(text);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null) {
                return text;
            }
        } catch (java.net.URISyntaxException e) {
            // refused below
        }
        throw new IllegalArgumentException("'" + text + "' is not an http:// or https:// URL with a host, such as http://localhost:4566");
    }

    /**
     * The anomaly alarm on the request rate. A band needs 24 periods of history (four minutes of
     * 10-second periods), more than the demo's half minute, so the model is trained at start on
     * {@value #WARM_UP_PERIODS} periods of the shop's usual rate, replayed into the alarm before
     * the first request (with the part of the current period before it): the alarm leaves
     * INSUFFICIENT_DATA at its first evaluation, and the slow checkouts of the fault, which hold
     * the workers up, can take the rate below the band.
     */
    static void declareRequestRateAlarm(AlarmService alarms, Instant now) {
        MetricAlarm anomaly = MetricAlarm.builder("RequestRateAnomaly").description("request rate outside its usual band")
                .query(MetricDataQuery.metric("m1", new MetricStat("Shop", "Requests", List.of(), RATE_PERIOD,
                        Statistic.simple("Sum")), true))
                .query(MetricDataQuery.expression("ad1", "ANOMALY_DETECTION_BAND(m1, 3)", true))
                .thresholdMetricId("ad1").evaluationPeriods(3).datapointsToAlarm(2)
                .comparisonOperator(ComparisonOperator.LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD).build();
        dev.monitor.core.metrics.MetricId requests = new dev.monitor.core.metrics.MetricId("Shop", "Requests", List.of(),
                Unit.COUNT, Resolution.HIGH);
        long current = Math.floorDiv(now.getEpochSecond(), RATE_PERIOD) * RATE_PERIOD;
        double usual = WORKERS * REQUESTS_PER_WORKER * RATE_PERIOD;
        java.util.Random random = new java.util.Random(7);
        List<dev.monitor.core.metrics.Datapoint> history = new java.util.ArrayList<>();
        for (int i = WARM_UP_PERIODS; i >= 1; i--) {
            history.add(dev.monitor.core.metrics.Datapoint.single(requests, Instant.ofEpochSecond(current - (long) i * RATE_PERIOD),
                    Math.round(usual * (1 + 0.02 * random.nextGaussian()))));
        }
        // The current period's requests until now: the workers serve the rest of it, catching up from now.
        double elapsed = (now.toEpochMilli() - current * 1000) / 1000.0;
        history.add(dev.monitor.core.metrics.Datapoint.single(requests, Instant.ofEpochSecond(current),
                Math.round(usual * elapsed / RATE_PERIOD)));
        // The alarm starts with the history in its periods, and its model learns from it at once.
        alarms.putMetricAlarm(anomaly, history);
    }

    /** The dashboard the console shows first, in CloudWatch's dashboard-body JSON, as one would put it to AWS. */
    static final String DASHBOARD = "ShopOverview";

    /** Alarm widgets name alarms by ARN; the console finds them by the name at its end, whatever the account and region. */
    private static final String ALARM_ARN = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:";

    /** Puts {@link #DASHBOARD}: checkout latency against its alarm, the request rate, the error log events and the alarms. */
    static void declareDashboard(Monitor monitor) {
        String group = monitor.logs().defaultGroup();
        monitor.dashboards().putDashboard(DASHBOARD, """
                {"widgets": [
                  {"type": "text", "x": 0, "y": 0, "width": 24, "height": 2, "properties": {"markdown":
                    "## Shop\\nCheckouts through the **gateway**, **orders** and **payments** services. See *Traces* for the map."}},
                  {"type": "metric", "x": 0, "y": 2, "width": 12, "height": 6, "properties": {"title": "Checkout latency (p99)",
                    "view": "timeSeries", "stat": "p99", "period": 10, "region": "eu-west-1",
                    "metrics": [["Shop", "CheckoutLatency", "Operation", "checkout"]],
                    "annotations": {"horizontal": [{"label": "CheckoutLatencyHigh", "value": 60}]}}},
                  {"type": "metric", "x": 12, "y": 2, "width": 6, "height": 6, "properties": {"title": "Requests per 10 s",
                    "view": "singleValue", "stat": "Sum", "period": 10, "metrics": [["Shop", "Requests"]]}},
                  {"type": "alarm", "x": 18, "y": 2, "width": 6, "height": 6, "properties": {"title": "Shop alarms", "alarms": [
                    "%s", "%s", "%s"]}},
                  {"type": "log", "x": 0, "y": 8, "width": 24, "height": 6, "properties": {"title": "Error events",
                    "query": "SOURCE '%s' | %s", "view": "table"}}
                ]}
                """.formatted(ALARM_ARN + "CheckoutLatencyHigh", ALARM_ARN + "CheckoutErrorRate", ALARM_ARN + "ShopDegraded",
                group, ERRORS_QUERY.replace("\"", "\\\""))); // the query goes into a JSON string
    }

    /**
     * A metric filter counting the error events (CloudWatch Logs' "count errors" recipe), and an
     * alarm on that metric. Metric filters publish standard-resolution metrics, so the alarm's
     * period is a minute: it acts on runs longer than the default half minute.
     */
    static void declareLogMetrics(Monitor monitor) {
        monitor.logs().putMetricFilter(new MetricFilter("error-events", monitor.logs().defaultGroup(),
                FilterPattern.parse("{ $.level = \"ERROR\" }"),
                new MetricFilter.Transformation("ErrorLogEvents", "Shop", "1", 0.0, Map.of(), Unit.COUNT)));
        monitor.alarms().putMetricAlarm(MetricAlarm.builder("ErrorLogEventsHigh").description("over 20 error events a minute")
                .metric("Shop", "ErrorLogEvents").statistic("Sum").period(60).threshold(20)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).onState(AlarmState.ALARM, "ops").build());
    }

    private static String summary(String notification) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(notification);
            return json.get("AlarmName").asText() + " is " + json.get("NewStateValue").asText()
                    + " (was " + json.get("OldStateValue").asText() + ")";
        } catch (IOException e) {
            return notification;
        }
    }

    /** Five seconds in, an operator deletes an order through the API: the audit trail knows who. */
    private static void deleteAnOrderSoon(ShopServices services, PrintStream out, CountDownLatch stop, Path dataDir) {
        Thread admin = new Thread(() -> {
            try {
                if (!stop.await(5, TimeUnit.SECONDS)) {
                    int status = services.deleteOrder(DELETING_OPERATOR, "o-7");
                    out.println("[audit] " + DELETING_OPERATOR + " deleted order o-7 (HTTP " + status + "); find who did it with:");
                    out.println("    java -jar monitor-cli/target/monitor.jar audit lookup-events --data-dir " + dataDir
                            + " --lookup-attributes AttributeKey=ResourceName,AttributeValue=" + ShopServices.ORDER_ARN_PREFIX + "o-7");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shop-admin");
        admin.setDaemon(true);
        admin.start();
    }

    /** Ten seconds of slow, failing checkouts, starting on a 10-second boundary a few seconds from now. */
    private void injectFaultSoon(PrintStream out, CountDownLatch stop) {
        Thread fault = new Thread(() -> {
            long now = System.currentTimeMillis();
            long start = ((now + 3_000) / 10_000 + 1) * 10_000;
            try {
                if (stop.await(start - now, TimeUnit.MILLISECONDS)) {
                    return;
                }
                out.println("[fault] " + Instant.ofEpochMilli(start) + ": injecting 10 s of slow (+90 ms) and failing (1 in 3) checkouts");
                faulty = true;
                stop.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (faulty) {
                    faulty = false;
                    out.println("[fault] " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ": over");
                }
            }
        }, "shop-fault-injector");
        fault.setDaemon(true);
        fault.start();
    }

    private static void printWhereToLook(PrintStream out, Monitor monitor, Instant started, Duration duration) {
        Path metricsDir = monitor.dataDir().resolve("metrics").toAbsolutePath();
        out.println("Monitor demo: an order shop with simulated traffic, namespace '" + monitor.namespace() + "'.");
        out.println("  EMF metric files:        " + metricsDir.resolve("emf-*.jsonl"));
        out.println("  JSON-lines metric files: " + metricsDir.resolve("datapoints-*.jsonl"));
        out.println("  Log files (JSON lines):  " + monitor.logs().directory().toAbsolutePath().resolve(
                dev.monitor.core.logs.LogService.directoryOf(monitor.logs().defaultGroup())));
        monitor.dashboardUri().ifPresent(uri -> out.println("  Dashboard:               " + uri));
        monitor.prometheusUri().ifPresent(uri -> out.println("  Prometheus scrapes:      " + uri));
        out.println("  Query them, like aws cloudwatch get-metric-statistics:");
        out.println("    java -jar monitor-cli/target/monitor.jar metrics get-statistics --data-dir " + monitor.dataDir()
                + " --namespace Shop --metric-name CheckoutLatency --dimensions Name=Operation,Value=checkout"
                + " --statistics SampleCount Average Maximum --extended-statistics p99 --period 60"
                + " --start-time " + started + " --end-time " + started.plus(Duration.ofHours(1)));
        out.println("  Query the logs, like aws logs start-query (Logs Insights):");
        out.println("    java -jar monitor-cli/target/monitor.jar logs start-query --data-dir " + monitor.dataDir()
                + " --log-group-names " + monitor.logs().defaultGroup() + " --start-time " + started
                + " --end-time " + started.plus(Duration.ofHours(1)) + " --query-string '" + ERRORS_QUERY + "'");
        out.println("  Segment documents:       " + monitor.dataDir().resolve("traces").toAbsolutePath().resolve("segments-*.jsonl")
                + " (and UDP to the X-Ray daemon address)");
        out.println("  The service map and the failed traces, like aws xray get-service-graph and get-trace-summaries:");
        out.println("    java -jar monitor-cli/target/monitor.jar traces get-service-graph --data-dir " + monitor.dataDir());
        out.println("    java -jar monitor-cli/target/monitor.jar traces get-trace-summaries --data-dir " + monitor.dataDir()
                + " --filter-expression '" + FAILED_CHECKOUTS + "'");
        out.println("  Audit trail (CloudTrail layout, signed digests): " + monitor.dataDir().resolve("audit").toAbsolutePath());
        out.println("    java -jar monitor-cli/target/monitor.jar audit validate-logs --data-dir " + monitor.dataDir()
                + " --start-time " + started + " --verbose");
        out.println(duration == null ? "Running until Ctrl-C." : "Running for " + duration.toSeconds() + " s (Ctrl-C stops it sooner).");
        out.flush();
    }

    private static void printSummary(PrintStream out, Monitor monitor, Instant started) {
        StatisticsQuery query = new StatisticsQuery("Shop", "CheckoutLatency",
                List.of(new dev.monitor.api.metrics.Dimension("Operation", "checkout")), started,
                Instant.now().plus(Duration.ofMinutes(1)), 60, List.of("SampleCount", "Average"), List.of("p99"));
        MetricStatistics answer = monitor.getStatistics(query);
        for (MetricStatistics.Point point : answer.datapoints()) {
            out.printf("CheckoutLatency %s: %.0f checkouts, average %.1f ms, p99 %.1f ms%n", point.timestamp(),
                    point.statistics().get("SampleCount"), point.statistics().get("Average"),
                    point.extendedStatistics().get("p99"));
        }
        if (monitor.tracer() instanceof XRayTracer) {
            printServiceMap(out, monitor.dataDir().resolve("traces"), started);
        }
        for (AlarmStatus status : monitor.alarms().describeAll()) {
            out.printf("Alarm %-20s %-17s %s%n", status.name(), status.state(), status.reason());
        }
        printProfilerSummary(out, monitor, started);
        out.println("Stopped; every metric was flushed to " + monitor.dataDir().resolve("metrics"));
        out.flush();
    }

    /** The profiler's recommendations over the run (each rule once, at its largest share) and how to see the flame graph. */
    private static void printProfilerSummary(PrintStream out, Monitor monitor, Instant started) {
        Path root = dev.monitor.console.profiler.ProfileReports.root(monitor.dataDir());
        String group = monitor.profiler().profilingGroup();
        Map<String, dev.monitor.console.profiler.ProfileReports.Recommendation> top = new java.util.TreeMap<>();
        for (var report : dev.monitor.console.profiler.ProfileReports.recommendations(root, group, started, Instant.now().plusSeconds(60))
                .items()) {
            for (var recommendation : report.recommendations()) {
                top.merge(recommendation.ruleId(), recommendation, (a, b) -> a.share() >= b.share() ? a : b);
            }
        }
        top.values().stream().sorted(java.util.Comparator.comparingDouble(
                        dev.monitor.console.profiler.ProfileReports.Recommendation::estimatedCpuShare).reversed()).limit(3)
                .forEach(r -> out.printf("Profiler recommendation %-22s %4.1f%% of %s: %s%n", r.ruleId(), 100 * r.share(), r.kind(), r.name()));
        out.println("Profiler flame graph:    java -jar monitor-cli/target/monitor.jar profiler flamegraph --data-dir "
                + monitor.dataDir() + " --group " + group + " --output cpu.html");
    }

    /**
     * One line per edge of the service map of the sampled traces, and the gateway's latency SLA,
     * from the segment files (closing the monitor wrote them all), as the printed CLI commands read them.
     */
    private static void printServiceMap(PrintStream out, Path traces, Instant started) {
        List<String> problems = new java.util.ArrayList<>();
        TraceIndex index = TraceIndex.read(traces, problems);
        problems.forEach(problem -> out.println("A segment file was skipped: " + problem));
        Instant end = Instant.now().plusSeconds(1);
        JsonNode graph;
        try {
            graph = new com.fasterxml.jackson.databind.ObjectMapper().readTree(index.serviceGraph(started, end));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<Integer, String> names = new java.util.HashMap<>();
        graph.get("Services").forEach(service -> names.put(service.get("ReferenceId").asInt(), service.get("Name").asText()));
        out.println("Service map of the sampled traces:");
        graph.get("Services").forEach(service -> service.get("Edges").forEach(edge -> out.printf(
                "  %-8s -> %-12s %4d calls, %3d faults, p99 %.1f ms%n", service.get("Name").asText(),
                names.get(edge.get("ReferenceId").asInt()), edge.at("/SummaryStatistics/TotalCount").asInt(),
                edge.at("/SummaryStatistics/FaultStatistics/TotalCount").asInt(),
                edge.at("/ResponseTimePercentiles/p99").asDouble() * 1000)));
        TraceIndex.SlaResult sla = index.slaCheck("gateway", 99, Duration.ofMillis(300), end.minus(Duration.ofMinutes(5)), end);
        out.printf("SLA gateway p99 under 300 ms over the last 5 minutes: %s (p99 %d ms over %d requests)%n",
                sla.met() ? "met" : "MISSED", sla.observed().toMillis(), sla.requests());
        out.println(MAP_AND_METRIC);
    }

    /** {@code port} if nothing listens on it on loopback, else 0 (any free port): fine for a demo. */
    private static int freeOr(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return port;
        } catch (IOException taken) {
            return 0;
        }
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("'" + text + "' is not a port number (0 to 65535; 0 picks a free one)");
    }

    private static String require(String value) {
        if (value == null) {
            throw new IllegalArgumentException("needs a value");
        }
        return value;
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 such as {@code PT30S}. */
    static Duration parseDuration(String text) {
        if (text.matches("\\d+(ms|s|m|h)")) {
            long amount = Long.parseLong(text.replaceAll("\\D", ""));
            return switch (text.replaceAll("\\d", "")) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        return Duration.parse(text);
    }
}
