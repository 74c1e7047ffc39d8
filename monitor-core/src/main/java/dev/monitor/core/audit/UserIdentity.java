package dev.monitor.core.audit;

import java.util.Map;

/**
 * Who made a call, in CloudTrail's {@code userIdentity} fields: {@code type} (such as
 * {@code IAMUser}, {@code AssumedRole}, {@code Root}, {@code AWSService}, or an application's own
 * kind), {@code principalId}, {@code arn}, {@code accountId}, {@code accessKeyId},
 * {@code userName} and {@code sessionContext}. Absent fields are null.
 */
public record UserIdentity(String type, String principalId, String arn, String accountId, String accessKeyId,
                           String userName, Map<String, Object> sessionContext) {

    public UserIdentity {
        sessionContext = sessionContext == null ? Map.of() : Map.copyOf(sessionContext);
    }

    /** An application user known by name: {@code type} {@code IAMUser}-like, as most audited APIs have. */
    public static UserIdentity user(String userName) {
        return new UserIdentity("IAMUser", userName, null, null, null, userName, null);
    }

    /** This identity with an access key id (written unredacted, as CloudTrail writes it: it is not a secret). */
    public UserIdentity withAccessKeyId(String accessKeyId) {
        return new UserIdentity(type, principalId, arn, accountId, accessKeyId, userName, sessionContext);
    }
}
