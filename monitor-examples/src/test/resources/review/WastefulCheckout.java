package shop;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.audit.AuditTrail;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.trace.Subsegment;
import dev.monitor.api.trace.Tracer;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deliberately wasteful checkout handler: the sample `monitor review` comments on in the README.
 * Kept as a test resource (never compiled into the demo) and reviewed by ReviewDemoTest.
 */
class WastefulCheckout {
    private static final Logger log = LoggerFactory.getLogger(WastefulCheckout.class);

    private final Metrics metrics;
    private final Tracer tracer;
    private final AuditTrail audit;

    WastefulCheckout(Metrics metrics, Tracer tracer, AuditTrail audit) {
        this.metrics = metrics;
        this.tracer = tracer;
        this.audit = audit;
    }

    @PostMapping("/checkout")
    String checkout(@RequestParam String userId, @RequestBody String cartJson) throws IOException {
        Map<?, ?> cart = new ObjectMapper().readValue(cartJson, Map.class);
        metrics.counter("Checkouts", "User", userId).increment();
        log.info("checkout of " + cart.size() + " items for " + userId);
        Subsegment pricing = tracer.beginSubsegment("pricing");
        long total = price(cart);
        pricing.close();
        audit.call("DeleteCart").user(userId).read().run(() -> carts().remove(userId));
        return "total=" + total;
    }

    private long price(Map<?, ?> cart) throws IOException {
        FileInputStream prices = new FileInputStream("prices.bin");
        return prices.read() * (long) cart.size();
    }

    private Map<String, String> carts() {
        return Map.of();
    }
}
