package dev.monitor.console;

/**
 * Where a {@link ConsolePage} registers its API. Paths are relative to the page's {@code /api/ID/}
 * ("" is the page's root); a path serves the paths below it too ({@link ApiRequest#rest()} holds
 * the remainder), and the longest registered path wins. Answers are written as JSON: records, maps,
 * lists, strings, numbers and {@code java.time} values (as ISO-8601 text).
 */
public interface ConsoleApi {
    /** Answers GET (and HEAD) requests on {@code path}. */
    void get(String path, Handler handler);

    /** Answers POST requests on {@code path}; the console's pages send them with the header the server asks for. */
    void post(String path, Handler handler);

    /**
     * Answers GET requests on {@code path} with a stream of server-sent events: {@code stream} is
     * called once per client and returns what to close when the client leaves or the console closes.
     */
    void stream(String path, Stream stream);

    /** An API handler: returns the answer, or throws {@link ApiException} for a 4xx answer naming the problem. */
    @FunctionalInterface
    interface Handler {
        Object answer(ApiRequest request) throws Exception;
    }

    /** Opens one client's event stream. */
    @FunctionalInterface
    interface Stream {
        AutoCloseable open(ApiRequest request, EventSink sink) throws Exception;
    }

    /** Sends server-sent events to one client; any thread. */
    interface EventSink {
        /**
         * Sends {@code data} as JSON in an event named {@code event}; false once the client has gone,
         * when the stream should stop.
         */
        boolean send(String event, Object data);
    }
}
