package dev.monitor.core.events;

/**
 * A Java target: the Lambda function of this world. It runs on the monitor's delivery threads,
 * never on the thread that put the event; throwing has the delivery retried by the target's
 * {@link RetryPolicy}, and written to the rule's dead-letter file when the retries run out.
 */
@FunctionalInterface
public interface EventHandler {

    /** Handles one input: the event's JSON, or what the target's input settings make of it. */
    void handle(String input) throws Exception;
}
