package dev.monitor.api.audit;

import java.util.Map;
import java.util.function.Function;

/**
 * An audited call being described, then run: its record is written when the work ends, with the
 * outcome (the exception's simple class name as {@code errorCode} and its message as
 * {@code errorMessage}), and the work's own exception is rethrown untouched. Setters return this
 * call; an instance is used for one call, on one thread.
 */
public interface AuditCall {

    /** Work that may throw a checked exception, which the call rethrows as it is. */
    @FunctionalInterface
    interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Work with no result. */
    @FunctionalInterface
    interface Action<E extends Exception> {
        void run() throws E;
    }

    /** The service the call belongs to, CloudTrail's {@code eventSource}, such as {@code orders.shop.example}. */
    AuditCall source(String eventSource);

    /** The caller, an application user known by name. */
    AuditCall user(String userName);

    /** The caller's address, CloudTrail's {@code sourceIPAddress}. */
    AuditCall from(String sourceIpAddress);

    AuditCall userAgent(String userAgent);

    /** The call's parameters, CloudTrail's {@code requestParameters}; values under secret-looking keys are hidden. */
    AuditCall request(Map<String, ?> parameters);

    AuditCall requestId(String requestId);

    /** A resource the call touched, such as {@code ("Shop::Order", "arn:monitor:shop:::order/o-1")}. */
    AuditCall resource(String type, String arn);

    /** A call that only reads. */
    AuditCall read();

    /** A call that changes something (the default). */
    AuditCall write();

    /** A data event rather than a management event. */
    AuditCall data();

    /** Runs {@code work}, records the call, and returns the work's result. */
    <T, E extends Exception> T call(Work<T, E> work) throws E;

    /** Runs {@code work} and records the call. */
    <E extends Exception> void run(Action<E> work) throws E;

    /** Runs {@code work}, records the call with {@code response(result)} as its {@code responseElements}. */
    <T, E extends Exception> T call(Work<T, E> work, Function<T, Map<String, ?>> response) throws E;
}
