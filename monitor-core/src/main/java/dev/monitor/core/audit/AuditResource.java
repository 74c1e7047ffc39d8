package dev.monitor.core.audit;

import java.util.Objects;

/** A resource a call touched, in CloudTrail's {@code resources[]} fields: {@code ARN}, {@code accountId}, {@code type}. */
public record AuditResource(String arn, String accountId, String type) {

    public AuditResource {
        Objects.requireNonNull(arn, "arn");
    }

    /** A resource of the application's own, such as {@code ("Shop::Order", "arn:monitor:shop:::order/o-1")}. */
    public static AuditResource of(String type, String arn) {
        return new AuditResource(arn, null, type);
    }
}
