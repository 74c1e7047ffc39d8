package dev.monitor.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.monitor.core.Monitor;
import dev.monitor.core.audit.AuditEvent;
import dev.monitor.core.audit.UserIdentity;
import dev.monitor.core.events.ApiDestination;
import dev.monitor.core.events.Connection;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.ScheduleExpression;
import dev.monitor.core.events.Target;
import dev.monitor.core.events.archive.Archive;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shop's event buses: an hourly job, a security rule on root-style sign-ins, alarm state changes
 * routed to a webhook the demo serves itself on loopback, and an archive of the default bus. Schema
 * discovery sees every event the buses accept.
 */
final class ShopEvents implements AutoCloseable {
    static final String HOURLY_RULE = "hourly-inventory-report";
    static final String SECURITY_RULE = "root-sign-in";
    static final String ALARM_RULE = "alarm-changes-to-pager";
    static final String ARCHIVE = "shop-events";
    /**
     * The rule's pattern: a console sign-in by a root-style identity, as EventBridge delivers CloudTrail's
     * ConsoleLogin: source aws.signin, detail-type "AWS Console Sign In via CloudTrail", not an API call.
     */
    static final String ROOT_SIGN_IN = "{\"source\": [\"aws.signin\"], \"detail-type\": [\"AWS Console Sign In via CloudTrail\"], "
            + "\"detail\": {\"eventName\": [\"ConsoleLogin\"], \"userIdentity\": {\"type\": [\"Root\"]}}}";
    /** An event of that shape, for the printed {@code test-event-pattern} command. */
    static final String ROOT_SIGN_IN_EXAMPLE = "{\"id\": \"1\", \"source\": \"aws.signin\", \"detail-type\": \"AWS Console Sign In via CloudTrail\", "
            + "\"account\": \"000000000000\", \"time\": \"2026-01-01T00:00:00Z\", \"region\": \"local\", \"resources\": [], \"detail\": "
            + "{\"eventName\": \"ConsoleLogin\", \"eventType\": \"AwsConsoleSignIn\", \"userIdentity\": {\"type\": \"Root\"}}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer pager;
    private final AtomicInteger pages = new AtomicInteger();
    final AtomicInteger hourlyRuns = new AtomicInteger();

    private ShopEvents(HttpServer pager) {
        this.pager = pager;
    }

