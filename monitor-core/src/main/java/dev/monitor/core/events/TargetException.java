package dev.monitor.core.events;

import java.util.Objects;

/**
 * A target's failure with EventBridge's dead-letter {@code ERROR_CODE}
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html): thrown by a handler,
 * it says whether the delivery may be retried ({@code THROTTLING}, {@code SDK_CLIENT_ERROR} when the
 * service did not answer) or not ({@code NO_RESOURCE}, {@code UNSUPPORTED_OPERATION},
 * a rejected request), and the code goes to the dead-letter line. Any other exception is
 * {@code ERROR_FROM_TARGET} and retried.
 */
public final class TargetException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final boolean retryable;

    public TargetException(String errorCode, boolean retryable, String message) {
        super(message);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.retryable = retryable;
    }

    public TargetException(String errorCode, boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.retryable = retryable;
    }

    /** EventBridge's error code, such as {@code THROTTLING} or {@code NO_RESOURCE}. */
    public String errorCode() {
        return errorCode;
    }

    /** Whether the target's retry policy may deliver it again. */
    public boolean retryable() {
        return retryable;
    }
}
