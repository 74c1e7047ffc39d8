package dev.monitor.api.audit;

/**
 * What a library audits its own API calls through, knowing only {@code monitor-api}: each call
 * becomes a CloudTrail record in the monitor's audit trail, written when the call ends, with its
 * outcome. Given by {@link dev.monitor.api.Telemetry#audit()}; {@link #noop()} records nothing.
 *
 * <pre>{@code
 * telemetry.audit().call("DeleteOrder").source("orders.shop.example").user("ann")
 *          .resource("Shop::Order", arn).write().run(() -> orders.delete(id));
 * }</pre>
 *
 * <p>Implementations are thread-safe; recording never throws into the caller.
 */
public interface AuditTrail {

    /** Describes an audited call named {@code eventName} (CloudTrail's {@code eventName}, such as {@code DeleteOrder}). */
    AuditCall call(String eventName);

    /** A trail that records nothing: its calls run the work and return its result. */
    static AuditTrail noop() {
        return NoopAuditTrail.INSTANCE;
    }
}
