package dev.monitor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.export.EmfReader;
import dev.monitor.core.metrics.Datapoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopDemoTest {
    @TempDir
    Path dataDir;

    @Test
    void runsForItsDurationLeavesReadableEmfFilesAndItsFaultFiresTheAlarms() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DatagramSocket daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        daemon.setReceiveBufferSize(4 << 20);
        // The fault starts on a 10-second boundary 3 to 13 s in and its alarms act 10 s later: 7 s to spare.
        int status = ShopDemo.run(new String[] {"--data-dir", dataDir.toString(), "--duration", "30s", "--port", "0",
                "--daemon-address", "127.0.0.1:" + daemon.getLocalPort()}, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(0, status);
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("EMF metric files:"), output);
        assertTrue(output.contains("Dashboard:               http://127.0.0.1:"), output);
        assertTrue(output.contains("Stopped; every metric was flushed"), output);
        // the profiler ran with 10-second intervals and says where its flame graph comes from
        assertTrue(output.contains("Profiler flame graph:    java -jar monitor-cli/target/monitor.jar profiler flamegraph --data-dir "
                + dataDir), output);
        assertFalse(dev.monitor.core.profiler.CollapsedProfile.files(dataDir.resolve("profiles"), "Shop", "cpu", Instant.EPOCH,
                Instant.parse("9999-01-01T00:00:00Z")).isEmpty(), "CPU profiles were written");

        EmfReader.Result read = EmfReader.readDirectory(dataDir.resolve("metrics"));
        assertEquals(List.of(), read.problems());
        Set<String> names = read.datapoints().stream().map(d -> d.metric().name()).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("Requests", "CheckoutLatency", "OrdersPlaced", "OrderAmount",
                "OpenCarts", "Inventory", "JvmHeapUsed", "JvmThreads")), names.toString());
        double requests = read.datapoints().stream().filter(d -> d.metric().name().equals("Requests"))
                .mapToDouble(Datapoint::sum).sum();
        assertTrue(requests > 50, "3 workers serve more than 50 requests, got " + requests);

        // The alarms the README lists, five, each in the summary; the anomaly band was trained at start, so it decided.
        List<String> alarmLines = output.lines().filter(line -> line.startsWith("Alarm ")).toList();
        assertEquals(List.of("RequestRateAnomaly", "CheckoutLatencyHigh", "CheckoutErrorRate", "ShopDegraded", "ErrorLogEventsHigh"),
                alarmLines.stream().map(line -> line.split("\\s+")[1]).toList(), output);
        assertTrue(alarmLines.get(0).matches("Alarm RequestRateAnomaly +(OK|ALARM) .*"), alarmLines.get(0));
        assertTrue(output.matches("(?s).*\\[alarm\\] RequestRateAnomaly: INSUFFICIENT_DATA -> (OK|ALARM): Threshold Crossed: .*"), output);
        // The service map's p99 and the metric's differ; the summary says why.
        assertTrue(output.contains(ShopDemo.MAP_AND_METRIC), output);
        assertTrue(output.matches("(?s).*\n  gateway  -> orders .*"), "the map has the gateway's edge: " + output);

        assertTrue(output.contains("[fault] "), output);
        assertTrue(output.matches("(?s).*\\[alarm\\] CheckoutLatencyHigh: (OK|INSUFFICIENT_DATA) -> ALARM: Threshold Crossed: .*"), output);
        assertTrue(output.matches("(?s).*\\[alarm\\] CheckoutErrorRate: (OK|INSUFFICIENT_DATA) -> ALARM: .*"), output);
        assertTrue(output.contains("[ops topic] ShopDegraded is ALARM"), output);
        try (var files = java.nio.file.Files.list(dataDir.resolve("diagnostics"))) {
            assertEquals(2, files.count(), "the composite alarm captured a thread dump and a heap histogram");
        }

        // The logs: SLF4J's errors and Monitor's structured events, found by the query the demo prints.
        assertTrue(output.contains("logs start-query --data-dir " + dataDir), output);
        java.time.Instant from = java.time.Instant.now().minus(java.time.Duration.ofMinutes(5));
        java.time.Instant to = java.time.Instant.now().plus(java.time.Duration.ofMinutes(1));
        var errors = dev.monitor.core.logs.QueryEngine.run(ShopDemo.ERRORS_QUERY, dataDir.resolve("logs"),
                List.of("/monitor/Shop"), from, to);
        assertTrue(errors.rows().stream().anyMatch(row -> "shop.Payments".equals(row.get("logger"))), errors.rows().toString());
        var placed = dev.monitor.core.logs.QueryEngine.run("filter message = \"order placed\" and ispresent(requestId) "
                + "| stats count(*) as n, avg(amount) as mean", dataDir.resolve("logs"), List.of("/monitor/Shop"), from, to);
        assertTrue(Integer.parseInt(placed.rows().get(0).get("n")) > 20, placed.rows().toString());

        // The traces: a service map of the services the checkouts crossed, from the segment files.
        var graph = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                dev.monitor.xray.TraceIndex.read(dataDir.resolve("traces")).serviceGraph(from, to));
        Set<String> services = new java.util.HashSet<>();
        graph.get("Services").forEach(s -> services.add(s.get("Name").asText()));
        assertTrue(services.containsAll(Set.of("gateway", "orders", "payments", "fraud-check")), graph.toString());
        assertTrue(output.contains("Service map of the sampled traces:") && output.contains("SLA gateway p99 under 300 ms"), output);
        var withTraces = dev.monitor.core.logs.QueryEngine.run("filter message = \"order placed\" and ispresent(traceId) "
                + "| stats count(*) as n", dataDir.resolve("logs"), List.of("/monitor/Shop"), from, to);
        assertTrue(Integer.parseInt(withTraces.rows().get(0).get("n")) > 0, "events logged inside a segment carry its trace id");
        // The audit trail: who deleted the order, and a trail that validates.
        assertTrue(output.contains("[audit] ops-admin deleted order o-7"), output);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var deletes = json.readTree(dev.monitor.core.audit.AuditTrail.lookupEvents(dataDir,
                new dev.monitor.core.audit.LookupAttribute("ResourceName", ShopServices.ORDER_ARN_PREFIX + "o-7"), from, to, 50, null));
        assertEquals(1, deletes.get("Events").size(), deletes.toString());
        assertEquals("DeleteOrders", deletes.at("/Events/0/EventName").asText());
        assertEquals(ShopDemo.DELETING_OPERATOR, deletes.at("/Events/0/Username").asText());
        var checkouts = json.readTree(dev.monitor.core.audit.AuditTrail.lookupEvents(dataDir,
                new dev.monitor.core.audit.LookupAttribute("EventName", "PostCheckout"), from, to, 50, null));
        assertEquals(50, checkouts.get("Events").size(), "every checkout through the gateway is audited");
        var report = dev.monitor.core.audit.TrailValidator.validate(dataDir,
                dev.monitor.core.audit.SigningKeys.readPublicKey(dataDir.resolve("audit/public-key.pem")), from, to);
        assertTrue(report.valid() && report.validDigests() >= 1 && report.validLogFiles() >= 1, report.toString());
        // The event buses: the hourly job (run once at start; rate(1 hour) fires an hour on), the root sign-in on the security
        // topic, alarm state changes at the demo's own webhook, the archive, and the schemas discovered from the events.
        assertTrue(output.contains("[schedule] " + ShopEvents.HOURLY_RULE + " runs on rate(1 hour)"), output);
        assertTrue(output.contains("[hourly job] inventory report (run by the demo, at start)"), output);
        assertTrue(output.matches("(?s).*\\[security topic\\] \\{[^\n]*\"type\":\"Root\"[^\n]*\"userName\":\"ops-admin\".*"), output);
        assertTrue(output.matches("(?s).*\\[pager webhook\\] ShopDegraded: (OK|INSUFFICIENT_DATA) -> ALARM \\(a \"CloudWatch Alarm State Change\" "
                + "event from aws.cloudwatch\\).*"), output);
        assertTrue(output.contains("events list-archives --data-dir " + dataDir), output);
        assertTrue(output.contains("events list-schemas --data-dir " + dataDir), output);
        var archives = json.readTree(dev.monitor.core.events.archive.internal.ArchiveFiles.listArchivesJson(
                new dev.monitor.core.files.DataLayout(dataDir), null, problem -> { }));
        assertEquals(ShopEvents.ARCHIVE, archives.at("/Archives/0/ArchiveName").asText(), archives.toString());
        assertTrue(archives.at("/Archives/0/EventCount").asInt() > 50, "the audited checkouts and the alarm changes: " + archives);
        var schemas = dev.monitor.core.events.schemas.SchemaRegistry.read(new dev.monitor.core.files.DataLayout(dataDir)).listSchemas(null)
                .stream().map(dev.monitor.core.events.schemas.SchemaSummary::schemaName).toList();
        assertTrue(schemas.containsAll(List.of("aws.cloudwatch@CloudWatchAlarmStateChange", dev.monitor.core.events.schemas.SchemaRegistry.schemaName("aws.signin", "AWS Console Sign In via CloudTrail"))),
                schemas.toString());
        // ... and the same documents, sent to the daemon address.
        daemon.setSoTimeout(500);
        int datagrams = 0;
        byte[] buffer = new byte[65_536];
        try (daemon) {
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                daemon.receive(packet);
                String text = new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
                assertTrue(text.startsWith("{\"format\": \"json\", \"version\": 1}\n{"), text);
                datagrams++;
            }
        } catch (java.net.SocketTimeoutException drained) {
            assertTrue(datagrams >= 3, datagrams + " datagrams");
        }
    }

    @Test
    void rejectsUnknownArgumentsNamingThem() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, ShopDemo.run(new String[] {"--colour", "blue"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("monitor-demo: error: unknown argument '--colour'; try --help\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, ShopDemo.run(new String[] {"--port", "http"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("monitor-demo: error: --port: 'http' is not a port number"), err.toString());
    }

    /** A config that is missing or not YAML is one error message naming the file and the problem, never a stack trace. */
    @Test
    void aBadConfigIsAnErrorMessageNotAStackTrace() throws Exception {
        Path garbled = java.nio.file.Files.writeString(dataDir.resolve("monitor.yaml"), "namespace: [Shop\nexporters: {type: }\n");
        Path typo = java.nio.file.Files.writeString(dataDir.resolve("typo.yaml"), "namespace: Shop\nexporters:\n  - {tpye: emf}\n");
        for (Path config : List.of(dataDir.resolve("absent.yaml"), garbled, typo)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = ShopDemo.run(new String[] {"--config", config.toString(), "--data-dir", dataDir.resolve("data").toString(),
                    "--duration", "1s", "--port", "0"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, status, message);
            assertTrue(message.startsWith("monitor-demo: error: ") && message.contains(config.toString()), message);
            assertFalse(message.contains("Exception") || message.contains("\tat "), message);
            assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing started");
        }
    }
}