    /** Puts the rules, the webhook and the archive on {@code monitor}; prints what comes of them to {@code out}. */
    static ShopEvents start(Monitor monitor, PrintStream out) throws IOException {
        HttpServer pager = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ShopEvents events = new ShopEvents(pager);
        pager.createContext("/pager", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                JsonNode event = JSON.readTree(body.readAllBytes());
                events.pages.incrementAndGet();
                out.println("[pager webhook] " + event.at("/detail/alarmName").asText() + ": " + event.at("/detail/previousState/value").asText()
                        + " -> " + event.at("/detail/state/value").asText() + " (a \"" + event.get("detail-type").asText() + "\" event from "
                        + event.get("source").asText() + ")");
                exchange.sendResponseHeaders(204, -1);
            }
        });
        pager.start();
        URI endpoint = URI.create("http://127.0.0.1:" + pager.getAddress().getPort() + "/pager");

        monitor.eventArchives().createArchive(new Archive(ARCHIVE, Rule.DEFAULT_BUS, null, 7, "every event of the default bus, for a week"));
        monitor.alarms().topic("security").subscribe(message -> out.println("[security topic] " + message));

        ScheduleExpression hourly = ScheduleExpression.parse("rate(1 hour)");
        monitor.events().putRule(Rule.builder(HOURLY_RULE).schedule(hourly)
                .target(Target.handler("report", input -> events.inventoryReport(out, "the schedule"))).build());
        monitor.events().putRule(Rule.builder(SECURITY_RULE).eventPattern(ROOT_SIGN_IN)
                .target(Target.topic("notify-security", "security").withInputPath("$.detail.userIdentity")).build());
        monitor.events().createConnection(new Connection("pager", new Connection.ApiKey("X-Pager-Key", "demo-key")));
        monitor.events().createApiDestination(ApiDestination.post("pager", "pager", endpoint));
        monitor.events().putRule(Rule.builder(ALARM_RULE)
                .eventPattern("{\"source\": [\"aws.cloudwatch\"], \"detail-type\": [\"CloudWatch Alarm State Change\"]}")
                .target(Target.apiDestination("page", "pager")).build());
        // A rate(1 hour) rule first fires an hour after it is made, as in EventBridge: far beyond a demo's half minute. So the
        // job also runs once now, by hand; the rule's own fires follow on the monitor's (real) clock.
        Instant next = hourly.nextFireTime(monitor.clock().instant()).orElseThrow();
        out.println("[schedule] " + HOURLY_RULE + " runs on rate(1 hour): its first fire is at " + next.truncatedTo(ChronoUnit.SECONDS)
                + "; the demo runs the job once now so that you see it");
        events.inventoryReport(out, "the demo, at start");
        out.println("[events] alarm state changes go to the pager webhook at " + endpoint);
        return events;
    }

    private void inventoryReport(PrintStream out, String who) {
        hourlyRuns.incrementAndGet();
        out.println("[hourly job] inventory report (run by " + who + ")");
    }

    /** Three seconds in, ops-admin signs in as root: the audit trail records it, the bus matches it, the security topic hears. */
    static void rootSignInSoon(Monitor monitor, CountDownLatch stop, PrintStream out) {
        Thread admin = new Thread(() -> {
            try {
                if (!stop.await(3, TimeUnit.SECONDS)) {
                    UserIdentity root = new UserIdentity("Root", ShopDemo.DELETING_OPERATOR, null, null, null, ShopDemo.DELETING_OPERATOR, null);
                    // a console sign-in, not an API call: CloudTrail records it with eventType AwsConsoleSignIn
                    monitor.audit().record(AuditEvent.builder("ConsoleLogin").source("signin.amazonaws.com").consoleSignIn().by(root)
                            .from("127.0.0.1").response(Map.of("ConsoleLogin", "Success")).build());
                    // A trail delivers every 5 minutes by default; the demo delivers now, and the record reaches the bus at once.
                    monitor.audit().deliverNow();
                    out.println("[audit] " + ShopDemo.DELETING_OPERATOR + " signed in as root");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shop-root-sign-in");
        admin.setDaemon(true);
        admin.start();
    }

    /** The rules, and the CLI commands that show the archive and the discovered schemas. */
    static void printWhereToLook(PrintStream out, Monitor monitor) {
        Path dataDir = monitor.dataDir();
        out.println("  Event rules (default bus):");
        for (Rule rule : monitor.events().rules(Rule.DEFAULT_BUS)) {
            out.println("    " + rule.name() + ": " + (rule.scheduleExpression() != null ? rule.scheduleExpression().expression()
                    : rule.eventPattern().json()) + " -> " + rule.targets().stream().map(Target::id).toList());
        }
        out.println("  Check the security rule's pattern against an event, like aws events test-event-pattern:");
        out.println("    java -jar monitor-cli/target/monitor.jar events test-event-pattern --event-pattern '" + ROOT_SIGN_IN + "' --event "
                + "'" + ROOT_SIGN_IN_EXAMPLE + "'");
        out.println("  The archive and the schemas discovered from the events, like aws events list-archives and aws schemas list-schemas:");
        out.println("    java -jar monitor-cli/target/monitor.jar events list-archives --data-dir " + dataDir);
        out.println("    java -jar monitor-cli/target/monitor.jar events list-schemas --data-dir " + dataDir);
        out.println("    java -jar monitor-cli/target/monitor.jar events describe-schema --data-dir " + dataDir
                + " --schema-name aws.cloudwatch@CloudWatchAlarmStateChange");
    }

    int pages() {
        return pages.get();
    }

    @Override
    public void close() {
        pager.stop(0);
    }
}
