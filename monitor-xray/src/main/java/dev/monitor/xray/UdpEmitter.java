package dev.monitor.xray;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Sends documents to the X-Ray daemon over UDP as its protocol wants: the header line
 * {@code {"format": "json", "version": 1}}, a newline, the document, one per datagram.
 */
public final class UdpEmitter implements Emitter {
    /** The largest datagram payload UDP over IPv4 carries. */
    public static final int MAX_DATAGRAM = 65_507;
    static final String HEADER = "{\"format\": \"json\", \"version\": 1}\n";

    private final InetSocketAddress daemon;
    private final DatagramSocket socket;

    public UdpEmitter(InetSocketAddress daemon) throws IOException {
        this.daemon = daemon;
        this.socket = new DatagramSocket();
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
        socket.send(new DatagramPacket(payload, payload.length, daemon));
    }

    @Override
    public void close() {
        socket.close();
    }
}
