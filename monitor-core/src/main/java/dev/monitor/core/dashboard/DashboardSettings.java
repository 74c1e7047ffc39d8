package dev.monitor.core.dashboard;

import dev.monitor.core.config.ConfigNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of the monitor's dashboard: whether it is served, and on which address. Give them
 * in code to {@code Monitor.Builder.dashboard(...)}:
 *
 * <pre>{@code
 * Monitor.builder().dashboard(DashboardSettings.builder().address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080)).build())
 * }</pre>
 *
 * or in the configuration's {@code dashboard:} section, which {@link #read} reads with the same
 * names: {@code enabled} (default false), {@code host} (default {@code 127.0.0.1}) and
 * {@code port} (default 8080; 0 picks a free port). The page has no authentication: keep it on a
 * loopback address unless it should be reachable from other machines. Immutable.
 */
public final class DashboardSettings {
    /** Off: no dashboard is served. */
    public static final DashboardSettings OFF = new DashboardSettings(null);

    private final InetSocketAddress address;

    private DashboardSettings(InetSocketAddress address) {
        this.address = address;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Off unless a configuration or a builder says otherwise. */
    public static DashboardSettings defaults() {
        return OFF;
    }

    /**
     * The settings of a {@code dashboard:} section (off when absent). Each problem is recorded in
     * {@code section} under its key, naming the value and the rule it broke; unknown keys are rejected.
     */
    public static DashboardSettings read(ConfigNode section) {
        boolean enabled = section.bool("enabled", false);
        String host = section.string("host", "127.0.0.1"); // read when off too: turning it off keeps the other keys valid
        int port = section.integer("port", 8080, 0, 65535);
        section.rejectUnknownKeys();
        if (!enabled) {
            return OFF;
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            section.problem("host", "'" + host + "' is not an address of this machine");
            return OFF;
        }
        return new DashboardSettings(address);
    }

    /** Whether the dashboard is served. */
    public boolean enabled() {
        return address != null;
    }

    /** Where the dashboard is served; empty when it is off. */
    public Optional<InetSocketAddress> address() {
        return Optional.ofNullable(address);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DashboardSettings that && Objects.equals(address, that.address);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(address);
    }

    @Override
    public String toString() {
        return "DashboardSettings[" + (address == null ? "off" : address.getHostString() + ":" + address.getPort()) + "]";
    }

    /** Configures {@link DashboardSettings}; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {
        private InetSocketAddress address;

        private Builder() {
        }

        /**
         * Serves the dashboard on {@code address} (port 0 picks a free port). Give a loopback address
         * (as {@code new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080)}) unless the page
         * should be reachable from other machines.
         *
         * @throws IllegalArgumentException when the address is unresolved
         */
        public Builder address(InetSocketAddress address) {
            Objects.requireNonNull(address, "address");
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("dashboard address '" + address.getHostString() + "' is not an address of this machine");
            }
            this.address = address;
            return this;
        }

        /** Serves the dashboard on the loopback address at {@code port} (0 picks a free port). */
        public Builder loopback(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("dashboard port " + port + " must be between 0 and 65535");
            }
            return address(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }

        /** Serves no dashboard. */
        public Builder off() {
            this.address = null;
            return this;
        }

        public DashboardSettings build() {
            return address == null ? OFF : new DashboardSettings(address);
        }
    }
}
