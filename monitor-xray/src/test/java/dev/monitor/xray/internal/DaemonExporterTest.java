package dev.monitor.xray.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The xray-daemon exporter against a real UDP socket on loopback, as the X-Ray daemon listens. */
class DaemonExporterTest {
    private static final String HEADER = "{\"format\": \"json\", \"version\": 1}\n";
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    private final MetricRegistry registry = new MetricRegistry("Shop", clock, Resolution.STANDARD, 100);

    private DaemonExporter exporter(DatagramSocket daemon) throws Exception {
        return new DaemonExporter((InetSocketAddress) daemon.getLocalSocketAddress(),
                new ExporterContext("xray-daemon", new DataLayout(Path.of("unused")), clock, registry.forNamespace("Monitor")));
    }

    private static SegmentDocument document(int n, String body) {
        String id = "%016x".formatted(n);
        return new SegmentDocument("1-6921a6a0-%024x".formatted(n), id,
                "{\"name\":\"orders\",\"id\":\"" + id + "\",\"body\":\"" + body + "\"}");
    }

    private static List<String> receive(DatagramSocket daemon, int count) throws Exception {
        List<String> received = new ArrayList<>();
        byte[] buffer = new byte[70_000];
        while (received.size() < count) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            daemon.receive(packet);
            received.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        }
        return received;
    }

    private double dropped() {
        return registry.collect(Resolution.STANDARD, clock.instant()).stream().filter(d -> d.metric().name().equals("Dropped"))
                .mapToDouble(Datapoint::sum).sum();
    }

    @Test
    void eachDocumentOfABatchIsOneDatagramWithTheDaemonsHeader() throws Exception {
        try (DatagramSocket daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            daemon.setSoTimeout(5000);
            DaemonExporter exporter = exporter(daemon);
            try {
                List<SegmentDocument> batch = List.of(document(1, "a"), document(2, "caf\u00e9"), document(3, "c"));
                exporter.export(batch);
                List<String> received = receive(daemon, 3);
                for (int i = 0; i < 3; i++) {
                    assertEquals(HEADER + batch.get(i).document(), received.get(i), "the header line, a newline, the document");
                }
            } finally {
                exporter.close();
            }
        }
    }

    /** https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html: one document per datagram, at most 64 KB. */
    @Test
    void aDocumentOverTheDatagramLimitIsDroppedAndCountedAndTheRestGoOut() throws Exception {
        try (DatagramSocket daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            daemon.setSoTimeout(5000);
            DaemonExporter exporter = exporter(daemon);
            try {
                String fits = "x".repeat(DaemonExporter.MAX_DATAGRAM - HEADER.length() - document(1, "").document().length());
                SegmentDocument largest = document(1, fits);
                SegmentDocument over = document(2, fits + "x");
                assertTrue(DaemonExporter.fits(largest.document()));
                assertTrue(!DaemonExporter.fits(over.document()));
                exporter.export(List.of(largest, over, document(3, "after")));
                List<String> received = receive(daemon, 2);
                assertEquals(DaemonExporter.MAX_DATAGRAM, received.get(0).getBytes(StandardCharsets.UTF_8).length);
                assertEquals(HEADER + document(3, "after").document(), received.get(1));
                daemon.setSoTimeout(200);
                try {
                    daemon.receive(new DatagramPacket(new byte[70_000], 70_000));
                    throw new AssertionError("a third datagram arrived");
                } catch (SocketTimeoutException expected) {
                    // only the two that fit were sent
                }
                assertEquals(1.0, dropped(), "Monitor/Dropped{Signal=traces, Exporter=xray-daemon}");
            } finally {
                exporter.close();
            }
        }
    }

    @Test
    void fitsCountsBytesNotCharacters() {
        String threeByteCharacters = "\u20ac".repeat((DaemonExporter.MAX_DATAGRAM - HEADER.length()) / 3);
        assertTrue(DaemonExporter.fits(threeByteCharacters));
        assertTrue(!DaemonExporter.fits(threeByteCharacters + "\u20ac"));
    }
}
