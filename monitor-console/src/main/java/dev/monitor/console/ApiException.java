package dev.monitor.console;

/** A request the API cannot answer, with the HTTP status and a message naming the value and the rule it broke. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("an API problem's status is a 4xx, not " + status);
        }
        this.status = status;
    }

    /** A 400: the request is wrong. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** A 404: what the request names does not exist. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public int status() {
        return status;
    }
}
