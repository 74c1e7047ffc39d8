// expect: java/secret-logged
import dev.monitor.api.audit.AuditTrail;
import java.util.Map;
class AuditedToken {
    void reset(AuditTrail audit, String user, String resetToken) {
        audit.call("ResetPassword").user(user).request(Map.of("token", resetToken)).write().run(() -> { });
    }
}
