package dev.monitor.core.audit.library;

import dev.monitor.api.Telemetry;
import dev.monitor.api.audit.AuditTrail;
import java.util.Map;

/**
 * A library written against monitor-api alone (it imports nothing of monitor-core): it audits its
 * own calls through the {@link Telemetry} it is given.
 */
public final class OrderLibrary {
    private final AuditTrail audit;

    public OrderLibrary(Telemetry telemetry) {
        this.audit = telemetry.audit();
    }

    public String placeOrder(String user, String item) {
        return audit.call("PlaceOrder").source("orders.library.example").user(user).from("198.51.100.7")
                .request(Map.of("item", item, "apiToken", "s3cr3t")).resource("Library::Order", "arn:library:orders:::order/o-1")
                .write().call(() -> "o-1", id -> Map.of("orderId", id));
    }

    public void cancelOrder(String user, String id) {
        audit.call("CancelOrder").source("orders.library.example").user(user).requestId("req-7").run(() -> {
            throw new IllegalStateException("order " + id + " has shipped");
        });
    }
}
