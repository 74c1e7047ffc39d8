package dev.monitor.xray.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** AWS_XRAY_DAEMON_ADDRESS as the X-Ray SDKs read it: {@code host:port}, or {@code tcp:host:port udp:host:port}. */
class DaemonAddressProperties {

    @Provide
    Arbitrary<String> hosts() {
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).map(s -> s + ".invalid"),
                Arbitraries.integers().between(0, 255).list().ofSize(4).map(parts -> String.join(".",
                        parts.stream().map(String::valueOf).toList())));
    }

    @Property(tries = 200)
    void hostAndPortIsTheUdpAddress(@ForAll("hosts") String host, @ForAll @IntRange(min = 1, max = 65535) int port) {
        InetSocketAddress address = DaemonExporter.daemonAddress(host + ":" + port);
        assertEquals(host, address.getHostString());
        assertEquals(port, address.getPort());
    }

    @Property(tries = 200)
    void ofTcpAndUdpTheUdpPartIsUsedInEitherOrder(@ForAll("hosts") String tcpHost, @ForAll("hosts") String udpHost,
                                                  @ForAll @IntRange(min = 1, max = 65535) int port, @ForAll boolean udpFirst) {
        String tcp = "tcp:" + tcpHost + ":1";
        String udp = "udp:" + udpHost + ":" + port;
        InetSocketAddress address = DaemonExporter.daemonAddress(udpFirst ? udp + "  " + tcp : tcp + " " + udp);
        assertEquals(udpHost, address.getHostString());
        assertEquals(port, address.getPort());
    }

    @Property(tries = 200)
    void aPortOutOfRangeIsRefusedNamingTheValue(@ForAll("hosts") String host,
                                               @ForAll @IntRange(min = 65536, max = 1_000_000) int above, @ForAll boolean zero) {
        String setting = host + ":" + (zero ? 0 : above);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> DaemonExporter.daemonAddress(setting));
        assertTrue(refused.getMessage().contains("'" + setting + "'"), refused.getMessage());
    }
}
