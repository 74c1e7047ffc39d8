package dev.monitor.core.dashboard;

import com.sun.net.httpserver.HttpHandler;
import java.net.URI;

/**
 * The monitor's HTTP server, on the address of its {@link DashboardSettings}: the console's pages,
 * partner webhooks and other endpoints are routes on it. It runs requests on a few daemon workers
 * with a bounded queue and cuts off a client that does not finish its request in time.
 *
 * <p>Routes given to {@link #serve} are guarded: a request whose {@code Host} is not this server's
 * address (DNS rebinding) gets 403, one without the configured token 401, and every answer carries
 * headers that forbid framing, content sniffing and scripts from elsewhere. A handler that throws is
 * counted in {@code Monitor/InternalErrors} and the server goes on.
 */
public interface DashboardServer {
    /**
     * The exchange attribute a guarded handler sets to {@code Boolean.TRUE} to keep its exchange
     * open after it returns, as a stream of server-sent events does; it then closes the exchange itself.
     */
    String DETACHED = "dev.monitor.dashboard.detached";

    /** Where the server listens, such as {@code http://127.0.0.1:8080/}. */
    URI uri();

    /**
     * Serves {@code handler} for every path below {@code path} (the longest registered prefix wins)
     * behind the Host and token checks, with the security headers already set. The exchange is closed
     * when the handler returns unless it set {@link #DETACHED}.
     *
     * @throws IllegalArgumentException when {@code path} is already served or does not start with '/'
     */
    void serve(String path, HttpHandler handler);

    /**
     * Serves {@code handler} below {@code path} without the Host and token checks: for callers that
     * authenticate what they take themselves, such as partner webhooks with their signatures.
     *
     * @throws IllegalArgumentException when {@code path} is already served or does not start with '/'
     */
    void serveOpen(String path, HttpHandler handler);
}
