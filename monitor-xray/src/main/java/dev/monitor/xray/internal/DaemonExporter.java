package dev.monitor.xray.internal;

import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.export.Signal;
import dev.monitor.xray.XRaySettings;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Not API. {@code type: xray-daemon}: sends segment documents to the X-Ray daemon over UDP as its
 * protocol wants, one datagram per document: the header line {@code {"format": "json", "version": 1}},
 * a newline, the document. The tracer never makes a document that does not {@linkplain #fits fit};
 * one that does not (from another producer) is dropped and counted.
 *
 * <p>What cannot be sent is counted in {@code Monitor/Dropped} with {@code Signal=traces} and
 * {@code Exporter=<name>}, as the pipeline counts its own drops: documents to an address that does
 * not resolve (it is looked up again each minute; warned about once, at start) and oversized ones.
 * A send that fails otherwise fails the batch, which the pipeline retries: a document the daemon
 * then receives twice is harmless, as X-Ray keeps the last document of an id.
 */
public final class DaemonExporter implements Exporter<SegmentDocument> {
    /** The largest datagram payload UDP over IPv4 carries. */
    public static final int MAX_DATAGRAM = 65_507;
    /** What precedes each document in its datagram. */
    public static final String HEADER = "{\"format\": \"json\", \"version\": 1}\n";
    /** How often an address that did not resolve is looked up again. */
    private static final long RESOLVE_AGAIN_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final DatagramSocket socket;
    private final Counter dropped;
    private InetSocketAddress daemon;
    private long resolveAgainAt;
    private boolean warnedOversized;

    /**
     * Opens the socket. An address whose host does not resolve is warned about once, here at
     * start-up: until it resolves, what is sent to it is dropped and counted.
     *
     * @param context the exporter's name and where its drops are counted
     * @throws IOException when no UDP socket can be opened
     */
    public DaemonExporter(InetSocketAddress daemon, ExporterContext context) throws IOException {
        this.daemon = daemon;
        this.dropped = context.self().counterBuilder("Dropped").dimension("Signal", Signal.TRACES.name())
                .dimension("Exporter", context.name()).resolution(Resolution.STANDARD).register();
        this.socket = new DatagramSocket();
        if (daemon.isUnresolved()) {
            LoggerFactory.getLogger(DaemonExporter.class).warn("the X-Ray daemon address {}:{} does not resolve: segments sent to it"
                    + " are dropped (counted in Monitor/Dropped, Signal=traces, Exporter={}) until it does",
                    daemon.getHostString(), daemon.getPort(), context.name());
            resolveAgainAt = System.nanoTime() + RESOLVE_AGAIN_NANOS;
        }
    }

    /**
     * The daemon's UDP address from a setting such as {@code AWS_XRAY_DAEMON_ADDRESS}: {@code host:port},
     * or {@code tcp:host:port udp:host:port} (the UDP part is used); {@code 127.0.0.1:2000} when unset.
     *
     * @throws IllegalArgumentException naming the value and the forms it may take
     */
    public static InetSocketAddress daemonAddress(String setting) {
        return XRaySettings.parseDaemonAddress(setting);
    }

    /** Whether {@code document} fits one datagram after the header. */
    public static boolean fits(String document) {
        if ((HEADER.length() + document.length()) * 3 <= MAX_DATAGRAM) {
            return true; // no character takes more than 3 bytes in UTF-8 (a surrogate pair: 4 for 2)
        }
        return (HEADER + document).getBytes(StandardCharsets.UTF_8).length <= MAX_DATAGRAM;
    }

    /** Whether a document of {@code utf8Length} bytes fits one datagram after the (ASCII) header. */
    public static boolean fits(int utf8Length) {
        return HEADER.length() + utf8Length <= MAX_DATAGRAM;
    }

    /** Where the datagrams go. */
    public InetSocketAddress daemon() {
        return daemon;
    }

    @Override
    public void export(List<SegmentDocument> batch) throws IOException {
        InetSocketAddress target = resolved();
        if (target == null) {
            dropped.increment(batch.size());
            return;
        }
        for (SegmentDocument document : batch) {
            byte[] payload = (HEADER + document.document()).getBytes(StandardCharsets.UTF_8);
            if (payload.length > MAX_DATAGRAM) {
                dropped.increment();
                if (!warnedOversized) {
                    warnedOversized = true;
                    LoggerFactory.getLogger(DaemonExporter.class).warn("segment document {} of {} bytes does not fit a datagram"
                            + " and was dropped; further ones are only counted in Monitor/Dropped", document.id(), payload.length);
                }
                continue;
            }
            socket.send(new DatagramPacket(payload, payload.length, target));
        }
    }

    /** The daemon's address, looked up again once a minute while it does not resolve; null until it does. */
    private InetSocketAddress resolved() {
        InetSocketAddress target = daemon;
        if (!target.isUnresolved()) {
            return target;
        }
        if (System.nanoTime() - resolveAgainAt < 0) {
            return null;
        }
        target = new InetSocketAddress(target.getHostString(), target.getPort());
        daemon = target;
        resolveAgainAt = System.nanoTime() + RESOLVE_AGAIN_NANOS;
        return target.isUnresolved() ? null : target;
    }

    @Override
    public void close() {
        socket.close();
    }
}
