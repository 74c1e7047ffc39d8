package dev.monitor.xray;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * Sends documents to the X-Ray daemon over UDP as its protocol wants: the header line
 * {@code {"format": "json", "version": 1}}, a newline, the document, one per datagram.
 */
public final class UdpEmitter implements Emitter {
    /** The largest datagram payload UDP over IPv4 carries. */
    public static final int MAX_DATAGRAM = 65_507;
    static final String HEADER = "{\"format\": \"json\", \"version\": 1}\n";

    /** How often an address that did not resolve is looked up again. */
    private static final long RESOLVE_AGAIN_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    private InetSocketAddress daemon;
    private long resolveAgainAt;
    private final DatagramSocket socket;

    /**
     * An address whose host does not resolve is warned about once, here at start-up: until it
     * resolves (it is looked up again each minute), what is sent to it is dropped and counted.
     */
    public UdpEmitter(InetSocketAddress daemon) throws IOException {
        this.daemon = daemon;
        this.socket = new DatagramSocket();
        if (daemon.isUnresolved()) {
            LoggerFactory.getLogger(UdpEmitter.class).warn("the X-Ray daemon address {}:{} does not resolve: segments sent to it"
                    + " are dropped (counted in Monitor/SegmentsDropped) until it does", daemon.getHostString(), daemon.getPort());
            resolveAgainAt = System.nanoTime() + RESOLVE_AGAIN_NANOS;
        }
    }

    /**
     * The daemon's UDP address from {@code AWS_XRAY_DAEMON_ADDRESS}: {@code host:port}, or
     * {@code tcp:host:port udp:host:port} (the UDP part is used); {@code 127.0.0.1:2000} when unset.
     *
     * @throws IllegalArgumentException naming the value and the forms it may take
     */
    public static InetSocketAddress daemonAddress(String setting) {
        if (setting == null || setting.isBlank()) {
            return new InetSocketAddress("127.0.0.1", 2000);
        }
        String udp = setting.trim();
        if (udp.contains(" ")) {
            udp = null;
            for (String part : setting.trim().split("\\s+")) {
                if (part.startsWith("udp:")) {
                    udp = part.substring(4);
                }
            }
        }
        if (udp == null) {
            throw new IllegalArgumentException("AWS_XRAY_DAEMON_ADDRESS '" + setting
                    + "' names no udp: address; use host:port or tcp:host:port udp:host:port");
        }
        int colon = udp.lastIndexOf(':');
        try {
            int port = Integer.parseInt(udp.substring(colon + 1));
            if (colon <= 0 || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(udp.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("AWS_XRAY_DAEMON_ADDRESS '" + setting
                    + "' is not host:port or tcp:host:port udp:host:port");
        }
    }

    public InetSocketAddress daemon() {
        return daemon;
    }

    @Override
    public void send(String document) throws IOException {
        byte[] payload = (HEADER + document).getBytes(StandardCharsets.UTF_8);
        if (payload.length > MAX_DATAGRAM) {
            throw new IOException("a document of " + payload.length + " bytes does not fit a datagram");
        }
        InetSocketAddress target = daemon;
        if (target.isUnresolved()) {
            if (System.nanoTime() - resolveAgainAt < 0) {
                throw new IOException("the X-Ray daemon address " + target.getHostString() + " does not resolve");
            }
            target = new InetSocketAddress(target.getHostString(), target.getPort());
            daemon = target;
            resolveAgainAt = System.nanoTime() + RESOLVE_AGAIN_NANOS;
            if (target.isUnresolved()) {
                throw new IOException("the X-Ray daemon address " + target.getHostString() + " does not resolve");
            }
        }
        socket.send(new DatagramPacket(payload, payload.length, target));
    }

    @Override
    public void close() {
        socket.close();
    }
}
