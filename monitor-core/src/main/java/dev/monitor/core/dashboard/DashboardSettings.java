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
 * names: {@code enabled} (default false), {@code host} (default {@code 127.0.0.1}), {@code port}
 * (default 8080; 0 picks a free port) and {@code token}.
 *
 * <p>A {@code token} makes every page and API ask for it: as {@code Authorization: Bearer TOKEN},
 * or once in a browser as {@code ?token=TOKEN}, which the server trades for a same-site cookie. A
 * server on an address other than loopback must have one: other machines can reach it. The token
 * is a secret and never printed ({@link #toString} redacts it). Immutable.
 */
public final class DashboardSettings {
    /** Off: no dashboard is served. */
    public static final DashboardSettings OFF = new DashboardSettings(null, null);
    /** The fewest characters a token may have: shorter ones are guessed. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private final InetSocketAddress address;
    private final String token;

    private DashboardSettings(InetSocketAddress address, String token) {
        this.address = address;
        this.token = token;
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
        String token = section.string("token", null);
        section.rejectUnknownKeys();
        if (!enabled) {
            return OFF;
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            section.problem("host", "'" + host + "' is not an address of this machine");
            return OFF;
        }
        String tokenProblem = tokenProblem(token);
        if (tokenProblem != null) {
            section.problem("token", tokenProblem);
            return OFF;
        }
        String exposure = exposureProblem(address, token);
        if (exposure != null) {
            section.problem("host", exposure);
            return OFF;
        }
        return new DashboardSettings(address, token);
    }

    private static String tokenProblem(String token) {
        if (token != null && (token.length() < MIN_TOKEN_LENGTH || token.isBlank())) {
            return "a token must have at least " + MIN_TOKEN_LENGTH + " characters (the given one has " + token.length() + ")";
        }
        return null;
    }

    private static String exposureProblem(InetSocketAddress address, String token) {
        if (token == null && !address.getAddress().isLoopbackAddress()) {
            return "'" + address.getHostString() + "' is not a loopback address, and other machines may reach it: "
                    + "set dashboard.token to serve the dashboard there";
        }
        return null;
    }

    /** Whether the dashboard is served. */
    public boolean enabled() {
        return address != null;
    }

    /** Where the dashboard is served; empty when it is off. */
    public Optional<InetSocketAddress> address() {
        return Optional.ofNullable(address);
    }

    /** The secret every request must carry; empty when none is asked for (a loopback server). */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DashboardSettings that && Objects.equals(address, that.address) && Objects.equals(token, that.token);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, token);
    }

    @Override
    public String toString() {
        return "DashboardSettings[" + (address == null ? "off" : address.getHostString() + ":" + address.getPort())
                + (token == null ? "" : ", token=<redacted>") + "]";
    }

    /** Configures {@link DashboardSettings}; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {
        private InetSocketAddress address;
        private String token;

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

        /**
         * Asks every request for {@code token} (see the class comment); required for an address
         * other than loopback.
         *
         * @throws IllegalArgumentException for a token shorter than {@value #MIN_TOKEN_LENGTH} characters
         */
        public Builder token(String token) {
            String problem = tokenProblem(Objects.requireNonNull(token, "token"));
            if (problem != null) {
                throw new IllegalArgumentException("dashboard token: " + problem);
            }
            this.token = token;
            return this;
        }

        /** Serves no dashboard. */
        public Builder off() {
            this.address = null;
            return this;
        }

        /** @throws IllegalArgumentException for an address other than loopback without a token */
        public DashboardSettings build() {
            if (address == null) {
                return OFF;
            }
            String exposure = exposureProblem(address, token);
            if (exposure != null) {
                throw new IllegalArgumentException("dashboard address " + exposure);
            }
            return new DashboardSettings(address, token);
        }
    }
}
