package dev.monitor.core.dashboard.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers name the dashboard. A page of another site whose name was made to
 * resolve to this machine (DNS rebinding) reaches the server with its own name as Host, and is
 * refused: only the bound address, the configured host, and for a loopback or wildcard binding
 * {@code localhost} and the loopback addresses, each with the server's port, are accepted. A
 * server bound to every interface also accepts any address literal and this machine's name.
 */
final class HostCheck {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> names;
    private final boolean anyLiteral;
    private final int port;

    private HostCheck(Set<String> names, boolean anyLiteral, int port) {
        this.names = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(names));
        this.anyLiteral = anyLiteral;
        this.port = port;
    }

    /**
     * @param requested the address as configured (its host string is the name users type)
     * @param bound     the address the server listens on, with its real port
     */
    static HostCheck of(InetSocketAddress requested, InetSocketAddress bound) {
        Set<String> names = new LinkedHashSet<>();
        InetAddress address = bound.getAddress();
        names.add(literal(address.getHostAddress()));
        names.add(literal(requested.getHostString().toLowerCase(Locale.ROOT)));
        boolean wildcard = address.isAnyLocalAddress();
        if (address.isLoopbackAddress() || wildcard) {
            names.add("localhost");
            names.add("127.0.0.1");
            names.add("[::1]");
        }
        if (wildcard) {
            try {
                names.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
            } catch (UnknownHostException e) {
                // this machine has no name of its own; its addresses still work
            }
        }
        return new HostCheck(names, wildcard, bound.getPort());
    }

    private static String literal(String host) {
        int percent = host.indexOf('%');
        String plain = percent >= 0 ? host.substring(0, percent) : host;
        return plain.contains(":") && !plain.startsWith("[") ? "[" + plain + "]" : plain;
    }

    /** Whether {@code host} (a Host header, null when absent) names this server. */
    boolean allows(String host) {
        if (host == null) {
            return false;
        }
        String value = host.trim().toLowerCase(Locale.ROOT);
        int portStart = value.startsWith("[") ? value.indexOf(']') + 1 : value.indexOf(':');
        if (portStart <= 0 && value.startsWith("[")) {
            return false;
        }
        String name = portStart > 0 && portStart < value.length() ? value.substring(0, portStart) : value;
        int requestPort = 80;
        if (portStart > 0 && portStart < value.length()) {
            if (value.charAt(portStart) != ':') {
                return false;
            }
            try {
                requestPort = Integer.parseInt(value.substring(portStart + 1));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (requestPort != port) {
            return false;
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return names.contains(name) || anyLiteral && (IPV4.matcher(name).matches() || name.startsWith("["));
    }

    /** An accepted Host, for the refusal's message. */
    String example() {
        return names.iterator().next() + ":" + port;
    }
}
